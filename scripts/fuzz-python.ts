// Differential fuzzing of `memsim py`: seeded random programs over the subset of
// docs/python.md, each run by python3 (CPython 3.11, the oracle) and by memsim,
// their stdout, exit code and traceback compared. memsim runs them in one
// process on one core, a fresh heap per run (runPython's heapInit), as the web
// playground and the tests reuse a core: some faults show only after many runs.
//
//   npm run fuzz:python -- --seed 1 --count 500          (programs 1..500)
//   npm run fuzz:python -- --seed 77 --count 1 --print   (show program 77)
//
// Options: --seed N (first program's seed, default 1), --count M (default 200),
// --out DIR (where failing programs go; default a temp dir), --fresh (a new core
// per program), --cli (run `node bin/memsim.js py FILE` per program instead),
// --max-steps N (memsim's limit, default 20,000,000), --print (write the
// programs to stdout, run nothing), --keep (keep every program, not only the failing).
// Program i is a function of its seed alone; with --fresh or --cli so is its result.
// Each failure is printed as `<kind> seed=<n> <path>` with the first differing line;
// <kind> is CRASH (a JS exception out of the core: a Wasm trap, an internal error),
// DIVERGE (stdout, exit code or traceback differ from CPython's). The exit code is 1
// if anything failed. Needs a build (npm run build) and python3 (CPython 3.11).

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCore } from "../host/core-node.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";
import type { Core } from "../host/core.js";
import { mulberry32 } from "../tests/helpers/random.js";

// ---------------------------------------------------------------- the generator

interface Cls {
  name: string;
  bases: Cls[];
  mro: Cls[];
  exc: boolean;
  /** Special methods defined in this class's own body. */
  own: Set<string>;
  /** Plain methods defined in its own body (each `m(self, k)` returning an int). */
  methods: string[];
  field: string;
}

const has = (c: Cls, special: string) => c.mro.some((k) => k.own.has(special));
const methodsOf = (c: Cls) => c.mro.flatMap((k) => k.methods);

/** C3 linearization, or undefined where CPython's type() would raise. */
function c3(c: Cls, bases: Cls[]): Cls[] | undefined {
  const seqs = [...bases.map((b) => [...b.mro]), [...bases]].filter((s) => s.length);
  const out: Cls[] = [c];
  while (seqs.some((s) => s.length)) {
    let head: Cls | undefined;
    for (const s of seqs) {
      if (!s.length) continue;
      const cand = s[0]!;
      if (!seqs.some((t) => t.indexOf(cand) > 0)) { head = cand; break; }
    }
    if (!head) return undefined;
    out.push(head);
    for (const s of seqs) if (s[0] === head) s.shift();
  }
  return out;
}

const BUILTIN_EXCS = ["ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "ZeroDivisionError", "LookupError", "ArithmeticError", "AttributeError"];
const SPECIALS = ["__eq__", "__hash__", "__len__", "__del__", "__lt__", "__add__", "__radd__", "__iter__", "__contains__", "__call__", "__bool__", "__getitem__", "__str__", "__neg__", "__iadd__", "__setitem__", "__le__", "__mul__"];

class Gen {
  private lines: string[] = [];
  private ind = 0;
  private n = 0;
  private classes: Cls[] = [];
  private excClasses: Cls[] = [];
  /** Module-level names and what they hold. */
  private ints: string[] = [];
  private strs: string[] = [];
  private lists: string[] = [];
  private dicts: string[] = [];
  private sets: string[] = [];
  private objs: { name: string; cls: Cls }[] = [];
  private funcs: string[] = [];
  private gcOn = true;

  constructor(private r: () => number) {}

  private int(lo: number, hi: number) { return lo + Math.floor(this.r() * (hi - lo + 1)); }
  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.r() * xs.length)]!; }
  private chance(p: number) { return this.r() < p; }
  private fresh(prefix: string) { return `${prefix}${this.n++}`; }
  private emit(s: string) { this.lines.push("    ".repeat(this.ind) + s); }
  private block(head: string, body: () => void) {
    this.emit(head);
    this.ind++;
    const before = this.lines.length;
    body();
    if (this.lines.length === before) this.emit("pass");
    this.ind--;
  }
  /** `stmts` under try/except Exception, printing what was caught. */
  private guarded(body: () => void) {
    this.block("try:", body);
    this.block("except Exception as e:", () => this.emit(`print("caught", type(e).__name__, e)`));
  }

  // ---- expressions
  private smallInt() { return String(this.pick([0, 1, 2, 3, 5, 7, 10, -1, -3, 42, 100, 255, 256, 1000, -257])); }
  private bigInt() {
    return this.pick([`2 ** ${this.int(60, 200)}`, `-(3 ** ${this.int(40, 90)})`, `10 ** ${this.int(18, 40)} + ${this.int(1, 999)}`, "12345678901234567890123", `(1 << ${this.int(62, 130)}) - 1`]);
  }
  intExpr(depth = 0): string {
    const k = this.int(0, depth > 2 ? 2 : 9);
    switch (k) {
      case 0: return this.smallInt();
      case 1: return this.ints.length ? this.pick(this.ints) : this.smallInt();
      case 2: return this.chance(0.3) ? this.bigInt() : this.smallInt();
      case 3: case 4: return `(${this.intExpr(depth + 1)} ${this.pick(["+", "-", "*", "//", "%", "&", "|", "^"])} ${this.intExpr(depth + 1)})`;
      case 5: return `(${this.intExpr(depth + 1)} ${this.pick(["<<", ">>", "**"])} ${this.int(0, 9)})`;
      case 6: return this.lists.length ? `len(${this.pick(this.lists)})` : `len(${this.strExpr(depth + 1)})`;
      case 7: return `${this.pick(["abs", "int", "hash"])}(${this.intExpr(depth + 1)})`;
      case 8: return `${this.pick(["min", "max"])}(${this.intExpr(depth + 1)}, ${this.intExpr(depth + 1)})`;
      default: return this.lists.length ? `sum(x for x in ${this.pick(this.lists)} if isinstance(x, int))` : `sum(range(${this.int(0, 20)}))`;
    }
  }
  strExpr(depth = 0): string {
    const k = this.int(0, depth > 2 ? 1 : 8);
    switch (k) {
      case 0: return JSON.stringify(this.pick(["", "a", "abc", "hello world", "x,y,z", "  pad  ", "Mixed Case", "é", "日本", "a-b-c", "12", "aaa"]));
      case 1: return this.strs.length ? this.pick(this.strs) : `"s${this.int(0, 9)}"`;
      case 2: return `str(${this.intExpr(depth + 1)})`;
      case 3: return `(${this.strExpr(depth + 1)} + ${this.strExpr(depth + 1)})`;
      case 4: return `${this.strExpr(depth + 1)}.${this.pick(["upper()", "lower()", "strip()", "title()", "swapcase()", "replace('a', 'A')", "center(9, '*')", "zfill(6)", "lstrip('a')", "capitalize()"])}`;
      case 5: // (a field holds no quotes: 3.11's f-strings cannot nest them)
        return `f"<{${this.intExpr(3)}}|{${this.strs.length ? this.pick(this.strs) : "'lit'"}!r}>"`;
      case 6: return `"-".join(${this.strListExpr(depth + 1)})`;
      case 7: return `${this.strExpr(depth + 1)}[${this.int(-3, 3)}:${this.int(-2, 6)}]`;
      default: return `"%s:%d" % (${this.strExpr(depth + 1)}, ${this.intExpr(depth + 1)})`;
    }
  }
  strListExpr(depth = 0): string {
    return this.pick([`${this.strExpr(depth)}.split(${this.pick(["", "','", "' '", "'-'"])})`, `[str(i) for i in range(${this.int(0, 6)})]`, `sorted(${this.strExpr(depth)})`]);
  }
  listExpr(depth = 0): string {
    const k = this.int(0, depth > 1 ? 1 : 7);
    switch (k) {
      case 0: return `[${Array.from({ length: this.int(0, 5) }, () => this.intExpr(2)).join(", ")}]`;
      case 1: return this.lists.length ? `list(${this.pick(this.lists)})` : `list(range(${this.int(0, 8)}))`;
      case 2: return `[${this.pick(["x * x", "x + 1", "-x", "str(x)", "(x, x % 3)", "[x]"])} for x in range(${this.int(0, 12)})${this.chance(0.5) ? ` if x % ${this.int(2, 4)}` : ""}]`;
      case 3: return `sorted(${this.listExpr(depth + 1)}${this.chance(0.5) ? ", reverse=True" : ""})`;
      case 4: return `${this.listExpr(depth + 1)} + ${this.listExpr(depth + 1)}`;
      case 5: return `${this.listExpr(depth + 1)} * ${this.int(0, 3)}`;
      case 6: return `list(map(lambda v: v * ${this.int(1, 5)}, range(${this.int(0, 6)})))`;
      default: return `[y for x in range(${this.int(1, 4)}) for y in range(x)]`;
    }
  }
  anyExpr(): string {
    return this.pick([() => this.intExpr(), () => this.strExpr(), () => this.listExpr(), () => `(${this.intExpr()}, ${this.strExpr()})`,
      () => `${this.int(0, 99) / 8}`, () => "None", () => this.pick(["True", "False"]),
      () => `{${this.strExpr(2)}: ${this.intExpr(2)}}`, () => `{${this.intExpr(2)}, ${this.intExpr(2)}}`,
      () => (this.objs.length ? this.pick(this.objs).name : "()")])();
  }

  // ---- classes
  private defineClass(atModule = true) {
    const name = this.fresh("C");
    const cands = this.classes.filter(() => this.chance(0.5)).slice(0, this.int(0, 3));
    let bases = cands;
    const c: Cls = { name, bases, mro: [], exc: false, own: new Set(), methods: [], field: `f_${name}` };
    let mro = c3(c, bases);
    if (!mro) { bases = bases.slice(0, 1); mro = c3(c, bases)!; }
    c.bases = bases;
    c.mro = mro;
    for (const s of SPECIALS) if (this.chance(0.22)) c.own.add(s);
    if (!bases.length || this.chance(0.3)) c.own.add("__repr__");
    if (c.own.has("__hash__") && !c.own.has("__eq__") && this.chance(0.5)) c.own.add("__eq__");
    // iterating over a class with __getitem__ and no __iter__ is refused (not yet): give it both
    if (c.own.has("__getitem__")) c.own.add("__iter__");
    const nm = this.int(1, 3);
    for (let i = 0; i < nm; i++) c.methods.push(this.fresh("m"));
    const f = c.field;
    this.block(`class ${name}${bases.length ? `(${bases.map((b) => b.name).join(", ")})` : this.chance(0.2) ? "(object)" : ""}:`, () => {
      if (this.chance(0.4)) this.emit(`tag = ${this.smallInt()}`);
      if (bases.length === 0 || this.chance(0.85)) {
        this.block("def __init__(self, a, b=2):", () => {
          if (bases.length) this.emit("super().__init__(a, b)");
          this.emit(`self.${f} = a * ${this.int(1, 3)} + b`);
          this.emit(`self.items = [a, b${this.chance(0.3) ? ", a + b" : ""}]`);
          if (this.chance(0.2)) this.emit("self.me = self");
        });
      }
      for (const m of c.methods) {
        this.block(`def ${m}(self, k=1):`, () => {
          const sup = methodsOf({ ...c, mro: mro!.slice(1) });
          if (sup.length && this.chance(0.4)) this.emit(`base = super().${this.pick(sup)}(k)`);
          else this.emit("base = 0");
          this.emit(this.pick([`return self.${f} + k + base`, `return len(self.items) * k + base`, `self.${f} += k\n${"    ".repeat(this.ind)}return self.${f} + base`,
            `return sum(self.items) - k + base`]));
        });
      }
      const self = (body: string) => this.emit(body);
      for (const s of c.own) {
        switch (s) {
          case "__repr__": this.block("def __repr__(self):", () => self(`return f"${name}(${self_f(f)})"`)); break;
          case "__str__": this.block("def __str__(self):", () => self(`return "<" + str(self.items) + ">"`)); break;
          case "__eq__": this.block("def __eq__(self, other):", () => self(`return isinstance(other, ${name}) and self.${f} == other.${f}`)); break;
          case "__hash__": this.block("def __hash__(self):", () => self(this.pick([`return hash(self.${f})`, `return self.${f} % 7`, "return 12345678901234567890123"]))); break;
          case "__len__": this.block("def __len__(self):", () => self("return len(self.items)")); break;
          case "__del__": this.block("def __del__(self):", () => { self("if LIVE:"); this.ind++; self(`print("del ${name}", self.${f})`); this.ind--; }); break;
          case "__lt__": this.block("def __lt__(self, other):", () => self(`return self.${f} < (other.${f} if isinstance(other, ${name}) else other)`)); break;
          case "__le__": this.block("def __le__(self, other):", () => self(`return self.${f} <= other`)); break;
          case "__add__": this.block("def __add__(self, other):", () => self(`return ${name}(self.${f} + (other.${f} if isinstance(other, ${name}) else other))`)); break;
          case "__radd__": this.block("def __radd__(self, other):", () => self(`return other + self.${f}`)); break;
          case "__iadd__": this.block("def __iadd__(self, other):", () => { self("self.items.append(other)"); self("return self"); }); break;
          case "__mul__": this.block("def __mul__(self, other):", () => self(`return [self.${f}] * other`)); break;
          case "__neg__": this.block("def __neg__(self):", () => self(`return -self.${f}`)); break;
          case "__iter__": this.block("def __iter__(self):", () => self(this.pick(["return iter(self.items)", "return (x * 2 for x in self.items)"]))); break;
          case "__contains__": this.block("def __contains__(self, v):", () => self("return v in self.items")); break;
          case "__call__": this.block("def __call__(self, *args, **kw):", () => self(`return sum(args) + len(kw) + self.${f}`)); break;
          case "__bool__": this.block("def __bool__(self):", () => self(`return self.${f} % 2 == 0`)); break;
          case "__getitem__": this.block("def __getitem__(self, i):", () => self("return self.items[i]")); break;
          case "__setitem__": this.block("def __setitem__(self, i, v):", () => self("self.items[i] = v")); break;
        }
      }
    });
    if (atModule) this.classes.push(c);
    return c;
  }
  private defineExcClass() {
    const name = this.fresh("E");
    const base = this.excClasses.length && this.chance(0.4) ? this.pick(this.excClasses).name : this.pick(BUILTIN_EXCS);
    const c: Cls = { name, bases: [], mro: [], exc: true, own: new Set(), methods: [], field: "code" };
    c.mro = [c];
    this.block(`class ${name}(${base}):`, () => {
      if (this.chance(0.6)) {
        this.block("def __init__(self, msg, code=0):", () => {
          // (Base.__init__(self, ...) of a built-in exception class is refused: memsim has no unbound BaseException.__init__)
          this.emit(this.pick(["super().__init__(msg)", BUILTIN_EXCS.includes(base) ? "super().__init__(msg, code)" : `${base}.__init__(self, msg)`]));
          this.emit("self.code = code");
        });
      } else this.emit("code = -1");
      if (this.chance(0.4)) this.block("def __str__(self):", () => this.emit(`return "${name}:" + str(self.args)`));
    });
    this.excClasses.push(c);
  }
  private newObj(c: Cls) { return `${c.name}(${this.intExpr(2)}${this.chance(0.4) ? `, ${this.smallInt()}` : ""})`; }

  // ---- statements
  private objStmt() {
    if (!this.classes.length) { this.defineClass(); return; }
    if (this.chance(0.35) || !this.objs.length) {
      const c = this.pick(this.classes);
      const name = this.fresh("o");
      // (if __init__ raises, the name stays unbound: its uses are guarded, a NameError caught)
      this.guarded(() => this.emit(`${name} = ${this.newObj(c)}`));
      this.objs.push({ name, cls: c });
      return;
    }
    const { name: o, cls: c } = this.pick(this.objs);
    const ops: (() => string)[] = [
      () => `print(${o})`,
      () => `print(repr(${o}), str(${o}))`,
      () => (methodsOf(c).length ? `print(${o}.${this.pick(methodsOf(c))}(${this.intExpr(2)}))` : `print(${o}.${c.field})`),
      () => `print(${o}.${c.field}, ${o}.items)`,
      () => `print(len(${o}))`,
      () => `print(bool(${o}), not ${o})`,
      () => `print(${o} == ${this.pick(this.objs).name}, ${o} != ${this.pick(this.objs).name})`,
      () => `print(hash(${o}) == hash(${o}))`,
      () => `print(${o} < ${this.pick(this.objs).name})`,
      () => `print(${o} + ${this.pick([this.pick(this.objs).name, this.intExpr(2)])})`,
      () => `print(${this.intExpr(2)} + ${o})`,
      () => `${o} += ${this.intExpr(2)}`,
      () => `print(list(${o}))`,
      () => `print(${this.intExpr(2)} in ${o})`,
      () => `print(${o}(${this.intExpr(2)}, ${this.intExpr(2)}, z=1))`,
      () => `print(${o}[${this.int(-2, 3)}])`,
      () => `${o}[${this.int(-2, 3)}] = ${this.anyExpr()}`,
      () => `print(-${o})`,
      () => `print(${o} * ${this.int(0, 3)})`,
      () => `print(sorted([${o}, ${this.pick(this.objs).name}, ${this.pick(this.objs).name}]))`,
      () => `print(len({${o}, ${this.pick(this.objs).name}}), {${o}: 1}.get(${this.pick(this.objs).name}))`,
      () => `print(isinstance(${o}, ${this.pick(this.classes).name}), issubclass(type(${o}), ${this.pick(this.classes).name}))`,
      () => `print(type(${o}).__name__, [k.__name__ for k in type(${o}).__mro__])`,
      () => `print(getattr(${o}, "tag", None), hasattr(${o}, "${c.field}"))`,
      () => `${o}.extra = ${this.anyExpr()}`,
      () => `print(sys.getrefcount(${o}))`,
      () => `print(sys.getsizeof(${o}))`,
      () => `print(vars(${o}).keys())`,
      () => `del ${o}.${c.field}`,
      () => `${o} = ${this.newObj(this.pick(this.classes))}`,
      () => `P.append(${o})`,
      () => `${o}.items.append(${o})`,
    ];
    const op = this.pick(ops)();
    if (op.startsWith(`${o} = `)) {
      const nc = this.classes.find((k) => op.startsWith(`${o} = ${k.name}(`))!;
      this.guarded(() => this.emit(op));
      const rec = this.objs.find((x) => x.name === o)!;
      rec.cls = nc;
      return;
    }
    this.guarded(() => this.emit(op));
  }

  private withStmt() {
    const name = this.fresh("CM");
    const suppress = this.chance(0.4);
    this.block(`class ${name}:`, () => {
      this.block("def __init__(self, tag):", () => { this.emit("self.tag = tag"); this.emit("self.log = []"); });
      this.block("def __repr__(self):", () => this.emit(`return "${name}(" + repr(self.tag) + ")"`));
      this.block("def __enter__(self):", () => {
        this.emit(`print("enter", self.tag)`);
        if (this.chance(0.1)) this.emit(`raise ValueError("no entry " + str(self.tag))`);
        this.emit(this.pick(["return self", "return self.tag", "return [self.tag]"]));
      });
      this.block("def __exit__(self, et, ev, tb):", () => {
        this.emit(`print("exit", self.tag, et.__name__ if et else None, ev)`);
        if (this.chance(0.1)) this.emit(`raise KeyError("exit " + str(self.tag))`);
        this.emit(`return ${suppress ? "True" : this.pick(["False", "None", "et is KeyError"])}`);
      });
    });
    const body = () => {
      this.block(`with ${name}(${this.intExpr(2)}) as m${this.chance(0.4) ? `, ${name}(${this.smallInt()})` : ""}:`, () => {
        this.emit(`print("in", m)`);
        this.stmts(this.int(1, 3));
        if (this.chance(0.4)) this.emit(this.raiseExpr());
        if (this.chance(0.3)) this.emit(`print("after")`);
      });
    };
    if (suppress && this.chance(0.5)) body();
    else this.guarded(body);
  }

  private raiseExpr(): string {
    return this.pick([
      () => `raise ${this.pick(BUILTIN_EXCS)}(${this.strExpr(2)})`,
      () => `raise ${this.pick(BUILTIN_EXCS)}`,
      () => (this.excClasses.length ? `raise ${this.pick(this.excClasses).name}(${this.strExpr(2)}, ${this.smallInt()})` : "raise RuntimeError"),
      () => `${this.pick(["x = 1 // 0", "x = [][3]", "x = {}['k']", "x = int('z')", "x = None + 1", "x = undefined_name", "x = (1).nope", "x = 'a' * 'b'"])}`,
      () => `raise ValueError("v") from ${this.pick(["KeyError('k')", "None"])}`,
    ])();
  }

  private tryStmt() {
    this.block("try:", () => {
      this.stmts(this.int(0, 2));
      if (this.chance(0.7)) this.emit(this.raiseExpr());
    });
    const handlers = this.int(1, 3);
    for (let i = 0; i < handlers; i++) {
      const what = this.pick([...BUILTIN_EXCS, "Exception", ...this.excClasses.map((c) => c.name), `(${this.pick(BUILTIN_EXCS)}, ${this.pick(BUILTIN_EXCS)})`]);
      this.block(`except ${what} as e${i}:`, () => {
        this.emit(`print("handler ${i}", type(e${i}).__name__, e${i}, e${i}.args)`);
        if (this.chance(0.15)) this.emit(this.raiseExpr());
      });
    }
    if (this.chance(0.3)) this.block("except Exception as ex:", () => this.emit(`print("generic", type(ex).__name__, ex)`));
    if (this.chance(0.3)) this.block("else:", () => this.emit(`print("else")`));
    if (this.chance(0.5)) this.block("finally:", () => this.emit(`print("finally")`));
  }

  private funcStmt() {
    const kind = this.int(0, 7);
    const f = this.fresh("fn");
    switch (kind) {
      case 0: // closure counter
        this.block(`def ${f}(start):`, () => {
          this.emit("count = start");
          this.block("def inc(step=1):", () => { this.emit("nonlocal count"); this.emit("count += step"); this.emit("return count"); });
          this.emit("return inc");
        });
        this.emit(`c_${f} = ${f}(${this.intExpr(2)})`);
        this.guarded(() => this.emit(`print(c_${f}(), c_${f}(${this.smallInt()}), c_${f}())`));
        break;
      case 1: { // generator, sometimes driven through one delegating to it (yield from)
        this.block(`def ${f}(n):`, () => {
          this.block("try:", () => {
            this.block("for i in range(n):", () => {
              if (this.chance(0.3)) this.block(`if i == ${this.int(1, 6)}:`, () => this.emit(this.raiseExpr()));
              this.emit(this.pick(["yield i * i", "yield str(i)", "yield [i]", "x = yield i\n" + "    ".repeat(this.ind) + "print('got', x)"]));
            });
            this.emit("return n");
          });
          this.block("finally:", () => this.emit(`print("gen done ${f}")`));
        });
        let use = f;
        if (this.chance(0.4)) {
          use = this.fresh("yf");
          this.block(`def ${use}(n):`, () => {
            this.block("try:", () => {
              this.emit(`r = yield from ${this.pick([`${f}(n)`, `${f}(n)`, `[n, "${f}"]`, `range(n)`])}`);
              this.emit(`print("returned", r)`);
              this.emit(this.pick(["yield from [r, n]", "yield r", "return r", "yield from " + f + "(r if type(r) is int else 1)"]));
            });
            this.block(this.pick(["finally:", "except GeneratorExit:"]), () => this.emit(`print("delegation done ${use}")`));
          });
        }
        this.guarded(() => this.emit(this.pick([
          `print(list(${use}(${this.int(0, 8)})))`,
          `print(sum(1 for _ in ${use}(${this.int(0, 8)})))`,
          `g_${f} = ${use}(${this.int(1, 8)})\n${"    ".repeat(this.ind)}print(next(g_${f}), next(g_${f}, "end"))\n${"    ".repeat(this.ind)}del g_${f}`,
          `for v in ${use}(${this.int(0, 8)}):\n${"    ".repeat(this.ind + 1)}print("v", v)\n${"    ".repeat(this.ind + 1)}if v == 4: break`,
        ])));
        break;
      }
      case 2: // lambdas in a loop (late binding vs default)
        this.emit(`L_${f} = [lambda x, i=i: x * i for i in range(${this.int(1, 5)})] + [lambda x: x + ${this.smallInt()}]`);
        this.emit(`print([g(${this.smallInt()}) for g in L_${f}])`);
        break;
      case 3: // recursion
        this.block(`def ${f}(n):`, () => {
          this.block("if n <= 0:", () => this.emit(this.pick(["return 0", "return []", "raise ValueError('bottom')"])));
          this.emit(this.pick([`return n + ${f}(n - 1)`, `return [n] + ${f}(n - 1)`, `return ${f}(n - 1) + ${f}(n - 2) if n < 12 else n + ${f}(n - 1)`]));
        });
        this.guarded(() => this.emit(`print(${f}(${this.pick([this.int(0, 15), this.int(100, 400), this.int(800, 990), this.int(1200, 3000)])}))`));
        break;
      case 4: // *args / **kwargs / defaults / keyword-only
        this.block(`def ${f}(a, b=${this.smallInt()}, *args, k=${this.smallInt()}, **kw):`, () => {
          this.emit(`return (a, b, args, k, sorted(kw.items()))`);
        });
        this.guarded(() => this.emit(`print(${f}(${this.pick(["1", "1, 2", "1, 2, 3, 4", "*[5, 6, 7]", "1, k=9", "1, z=2, y=3", "**{'a': 1, 'q': 2}", "a=1, b=2"])}))`));
        break;
      case 5: { // decorator
        this.block(`def ${f}(func):`, () => {
          this.block("def wrapper(*args, **kwargs):", () => { this.emit(`print("call", func.__name__, args)`); this.emit("return func(*args, **kwargs)"); });
          this.emit("return wrapper");
        });
        const g = this.fresh("dec");
        this.emit(`@${f}`);
        this.block(`def ${g}(x, y=1):`, () => this.emit("return x * y"));
        this.guarded(() => this.emit(`print(${g}(${this.intExpr(2)}, ${this.intExpr(2)}))`));
        break;
      }
      case 6: // function in a function keeping a list of closures
        this.block(`def ${f}():`, () => {
          this.emit("acc = []");
          this.block(`for i in range(${this.int(1, 5)}):`, () => {
            this.block("def h(j=i):", () => this.emit("return j * j + len(acc)"));
            this.emit("acc.append(h)");
          });
          this.emit("return [h() for h in acc]");
        });
        this.emit(`print(${f}())`);
        break;
      default: { // a function wrapping random statements
        this.block(`def ${f}(p):`, () => {
          // the names it binds are its locals: forgotten after it
          const { ints, strs, lists, dicts, sets, objs } = this;
          this.ints = ["p", ...ints];
          [this.strs, this.lists, this.dicts, this.sets, this.objs] = [[...strs], [...lists], [...dicts], [...sets], [...objs]];
          this.stmts(this.int(1, 4));
          Object.assign(this, { ints, strs, lists, dicts, sets, objs });
          this.emit(`return p`);
        });
        this.guarded(() => this.emit(`print(${f}(${this.intExpr(2)}))`));
        this.funcs.push(f);
      }
    }
  }

  private containerStmt() {
    const k = this.int(0, 5);
    if (k === 0 || !this.lists.length) {
      const name = this.fresh("lst");
      this.emit(`${name} = ${this.listExpr()}`);
      this.lists.push(name);
      return;
    }
    if (k === 1 && (!this.dicts.length || this.chance(0.3))) {
      const name = this.fresh("d");
      this.emit(`${name} = ${this.pick([`{${this.strExpr(2)}: ${this.intExpr(2)}, ${this.intExpr(2)}: ${this.listExpr(2)}}`, `{str(i): i * i for i in range(${this.int(0, 9)})}`, `dict(zip("abcdef", range(${this.int(0, 6)})))`, "{}"])}`);
      this.dicts.push(name);
      return;
    }
    if (k === 2 && (!this.sets.length || this.chance(0.3))) {
      const name = this.fresh("s");
      this.emit(`${name} = ${this.pick([`{${this.intExpr(2)}, ${this.intExpr(2)}, ${this.intExpr(2)}}`, `set(${this.strExpr(2)})`, `{i % ${this.int(1, 5)} for i in range(${this.int(0, 12)})}`, "set()"])}`);
      this.sets.push(name);
      return;
    }
    const L = this.lists.length ? this.pick(this.lists) : "[]";
    const D = this.dicts.length ? this.pick(this.dicts) : "{}";
    const S = this.sets.length ? this.pick(this.sets) : "set()";
    const ops = [
      `${L}.append(${this.anyExpr()})`, `${L}.extend(${this.listExpr(1)})`, `${L}.insert(${this.int(-3, 5)}, ${this.intExpr(2)})`,
      `print(${L}.pop(${this.chance(0.5) ? this.int(-3, 3) : ""}))`, `${L}.remove(${this.intExpr(2)})`, `print(${L}.index(${this.intExpr(2)}))`,
      `print(${L}.count(${this.intExpr(2)}))`, `${L}.sort()`, `${L}.sort(key=lambda v: -v if isinstance(v, int) else 0)`, `${L}.reverse()`,
      `print(${L}[${this.int(-4, 4)}], ${L}[${this.int(-3, 2)}:${this.int(-1, 6)}], ${L}[::${this.pick([-1, 2, -2])}])`,
      `${L}[${this.int(-2, 2)}:${this.int(0, 4)}] = ${this.listExpr(1)}`, `del ${L}[${this.int(-2, 3)}]`, `print(${L}, len(${L}), sys.getsizeof(${L}))`,
      `print(${L}.copy() == ${L}, ${L} * 2 < ${L} + [0])`, `${L}.clear()`, `print(sorted(${L}, key=str))`,
      `print(max(${L}), min(${L}))`, `print([x for x in ${L} if x], list(enumerate(${L}))[:3], list(zip(${L}, "abc")))`,
      `${D}[${this.strExpr(2)}] = ${this.anyExpr()}`, `print(${D}.get(${this.strExpr(2)}), ${D}.setdefault("sd", []))`,
      `print(${D}.pop(${this.strExpr(2)}))`, `print(${D}.pop("zz", None), ${D}.popitem())`, `${D}.update(${this.pick(["{'u': 1}", "a=2", "[('k', 3)]"])})`,
      `print(list(${D}.items()), list(${D}.keys()), list(${D}.values()))`, `print(${D}, len(${D}), sys.getsizeof(${D}))`,
      `del ${D}[${this.strExpr(2)}]`, `print({k: v for k, v in ${D}.items() if isinstance(k, str)})`, `print(${this.strExpr(2)} in ${D}, dict(${D}) == ${D})`,
      `${S}.add(${this.intExpr(2)})`, `${S}.discard(${this.intExpr(2)})`, `${S}.remove(${this.intExpr(2)})`, `print(${S}, len(${S}), sys.getsizeof(${S}))`,
      `print(${S} | {1, 2}, ${S} & {1, 2, 3}, ${S} - {0}, ${S} ^ {5})`, `print(${S}.union([7]), ${S}.issubset(${S}), sorted(${S}, key=repr))`,
      `print(${S}.pop())`, `print(tuple(${L}), tuple(${L}).count(1), (1, 2) + tuple(${S}))`,
      `${L}.append(${L})`, `${D}["self"] = ${D}`, `print(${L} == ${L}, ${D} == ${D})`,
      `a_, *b_ = ${L}\n${"    ".repeat(this.ind)}print(a_, b_)`,
      `print(${this.strExpr()}.split(), ${this.strExpr()}.find("a"), ${this.strExpr()}.startswith("a"), ${this.strExpr()}.count("a"))`,
      `print("{} and {!r} {x}".format(${this.strExpr(2)}, ${this.intExpr(2)}, x=${this.listExpr(2)}))`,
      `print(${this.strExpr()}, ${this.strExpr()}.encode() if False else 0, ${this.strExpr()}.isdigit(), ord(${this.strExpr()}[0]))`,
    ];
    this.guarded(() => this.emit(this.pick(ops)));
  }

  private valueStmt() {
    const k = this.int(0, 4);
    if (k === 0) {
      const name = this.fresh("i");
      this.emit(`${name} = ${this.intExpr()}`);
      this.ints.push(name);
    } else if (k === 1) {
      const name = this.fresh("t");
      this.emit(`${name} = "${name}"`);
      this.guarded(() => this.emit(`${name} = ${this.strExpr()}`));
      this.strs.push(name);
    } else {
      this.guarded(() => this.emit(`print(${this.pick([
        this.intExpr(), this.strExpr(), `${this.intExpr()} / ${this.intExpr()}`, `divmod(${this.intExpr()}, ${this.intExpr()})`,
        `${this.intExpr()} == ${this.intExpr()}`, `repr(${this.anyExpr()})`, `str(${this.anyExpr()})`, `pow(${this.intExpr(2)}, ${this.int(0, 40)}, ${this.int(1, 1000)})`,
        `hex(${this.intExpr()}), bin(${this.intExpr(2)}), oct(${this.intExpr(2)})`, `round(${this.int(0, 999)} / ${this.int(1, 64)}, ${this.int(0, 3)})`,
        `${this.anyExpr()} ${this.pick(["+", "*", "<", "==", "in", "-", "%"])} ${this.anyExpr()}`, `sys.getsizeof(${this.anyExpr()})`,
        `[${this.anyExpr()}, ${this.anyExpr()}]`, `int(${this.strExpr()})`, `float(${this.intExpr()})`, `${this.intExpr()} ** -1`,
        `str(${this.bigInt()}) + str(${this.bigInt()} // ${this.intExpr(2)})`, `abs(${this.bigInt()}) % ${this.intExpr(2)}`,
        `any(x > 3 for x in range(${this.int(0, 6)})), all([${this.anyExpr()}])`, `(lambda *a, **k: (a, k))(${this.anyExpr()}, q=${this.anyExpr()})`,
      ])})`));
    }
  }

  private gcStmt() {
    const k = this.int(0, 7);
    switch (k) {
      case 0: this.emit(this.collect()); break;
      case 1: this.emit(`print(gc.isenabled(), len(gc.get_objects()) > 0)`); break;
      case 2: { // a cycle of instances
        if (!this.classes.length) { this.defineClass(); break; }
        const a = this.fresh("cy"), b = this.fresh("cy");
        this.guarded(() => {
          this.emit(`${a} = ${this.newObj(this.pick(this.classes))}`);
          this.emit(`${b} = ${this.newObj(this.pick(this.classes))}`);
          this.emit(`${a}.other = ${b}`);
          this.emit(`${b}.other = ${a}`);
          this.emit(`del ${a}, ${b}`);
        });
        if (this.chance(0.6)) this.emit(this.collect());
        break;
      }
      case 3: { // list and dict cycles
        const a = this.fresh("lc");
        this.emit(`${a} = [${this.anyExpr()}]`);
        this.emit(`${a}.append({"l": ${a}, "t": (${a}, ${this.anyExpr()})})`);
        this.emit(`del ${a}`);
        if (this.chance(0.6)) this.emit(this.collect());
        break;
      }
      // (not of a constant: CPython's compiler may have run a collection that untracked a constant tuple)
      case 4: this.emit(`print(gc.isenabled(), gc.is_tracked(${this.objs.length ? this.pick(this.objs).name : "P"}), gc.is_tracked([1]))`); break;
      case 5: { // a closure cycle
        const f = this.fresh("rec");
        this.block(`def ${f}():`, () => { this.block("def inner():", () => this.emit("return inner")); this.emit("return inner"); });
        this.emit(`x_${f} = ${f}()`);
        this.emit(`del x_${f}`);
        this.emit(this.collect());
        break;
      }
      case 6: this.emit(`P.clear()`); break;
      default: { // a class made and dropped
        const c = this.defineClass(false);
        this.guarded(() => { this.emit(`tmp = ${this.newObj(c)}`); this.emit("tmp.cyc = tmp"); this.emit("del tmp"); });
        this.emit(`del ${c.name}`);
        this.emit(this.collect());
      }
    }
  }

  private loopStmt() {
    const v = this.fresh("v");
    const head = this.pick([`for ${v} in range(${this.int(0, 6)}):`, `for ${v} in ${this.listExpr(1)}:`, `for ${v} in ${this.strExpr(1)}:`,
      `for ${v}, w_${v} in enumerate(${this.listExpr(1)}):`, `while len(P) < ${this.int(1, 6)} and LOOPS.append(1) is None and len(LOOPS) < 50:`]);
    this.block(head, () => {
      if (head.startsWith("while")) this.emit(`P.append(${this.anyExpr()})`);
      else this.emit(`print("it", ${v})`);
      this.stmts(this.int(0, 2));
      if (this.chance(0.3)) this.block(`if ${this.intExpr(2)} % 3 == 0:`, () => this.emit(this.pick(["break", "continue"])));
    });
    if (this.chance(0.3)) this.block("else:", () => this.emit(`print("no break")`));
  }

  /**
   * gc.collect(), its count printed only with the automatic collections off: their timing follows the
   * allocations, and CPython's print allocates in its io module, which memsim does not model.
   */
  private collect() { return this.gcOn ? "gc.collect()" : `print("collect", gc.collect())`; }

  stmt() {
    if (this.ind > 3) { this.valueStmt(); return; }
    const w = this.r();
    if (w < 0.08) this.defineClass();
    else if (w < 0.11) this.defineExcClass();
    else if (w < 0.3) this.objStmt();
    else if (w < 0.36) this.withStmt();
    else if (w < 0.44) this.tryStmt();
    else if (w < 0.55) this.funcStmt();
    else if (w < 0.72) this.containerStmt();
    else if (w < 0.82) this.valueStmt();
    else if (w < 0.92) this.gcStmt();
    else this.loopStmt();
  }
  stmts(n: number) { for (let i = 0; i < n; i++) this.stmt(); }

  program(): string {
    this.emit("import gc");
    this.emit("import sys");
    // With the automatic collections on (a fifth of the programs), a cycle's __del__ runs when they do: at
    // points that follow print's allocations in CPython (see collect()), so __del__ stays quiet then.
    this.gcOn = this.chance(0.2);
    if (!this.gcOn) this.emit("gc.disable()");
    this.emit(`LIVE = ${this.gcOn ? "False" : "True"}`);
    this.emit("P = []");
    this.emit("LOOPS = []");
    // CPython runs the finalizers of what is left at exit (Py_FinalizeEx's collection, the modules' dicts
    // cleared); memsim does not: the body runs under try/finally so that __del__ is quiet by then
    this.block("try:", () => {
      this.defineClass();
      this.stmts(this.int(8, 40));
      if (this.chance(0.15)) this.emit(this.raiseExpr());
      else if (this.chance(0.5)) this.emit(this.collect());
    });
    this.block("finally:", () => this.emit("LIVE = False"));
    return this.lines.join("\n") + "\n";
  }
}

/** An f-string's field for the field `f` of `self`. */
function self_f(f: string) { return `{self.${f}!r}`; }

export function generate(seed: number): string {
  return new Gen(mulberry32(seed * 2654435761)).program();
}

// ---------------------------------------------------------------- the runner

interface Outcome { stdout: string; stderr: string; exitCode: number | null; crash?: string }

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

function cpython(file: string): Promise<Outcome> {
  return new Promise((done) => {
    const p = spawn("python3", [file], { env: { ...process.env, PYTHONHASHSEED: "0" } });
    let stdout = "", stderr = "";
    p.stdout.setEncoding("utf8").on("data", (t) => (stdout += t));
    p.stderr.setEncoding("utf8").on("data", (t) => (stderr += t));
    const timer = setTimeout(() => p.kill("SIGKILL"), 30_000);
    p.on("close", (code) => { clearTimeout(timer); done({ stdout, stderr, exitCode: code }); });
  });
}

let core: Core | undefined;
function memsimInProcess(file: string, source: string, maxSteps: number, fresh: boolean): Outcome {
  if (!core || fresh) core = loadCore();
  // a new machine on the same instance: heapInit's and pyLoad's reservations start over (each heapInit reserves
  // its backing anew), while the core's static state carries over from run to run
  applyMachine(core, defaultMachine());
  let stdout = "";
  try {
    const r = runPython(core, source, file, { codeFilename: file, maxSteps, write: (t) => (stdout += t) });
    return { stdout, stderr: r.stderr, exitCode: r.exitCode };
  } catch (err) {
    core = undefined; // a trap leaves the instance unusable
    return { stdout, stderr: "", exitCode: null, crash: (err as Error).stack ?? String(err) };
  }
}

function memsimCli(file: string, maxSteps: number): Outcome {
  const r = spawnSync("node", [join(ROOT, "bin/memsim.js"), "py", file, "--max-steps", String(maxSteps)], { encoding: "utf8", env: { ...process.env, PYTHONHASHSEED: "0" }, timeout: 300_000 });
  const crash = /RuntimeError: unreachable|memory access out of bounds|    at .*\.js:\d+|RangeError|Error: /.test(r.stderr) && !/^\w+(Error|Exception)\b.*$/m.test(r.stderr.split("\n").filter(Boolean).pop() ?? "") ? r.stderr : undefined;
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status, crash };
}

/** CPython's stderr without its "Exception ignored in" reports (an exception a __del__ raised: memsim drops it, docs/gc.md). */
function withoutIgnored(stderr: string): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of stderr.split("\n")) {
    if (line.startsWith("Exception ignored in: ")) { skipping = true; continue; }
    if (skipping) {
      if (line.startsWith("Traceback (most recent call last):") || /^\s/.test(line)) continue;
      skipping = false; // the report's last line, "Type: message"
      continue;
    }
    out.push(line);
  }
  return out.join("\n");
}

function firstDifference(a: string, b: string): string {
  const x = a.split("\n"), y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: python3 ${JSON.stringify(x[i] ?? "<end>")} memsim ${JSON.stringify(y[i] ?? "<end>")}`;
  }
  return "";
}

async function main() {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1]! : dflt; };
  const flag = (name: string) => args.includes(name);
  const seed = Number(opt("--seed", "1"));
  const count = Number(opt("--count", "200"));
  const maxSteps = Number(opt("--max-steps", "20000000"));
  if (flag("--print")) {
    for (let s = seed; s < seed + count; s++) process.stdout.write(`# seed ${s}\n${generate(s)}\n`);
    return;
  }
  const out = resolve(opt("--out", "") || mkdtempSync(join(tmpdir(), "memsim-fuzz-")));
  mkdirSync(out, { recursive: true });
  const tally = { ok: 0, refused: 0, steps: 0, timeout: 0, crash: 0, diverge: 0 };
  const refusals = new Map<string, number>();
  const failures: string[] = [];
  const batch = 8;
  const t0 = Date.now();
  for (let start = seed; start < seed + count; start += batch) {
    const seeds = Array.from({ length: Math.min(batch, seed + count - start) }, (_, i) => start + i);
    const files = seeds.map((s) => { const f = join(out, `seed-${s}.py`); writeFileSync(f, generate(s)); return f; });
    const oracle = Promise.all(files.map(cpython));
    const got = files.map((f, i) => flag("--cli") ? memsimCli(f, maxSteps) : memsimInProcess(f, generate(seeds[i]!), maxSteps, flag("--fresh")));
    const want = await oracle;
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i]!, f = files[i]!, g = got[i]!, w = want[i]!;
      let kind = "";
      let detail = "";
      if (g.crash) { kind = "CRASH"; detail = g.crash.split("\n").slice(0, 6).join(" | "); }
      else if (w.exitCode === null) { tally.timeout++; }
      else if (g.exitCode === 2) { tally.refused++; const c = /not supported yet|compiles to/.exec(g.stderr) ? g.stderr.replace(/^memsim: line \d+: /, "").trim() : g.stderr.trim(); refusals.set(c, (refusals.get(c) ?? 0) + 1); }
      else if (g.exitCode === 3) { tally.steps++; }
      else if (g.stdout !== w.stdout) { kind = "DIVERGE"; detail = `stdout ${firstDifference(w.stdout, g.stdout)}`; }
      else if (g.exitCode !== w.exitCode) { kind = "DIVERGE"; detail = `exit python3 ${w.exitCode} memsim ${g.exitCode}: ${g.stderr.trim().split("\n").pop()}`; }
      else if (w.exitCode === 1 && g.stderr !== withoutIgnored(w.stderr)) { kind = "DIVERGE"; detail = `traceback ${firstDifference(withoutIgnored(w.stderr), g.stderr)}`; }
      if (kind) {
        tally[kind === "CRASH" ? "crash" : "diverge"]++;
        writeFileSync(`${f}.python3`, `exit ${w.exitCode}\n--- stdout\n${w.stdout}--- stderr\n${w.stderr}`);
        writeFileSync(`${f}.memsim`, `exit ${g.exitCode}\n--- stdout\n${g.stdout}--- stderr\n${g.stderr}${g.crash ? `--- crash\n${g.crash}\n` : ""}`);
        const line = `${kind} seed=${s} ${f}  ${detail}`;
        failures.push(line);
        console.log(line);
      } else {
        if (!g.crash && g.exitCode !== 2 && g.exitCode !== 3 && w.exitCode !== null) tally.ok++;
        if (!flag("--keep")) rmSync(f);
      }
    }
    if ((start - seed) % 200 < batch) process.stderr.write(`[${start - seed + seeds.length}/${count}] ${JSON.stringify(tally)} ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  console.log(`\n${count} programs (seeds ${seed}..${seed + count - 1}): ${tally.ok} agree, ${tally.refused} refused (exit 2), ${tally.steps} over --max-steps, ${tally.timeout} python3 timeouts, ${tally.crash} crashes, ${tally.diverge} divergences`);
  if (refusals.size) console.log("refusals: " + [...refusals].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${n}x ${c}`).join("; "));
  if (failures.length) console.log(`failing programs in ${out}`);
  else if (!flag("--keep") && !opt("--out", "")) rmSync(out, { recursive: true, force: true }); // (nothing to look at)
  process.exitCode = failures.length ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
