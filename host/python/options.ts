// memsim py's run options (--max-steps, --heap-limit, --bytecode-cycles, --gc-threshold, --python),
// from their text values to runPython's, with a message naming the option at fault. The CLI reads
// them from the command line, the playground from its URL.

import { UsageError, wholeOption } from "../config/options.js";
import { parseSize } from "../config/size.js";
import { PYTHON_PROFILES, DEFAULT_PROFILE, profileRunOptions, type PythonProfile } from "./profiles.js";
import type { PyRunOptions } from "./runner.js";

export interface PyOptionTexts {
  maxSteps?: string;
  heapLimit?: string;
  bytecodeCycles?: string;
  gcThreshold?: string;
  python?: string;
}

/** The options, in the order their flags are written (memsim compare's labels). */
export const PY_OPTION_KEYS = ["python", "gcThreshold", "bytecodeCycles", "heapLimit", "maxSteps"] as const satisfies readonly (keyof PyOptionTexts)[];

export interface PyRunSettings {
  profile: PythonProfile;
  maxSteps?: number;
  heapLimit?: number;
  bytecodeCycles?: number;
  gcThresholds: [number, number, number];
  /** The profile's immortal objects and object layouts (profiles.ts). */
  immortal: boolean;
  objectLayouts: number;
}

export function pyRunSettings(o: PyOptionTexts): PyRunSettings {
  const maxSteps = wholeOption("--max-steps", o.maxSteps, 1);
  const bytecodeCycles = wholeOption("--bytecode-cycles", o.bytecodeCycles, 0);
  let heapLimit: number | undefined;
  if (o.heapLimit !== undefined) {
    const v = parseSize(o.heapLimit);
    if (v === null || v < 1 << 20 || v % (1 << 20) !== 0 || v > 2 ** 31) throw new UsageError(`--heap-limit must be whole MiB from 1M to 2G, not '${o.heapLimit}'`);
    heapLimit = v;
  }
  const profile = PYTHON_PROFILES[o.python ?? DEFAULT_PROFILE];
  if (!profile) throw new UsageError(`--python must be one of ${Object.keys(PYTHON_PROFILES).join(", ")}, not '${o.python}'`);
  const threshold0 = wholeOption("--gc-threshold", o.gcThreshold, 0);
  return { profile, maxSteps, heapLimit, bytecodeCycles, ...profileRunOptions(profile, threshold0) };
}

/** runPython's options for `s` on a machine clocked at `coreMHz` (the output and the callbacks are the caller's). */
export function pyRunOptions(s: PyRunSettings, coreMHz?: number): Omit<PyRunOptions, "write"> {
  const { maxSteps, heapLimit, bytecodeCycles, gcThresholds, immortal, objectLayouts } = s;
  return { maxSteps, heapLimit, bytecodeCycles, gcThresholds, immortal, objectLayouts, coreMHz };
}
