// The CPython versions `memsim py --python` can emulate: each a table of
// parameters, not a fork of the code (docs/gc.md, "Profiles").

export interface PythonProfile {
  version: string;
  /** The collector's thresholds (generation 0, 1, 2). */
  gcThresholds: [number, number, number];
  note: string;
}

export const PYTHON_PROFILES: Record<string, PythonProfile> = {
  "3.11": { version: "3.11", gcThresholds: [700, 10, 10], note: "CPython 3.11 (the default): the layouts, allocator and collector the differential tests check" },
  "3.13": { version: "3.13", gcThresholds: [2000, 10, 10], note: "3.11's heap with 3.13's collector thresholds (2000, 10, 10)" },
};

export const DEFAULT_PROFILE = "3.11";
