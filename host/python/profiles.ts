// The CPython versions `memsim py --python` can emulate: each a table of
// parameters, not a fork of the code (docs/gc.md, "Profiles").

export interface PythonProfile {
  version: string;
  /** The collector's thresholds (generation 0, 1, 2). */
  gcThresholds: [number, number, number];
  /** PEP 683's immortal objects: the statics and interned strs keep a fixed count that increfs and decrefs do not write. */
  immortal: boolean;
  /** Whose object sizes the heap uses: 11 for CPython 3.11's, 12 for 3.12's (str without wstr, instances without their __weakref__ slot, functions with func_typeparams). */
  objectLayouts: 11 | 12;
  note: string;
}

// Only 3.11 has an oracle on the project's machines (python3 is 3.11.7); 3.12
// and 3.13 change what their release notes, PEPs and headers specify
// (docs/gc.md, "Profiles", lists what they do not model). 3.13 keeps 3.12's
// sizes for the objects memsim models.
export const PYTHON_PROFILES: Record<string, PythonProfile> = {
  "3.11": { version: "3.11", gcThresholds: [700, 10, 10], immortal: false, objectLayouts: 11, note: "CPython 3.11 (the default): the layouts, allocator and collector the differential tests check" },
  "3.12": { version: "3.12", gcThresholds: [700, 10, 10], immortal: true, objectLayouts: 12, note: "immortal objects (PEP 683) and 3.12's object sizes" },
  "3.13": { version: "3.13", gcThresholds: [2000, 10, 10], immortal: true, objectLayouts: 12, note: "immortal objects, 3.12's object sizes and the collector thresholds (2000, 10, 10)" },
};

export const DEFAULT_PROFILE = "3.11";

/** What runPython takes from a profile (threshold 0 replaced by --gc-threshold's when given). */
export function profileRunOptions(p: PythonProfile, threshold0?: number): { gcThresholds: [number, number, number]; immortal: boolean; objectLayouts: number } {
  return { gcThresholds: [threshold0 ?? p.gcThresholds[0], p.gcThresholds[1], p.gcThresholds[2]], immortal: p.immortal, objectLayouts: p.objectLayouts };
}
