// The step-through player the cache view and the heap view share: Rewind,
// Back, Play/Pause at a chosen speed, Forward, a step counter and a live
// status line, and the keys (← → step, Home rewinds, Space plays or pauses)
// on the view's root. The view draws a step in `show`; the player only moves.

import { h } from "./render.js";

export interface Stepper {
  /** The toolbar (buttons, speed, counter) and the status line (a live region), for the view to place. */
  controls: HTMLElement;
  counter: HTMLElement;
  current: HTMLElement;
  /** The step shown now. */
  step(): number;
  /** Show step k (clamped to first..last). */
  go(k: number): void;
  /** Stop playing. */
  pause(): void;
  /** Listen for the keys on the view's root (and stop playing once it leaves the page). */
  attach(root: HTMLElement): void;
}

/**
 * A player over steps first..last. `prefix` names the elements' ids (`${prefix}-play`, ...),
 * `what` the toolbar for screen readers; `show(k)` draws step k.
 */
export function stepper(prefix: string, what: string, speeds: number[], defaultSpeed: number, first: number, last: number, show: (k: number) => void): Stepper {
  let step = first;
  let timer = 0;
  let root: HTMLElement | null = null;
  const counter = h("span", { id: `${prefix}-step`, class: "cv-counter" });
  const current = h("p", { id: `${prefix}-current`, class: "cv-current", role: "status", "aria-live": "polite" });
  const button = (id: string, text: string, label: string, action: () => void) => {
    const b = h("button", { type: "button", id: `${prefix}-${id}`, "aria-label": label, title: label }, text);
    b.addEventListener("click", action);
    return b;
  };
  const speed = h("select", { id: `${prefix}-speed` }, speeds.map((v) => h("option", { value: v, selected: v === defaultSpeed }, `${v} / s`))) as HTMLSelectElement;
  const go = (k: number) => {
    step = Math.max(first, Math.min(last, k));
    show(step);
  };
  const pause = () => {
    if (timer) clearInterval(timer);
    timer = 0;
    play.textContent = "⏯ Play";
    play.setAttribute("aria-label", "Play");
  };
  const start = () => {
    if (step >= last) go(first);
    play.textContent = "⏯ Pause";
    play.setAttribute("aria-label", "Pause");
    timer = window.setInterval(() => {
      if (!root?.isConnected || step >= last) return pause();
      go(step + 1);
    }, 1000 / Number(speed.value));
  };
  const play = button("play", "⏯ Play", "Play", () => (timer ? pause() : start()));
  speed.addEventListener("change", () => { if (timer) { pause(); start(); } });
  const controls = h("div", { class: "cv-controls", role: "toolbar", "aria-label": what },
    button("rewind", "⏮ Rewind", "Rewind to the start", () => { pause(); go(first); }),
    button("back", "◀ Back", "Step back", () => { pause(); go(step - 1); }),
    play,
    button("forward", "Forward ▶", "Step forward", () => { pause(); go(step + 1); }),
    h("label", { for: `${prefix}-speed` }, "Speed"), speed,
    counter);
  const attach = (r: HTMLElement) => {
    root = r;
    r.addEventListener("keydown", (e) => {
      if ((e.target as HTMLElement).matches("select, input")) return;
      if (e.key === "ArrowRight") { pause(); go(step + 1); }
      else if (e.key === "ArrowLeft") { pause(); go(step - 1); }
      else if (e.key === "Home") { pause(); go(first); }
      else if (e.key === " " && !(e.target as HTMLElement).matches("button")) { timer ? pause() : start(); }
      else return;
      e.preventDefault();
    });
  };
  return { controls, counter, current, step: () => step, go, pause, attach };
}
