// The heap view's reference arrows, as Python Tutor draws them: an SVG overlay over the objects
// (names and boxes), an arrow from each reference link to the box it names, computed from where the
// browser laid them out, and drawn again after each step and whenever the objects' box is resized.
// The links stay what keyboard and screen-reader users follow; the arrows are hidden from them.

const SVG = "http://www.w3.org/2000/svg";

function svg(tag: string, attrs: Record<string, string | number>): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** Draw (again) the arrows of every `a.hv-ref` link in `container` to the element its href names. */
export function drawArrows(container: HTMLElement): void {
  container.querySelector(":scope > svg.hv-arrows")?.remove();
  const origin = container.getBoundingClientRect();
  if (origin.width === 0) return; // not laid out yet: the resize observer draws them once it is
  const width = container.scrollWidth, height = container.scrollHeight;
  // a point of the container's content, from a point on the screen
  const x = (px: number) => Math.min(width - 1, Math.max(1, px - origin.left - container.clientLeft + container.scrollLeft));
  const y = (py: number) => py - origin.top - container.clientTop + container.scrollTop;
  const layer = svg("svg", { class: "hv-arrows", width, height, "aria-hidden": "true", focusable: "false" });
  const defs = svg("defs", {});
  const head = svg("marker", { id: "hv-arrowhead", viewBox: "0 0 8 8", refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
  head.append(svg("path", { d: "M0,0 L8,4 L0,8 z", class: "hv-arrowhead" }));
  defs.append(head);
  layer.append(defs);
  for (const link of container.querySelectorAll<HTMLAnchorElement>("a.hv-ref")) {
    const id = link.getAttribute("href")?.slice(1);
    const target = id ? document.getElementById(id) : null;
    if (!target || !container.contains(target)) continue;
    const from = link.getBoundingClientRect(), to = target.getBoundingClientRect();
    const x0 = x(from.right), y0 = y(from.top + from.height / 2);
    const own = target.contains(link);
    // into the target's nearer side, near its top; a box's reference to itself loops out of its right side
    const right = own || to.left + to.width / 2 < from.right;
    const x1 = x(right ? to.right : to.left), y1 = y(to.top + Math.min(14, to.height / 2));
    const bend = Math.max(24, Math.abs(x1 - x0) / 2);
    const c0 = x0 + bend;
    const c1 = right ? Math.min(width - 1, x1 + bend) : x1 - bend;
    layer.append(svg("path", {
      class: "hv-arrow", d: `M${x0.toFixed(1)},${y0.toFixed(1)} C${c0.toFixed(1)},${y0.toFixed(1)} ${c1.toFixed(1)},${y1.toFixed(1)} ${x1.toFixed(1)},${y1.toFixed(1)}`,
      "marker-end": "url(#hv-arrowhead)", "data-from": link.closest("[id]")?.id ?? "", "data-to": target.id,
    }));
  }
  container.prepend(layer);
}

/** Redraw the arrows of `container` whenever it is resized (a narrower window wraps the boxes anew). */
export function arrowsFollowResize(container: HTMLElement): void {
  new ResizeObserver(() => drawArrows(container)).observe(container);
}
