// The interpreter in the core (assembly/python/, docs/python.md) on CPython
// 3.11's own bytecode: tests/fixtures/python-vm/cases.json holds programs
// compiled by CPython 3.11 and converted to memsim's module image, with the
// stdout (and the last traceback line) CPython printed, recorded by
// scripts/record-python-vm.py. Plus hand-assembled images (tests/helpers/pyimage.ts):
// bad images, refcounts, the output buffer, float reprs against CPython's.

import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { assemble, runImage, loadPyCore, OP } from "./helpers/pyimage.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { compileModule } from "../host/python/index.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/python-vm/cases.json", import.meta.url), "utf8"));
const available = loadPyCore() !== undefined;
const image = (b64: string) => Uint8Array.from(Buffer.from(b64, "base64"));

describe.skipIf(!available)("python VM: CPython 3.11 bytecode", () => {
  for (const c of fixture.cases as { name: string; image: string; stdout: string; error: string | null }[]) {
    it(c.name, () => {
      const r = runImage(image(c.image));
      expect(r.stdout).toBe(c.stdout);
      expect(r.error).toBe(c.error);
      expect(r.status).toBe(c.error === null ? 0 : 3);
    });
  }

  it("resumes after the output buffer fills", () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === "bigprint");
    const r = runImage(image(c.image));
    expect(r.runs).toBeGreaterThan(1);
    expect(r.stdout).toBe(c.stdout);
  });

  it("resumes after a step limit, to the same output", () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === "functions");
    const r = runImage(image(c.image), { steps: 7 });
    expect(r.stdout).toBe(c.stdout);
    expect(r.runs).toBeGreaterThan(10);
  });

  it("names the frames of the traceback", () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === "err_zero");
    const r = runImage(image(c.image));
    expect(r.frames).toEqual([["<module>", 4], ["f", 2]]);
  });
});

describe.skipIf(!available)("python VM: hand-assembled images", () => {
  it("runs print(1 + 2)", () => {
    const img = assemble([{
      name: "<module>", stacksize: 4, consts: [1n, 2n, null], names: ["print"],
      code: [
        [OP.PUSH_NULL, 0, 1], [OP.LOAD_NAME, 0, 1], [OP.LOAD_CONST, 0, 1], [OP.LOAD_CONST, 1, 1], [OP.BINARY_OP, 0, 1],
        [OP.CALL, 1, 1], [OP.POP_TOP, 0, 1], [OP.LOAD_CONST, 2, 1], [OP.RETURN_VALUE, 0, 1],
      ],
    }]);
    expect(runImage(img).stdout).toBe("3\n");
  });

  it("refuses bad images with an error code, never a trap", () => {
    const loaded = loadPyCore()!;
    const { core, py } = loaded;
    applyMachine(core, defaultMachine());
    core.check(py.heapInit(64 * 1048576, 0));
    const good = assemble([{
      name: "<module>", stacksize: 2, consts: [null], names: [],
      code: [[OP.LOAD_CONST, 0, 1], [OP.RETURN_VALUE, 0, 1]],
    }]);
    const bad = [
      good.slice(0, 20), // truncated
      Uint8Array.from([1, 2, 3, 4, ...good.slice(4)]), // magic
      assemble([{ name: "m", stacksize: 2, consts: [null], code: [[OP.LOAD_CONST, 5, 1], [OP.RETURN_VALUE, 0, 1]] }]), // const index
      assemble([{ name: "m", stacksize: 2, consts: [null], code: [[OP.LOAD_NAME, 0, 1], [OP.RETURN_VALUE, 0, 1]] }]), // name index
      assemble([{ name: "m", stacksize: 2, consts: [null], code: [[OP.JUMP_FORWARD, 9, 1], [OP.RETURN_VALUE, 0, 1]] }]), // jump
      assemble([{ name: "m", stacksize: 2, consts: [{ code: 3 }], code: [[OP.RETURN_VALUE, 0, 1]] }]), // code reference
      // a bad operand of instruction 1 (pyErrorOffset -2, as the memory sentinel once was: then ERR_MEMORY)
      assemble([{ name: "m", stacksize: 2, consts: [null], code: [[OP.LOAD_CONST, 0, 1], [OP.LOAD_CONST, 5, 1], [OP.RETURN_VALUE, 0, 1]] }]),
    ];
    for (const b of bad) {
      new Uint8Array(py.memory.buffer, py.inputPtr(), b.length).set(b);
      expect(py.pyLoad(b.length)).toBe(-80);
    }
  });

  it("refuses a SEND without its subiterator, or jumping out of the code, and a yield from loop that does not balance", () => {
    const { core, py } = loadPyCore()!;
    const bad = [
      assemble([{ name: "m", stacksize: 2, consts: [null], code: [[OP.LOAD_CONST, 0, 1], [OP.SEND, 2, 1], [OP.RETURN_VALUE, 0, 1]] }]),
      assemble([{ name: "m", stacksize: 3, consts: [null], code: [[OP.LOAD_CONST, 0, 1], [OP.LOAD_CONST, 0, 1], [OP.SEND, 9, 1], [OP.RETURN_VALUE, 0, 1]] }]),
      // JUMP_BACKWARD_NO_INTERRUPT back to the SEND with a value fewer on the stack
      assemble([{ name: "m", stacksize: 3, consts: [null], code: [[OP.LOAD_CONST, 0, 1], [OP.LOAD_CONST, 0, 1], [OP.SEND, 5, 1], [OP.POP_TOP, 0, 1], [OP.JUMP_BACKWARD_NO_INTERRUPT, 2, 1], [OP.RETURN_VALUE, 0, 1]] }]),
    ];
    for (const b of bad) {
      applyMachine(core, defaultMachine());
      core.check(py.heapInit(16 * 1048576, 0));
      new Uint8Array(py.memory.buffer, py.inputPtr(), b.length).set(b);
      expect(py.pyLoad(b.length)).toBe(-80);
    }
  });

  it("a fresh list bound to a name has sys.getrefcount 2", () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === "refcounts");
    expect(runImage(image(c.image)).stdout.split("\n").slice(0, 4)).toEqual(["2", "3", "2", "4"]);
  });

  it("adds the bytecode cycles to the clock", () => {
    const c = fixture.cases.find((x: { name: string }) => x.name === "loops");
    const a = runImage(image(c.image));
    const b = runImage(image(c.image), { bytecodeCycles: 10 });
    const n = b.py.pyBytecodes();
    expect(n).toBeGreaterThan(100);
    expect(b.py.memoryClock() - a.py.memoryClock()).toBe(10 * n);
  });
});

describe.skipIf(!available)("python VM: float repr", () => {
  it("is CPython's shortest round-trip repr", () => {
    const r = runImage(image(fixture.cases[0].image));
    const py = r.py;
    for (const [hex, want] of fixture.floatReprs as [string, string][]) {
      const v = new Float64Array(Uint8Array.from(Buffer.from(hex, "hex")).buffer)[0];
      const n = py.pyFloatRepr(v);
      expect(new TextDecoder().decode(new Uint8Array(py.memory.buffer, py.batchPtr(), n)), hex).toBe(want);
    }
  });
});

describe.skipIf(!available)("python VM: corrupted images never trap", () => {
  // Valid images from the front end (closures, generators, key functions,
  // classes, frozenset constants...), then random bytes changed: pyLoad must
  // refuse (-80) or the run must end (finished, an exception, the step
  // limit): a wasm trap fails the test.
  const sources = [
    "def f(n):\n    def g(x):\n        return x + n\n    return g\nprint(f(2)(3), sorted([3, 1, 2], key=lambda v: -v))\n",
    "print(sum(i * i for i in range(20)), max((len(w), w) for w in ['a', 'bbb']), {1, 2, 3} | {4})\nfor c in {'x', 'y', 'z'}:\n    print(c)\n",
    "class C:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self.v\nxs = [C(i) for i in range(5)]\nprint([c.get() for c in xs], min(xs, key=lambda c: -c.v).v)\n",
    "d = {}\nfor i in range(30):\n    d['k' + str(i)] = i * 2\nprint(len(d), sorted(d.items(), key=lambda kv: kv[1])[:3], list(x for x in d if x.endswith('1')))\n",
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nprint(fib(12), [fib(i) for i in range(8)], 'a' in {'a', 'b', 'c'}, f'{3.5:.2f}')\n",
  ];
  /** `runs` mutated images of `sources` (seeded): each refused (-80) or run to an end, never a trap. */
  const fuzz = (sources: string[], runs: number, seed: number) => {
    const images = sources.map((s) => {
      const r = compileModule(s, "fuzz.py");
      if ("error" in r) throw new Error(r.error.text);
      return r.image;
    });
    const { core, py } = loadPyCore()!;
    const p = py as unknown as Record<string, (...a: number[]) => number>;
    const rnd = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    let refused = 0, ran = 0;
    for (let run = 0; run < runs; run++) {
      const img = images[run % images.length].slice();
      const k = 1 + rnd(4);
      for (let j = 0; j < k; j++) {
        const at = rnd(img.length);
        img[at] = rnd(3) === 0 ? img[at] ^ (1 << rnd(8)) : rnd(256);
      }
      if (run % 16 === 0) applyMachine(core, defaultMachine()); // a new machine: the arena's reservations (heapInit's, pyLoad's) start over
      core.check(py.heapInit(16 * 1048576, 0));
      new Uint8Array(py.memory.buffer, py.inputPtr(), img.length).set(img);
      const code = py.pyLoad(img.length);
      if (code < 0) { expect([-80, -17]).toContain(code); refused++; continue; }
      expect(py.pyStart(code)).toBe(0);
      p.pySetStepLimit(5000);
      for (let calls = 0; calls < 100; calls++) {
        const st = py.pyRun(1000);
        py.pyOutputClear();
        if (st === 1) continue;
        if (st === 2 && py.pyBytecodes() < 5000) continue;
        expect([0, 2, 3]).toContain(st);
        break;
      }
      ran++;
    }
    return { refused, ran };
  };
  it("refuses or runs thousands of mutated images", () => {
    const { refused, ran } = fuzz(sources, 3000, 12345);
    expect(refused).toBeGreaterThan(100);
    expect(ran).toBeGreaterThan(100);
  }, 600_000);
  it("runs a script on a new heap after one whose exception escaped (its objects went with the old heap)", () => {
    const { core, py } = loadPyCore()!;
    const outcomes: number[] = [];
    for (const src of ["class M:\n    def __enter__(self):\n        return 1\nwith M():\n    pass\n", "x = 1\nprint(y)\n", "class M:\n    def __enter__(self):\n        return [1]\n    def __exit__(self, t, v, tb):\n        return t is KeyError\nwith M():\n    print(1)\n"]) {
      const r = compileModule(src, "x.py");
      if ("error" in r) throw new Error(r.error.text);
      applyMachine(core, defaultMachine());
      core.check(py.heapInit(16 * 1048576, 0));
      new Uint8Array(py.memory.buffer, py.inputPtr(), r.image.length).set(r.image);
      expect(py.pyStart(py.pyLoad(r.image.length))).toBe(0);
      outcomes.push(py.pyRun(100000));
      py.pyOutputClear();
    }
    expect(outcomes).toEqual([3, 3, 0]);
  });
  it("refuses or runs mutated images of yield from (SEND's frames in the loop, GET_YIELD_FROM_ITER, closing a delegating generator)", () => {
    const { refused, ran } = fuzz([
      "def leaf(n):\n    try:\n        for i in range(n):\n            yield i\n    finally:\n        print('leaf', n)\n    return n * 2\ndef mid(n):\n    r = yield from leaf(n)\n    s = yield from [r, -r]\n    return (yield from mid(n - 1)) if n > 1 else s\nprint(list(mid(4)))\ng = mid(3)\nprint(next(g), next(g))\ndel g\nfor v in mid(2):\n    print(v // (v - 1))\n",
    ], 1500, 777);
    expect(refused).toBeGreaterThan(50);
    expect(ran).toBeGreaterThan(50);
  }, 600_000);
  it("refuses or runs mutated images of with statements (BEFORE_WITH, WITH_EXCEPT_START, the exception table)", () => {
    const { refused, ran } = fuzz([
      "class M:\n    def __enter__(self):\n        return [1]\n    def __exit__(self, t, v, tb):\n        return t is KeyError\ndef f(i):\n    with M() as a, M():\n        if i:\n            return a\n        {}[i]\nfor i in range(3):\n    with M():\n        print(f(i))\n",
    ], 1500, 4242);
    expect(refused).toBeGreaterThan(50);
    expect(ran).toBeGreaterThan(50);
  }, 600_000);
});
