// The CPython versions `memsim py --python` can emulate: each a table of
// parameters, not a fork of the code (docs/gc.md, "Profiles").

export interface PythonProfile {
  version: string;
  /** The collector's thresholds (generation 0, 1, 2). */
  gcThresholds: [number, number, number];
  /** PEP 683's immortal objects: the statics and interned strs keep a fixed count that increfs and decrefs do not write. */
  immortal: boolean;
  note: string;
}

// Only 3.11 has an oracle on the project's machines (python3 is 3.11.7); 3.12
// and 3.13 change what their release notes and PEPs specify, on 3.11's object
// layouts and sizes (3.12's own sizes are not modelled).
export const PYTHON_PROFILES: Record<string, PythonProfile> = {
  "3.11": { version: "3.11", gcThresholds: [700, 10, 10], immortal: false, note: "CPython 3.11 (the default): the layouts, allocator and collector the differential tests check" },
  "3.12": { version: "3.12", gcThresholds: [700, 10, 10], immortal: true, note: "immortal objects (PEP 683) on 3.11's layouts" },
  "3.13": { version: "3.13", gcThresholds: [2000, 10, 10], immortal: true, note: "immortal objects and the collector thresholds (2000, 10, 10) on 3.11's layouts" },
};

export const DEFAULT_PROFILE = "3.11";
