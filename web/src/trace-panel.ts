// The workload panel's trace file (docs/web.md "Trace files"): picked with the file input or
// dropped anywhere on the page. The page only holds the File; the worker reads it (trace-run.ts).

import { formatSize } from "../../host/config/size.js";

let chosen: File | null = null;

/** The trace file picked or dropped last, if any. */
export function traceFile(): File | null {
  return chosen;
}

/** Wire the file input and the page-wide drop target; `onChoose` runs after each new file. */
export function initTracePanel(onChoose: (file: File) => void): void {
  const input = document.getElementById("trace-file") as HTMLInputElement;
  const choose = (file: File | undefined) => {
    if (!file) return;
    chosen = file;
    document.getElementById("trace-chosen")!.textContent = `${file.name}, ${formatSize(file.size)}: press Run.`;
    onChoose(file);
  };
  input.addEventListener("change", () => choose(input.files?.[0]));
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  document.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault(); // without it the browser opens the file instead
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) document.body.classList.remove("dragging");
  });
  document.addEventListener("drop", (e) => {
    document.body.classList.remove("dragging");
    if (!hasFiles(e)) return;
    e.preventDefault();
    choose(e.dataTransfer!.files[0]);
  });
}
