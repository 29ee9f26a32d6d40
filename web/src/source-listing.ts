// A script's source as a numbered listing with one line marked: the heap view's line run next
// (and the line just run shaded), the cache view's step's line. One highlighter for both views.

import { h } from "./render.js";

export interface SourceListing {
  /** The listing in its own scrolling box. */
  element: HTMLElement;
  /** Mark `line` (1-based; 0 none) as current, scrolled into view, and shade `prev`. */
  mark(line: number, prev?: number): void;
}

export function sourceListing(source: string, id: string, label: string): SourceListing {
  const listing = h("ol", { id, class: "source-listing", "aria-label": label },
    source.split(/\r?\n/).map((l, i) => h("li", { "data-line": i + 1 }, h("code", {}, l || " "))));
  const element = h("div", { class: "source-listing-wrap", tabindex: 0, role: "region", "aria-label": "The script" }, listing);
  return {
    element,
    mark(line, prev) {
      for (const li of listing.querySelectorAll<HTMLElement>("li")) {
        const l = Number(li.dataset.line);
        li.classList.toggle("next", l === line);
        li.classList.toggle("prev", l === prev);
        if (l === line) { li.setAttribute("aria-current", "step"); li.scrollIntoView?.({ block: "nearest" }); }
        else li.removeAttribute("aria-current");
      }
    },
  };
}
