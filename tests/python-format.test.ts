// str.format and printf-style str % args (assembly/python/strformat.ts) against
// CPython 3.11: each expression's repr, or its exception's last line, as
// python3 gives them (one python3 run evaluates them all), and the reference
// counts the calls leave (str.format's args tuple and kwargs dict are freed).
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { loadCore } from "../host/core-node.js";
import { applyMachine, defaultMachine } from "../host/config/machine.js";
import { runPython } from "../host/python/runner.js";

/** Expressions: results, and the errors CPython raises with their messages. */
const CASES: string[] = [
  "'{'.format()",
  "'}'.format()",
  "'{0'.format(1)",
  "'{0!x}'.format(1)",
  "'{0!rr}'.format(1)",
  "'{} {0}'.format(1)",
  "'{0} {}'.format(1)",
  "'{2}'.format(1)",
  "'{x}'.format(1)",
  "'{:d}'.format('a')",
  "'{0[0]}'.format('ab')",
  "'{:{w}}'.format(3, w=5)",
  "'{a{b}c}'.format()",
  "'{:{}}'.format(3, 4)",
  "'{!r:>8}'.format('x')",
  "'{0[x]}'.format({'x':1})",
  "'{0[1}'.format('ab')",
  "'{{}}'.format()",
  "'{} and {}'.format('a', 2.5)",
  "'{:>10}|{:<6}|{:^7}|'.format('r', 'l', 'c')",
  "'{:08.3f}'.format(-3.14159)",
  "'{:,}'.format(1234567)",
  "'{:x} {:#b} {:o}'.format(255, 5, 8)",
  "'{name} is {age} years'.format(name='Ann', age=30)",
  "'{0} {1} {0}'.format('a', 'b')",
  "'{}'.format([1, 2])",
  "'{:>6}'.format([1])",
  "'{}'.format(None)",
  "'{!s} {!a}'.format('\u00e9', '\u00e9')",
  "'{!a}'.format('\\u20ac \\U0001f600 \\x07')",
  "f'{\"\u00e9\"!a}'",
  "'%a' % ['\\u1234']",
  "'{:>5}'.format(None)",
  "f'{None:>5}'",
  "'{:d}'.format([])",
  "'{:.2%}'.format(0.256)",
  "'{:e}'.format(12345.678)",
  "'{:g}'.format(0.00001234)",
  "'{}'.format(True)",
  "'{:d}'.format(True)",
  "'{:5}|'.format(True)",
  "'{0!}'.format(1)",
  "'{!}'.format(1)",
  "'{0:{1}.{2}f}'.format(3.14159, 10, 2)",
  "'{:{}{}}'.format(1, '>', 5)",
  "'{:{:{}}}'.format(1, 2, 3)",
  "'x{}y'.format(1, 2)",
  "'{0.x}'.format(1)",
  "'{[2]}'.format([1])",
  "'{0..x}'.format(1)",
  "'{0[0]x}'.format([1])",
  "'{0[]}'.format([1])",
  "'{}'.format(1e16)",
  "'{:.3}'.format(3.14159)",
  "'{:.3}'.format('abcdef')",
  "'{:=^9}'.format('hi')",
  "'{:+d}'.format(5)",
  "'{: d}'.format(5)",
  "'%d' % 'a'",
  "'%x' % 3.5",
  "'%f' % 'a'",
  "'%c' % 'ab'",
  "'%c' % 3.0",
  "'%z' % 1",
  "'%' % ()",
  "'%s %s' % (1,)",
  "'%s' % (1, 2)",
  "'%(a)s' % (1,)",
  "'%(a)s' % {}",
  "'%*d' % ('a', 1)",
  "'%.3d|%5.3d|%-5d|%05d|%+d|% d' % (5, 5, 5, -5, 5, 5)",
  "'%#x %#o %#X %x' % (255, 8, 255, -255)",
  "'%s' % [1]",
  "'x' % [1]",
  "'x' % 1",
  "'%5.1f|%-8.3e|%g|%G|%#g' % (3.14159, 1234.5, 1e-5, 1e20, 1.0)",
  "'%d' % 3.7",
  "'%d' % True",
  "'%s' % None",
  "'%r %a' % ('\u00e9', '\u00e9')",
  "'%c%c' % (65, 'b')",
  "'%5s|%-5s|%.2s' % ('abc', 'abc', 'abc')",
  "'%(a)s %(b)d' % {'a': 1, 'b': 2}",
  "'%%'  % ()",
  "'%5%' % ()",
  "'%d' % float('nan')",
  "'%05f' % float('nan')",
  "'%d'%(2**70)",
  "'%i %u' % (1, 2)",
  "'%ld' % 5",
  "'%c' % 0x110000",
  "'%.0f %.0f' % (0.5, 1.5)",
  "'%s' % ()",
  "'%s' % ((),)",
  "'%(a' % {}",
  "'%(a)' % {'a':1}",
  "'%5%' % (1,)",
  "'%-%' % ()",
  "'%.2%' % (3,)",
  "'%l' % 1",
  "'%ld %hd %Ld' % (1,2,3)",
  "'%(a)s %s' % {'a':1}",
  "'%s %(a)s' % {'a':1}",
  "'%(a)s' % [1]",
  "'%(a)s %(a)s' % {'a': 2}",
  "'%*.*f' % (8, 2, 3.14159)",
  "'%-*d|' % (-5, 1)",
  "'%*d|' % (-5, 1)",
  "'%x' % True",
  "'%o' % -8",
  "'%+.2e' % 0.0",
  "'%e' % 1e300",
  "'% 05.1f' % 2.25",
  "'%X' % 2**70",
  "'%c' % -1",
  "'%.3s' % 12345",
  "'%s' % b'x'",
  "'%5c|' % 65",
  "'%#.0f' % 3",
  "'%g' % 123456789",
  "'%.3g' % 0.0001234",
  "'%r' % ['a']",
  "'%05.3d|' % 5",
  "'%#010x|' % 255",
  "'%-05d|' % 5",
  "'%+05d|' % 5",
  "'% 5d|' % -5",
  "'%#5o|' % 8",
  "'%08.3f|' % -3.14159",
  "'%-8.2f|' % 3.14159",
  "'%+.1f' % 2.0",
  "'%010s|' % 'ab'",
  "'%-+6d|' % 3",
  "'%.0e' % 12345",
  "'%#x' % 0",
  "'%#.3x' % 5",
  "'%c|%3c|%-3c|' % ('x', 'y', 'z')",
  "'%.2r' % 'abc'",
  "'%5.1s|' % 'abc'",
  "'%s' % 3.0",
  "'%s' % 1e16",
  "'%f' % 10**20",
  "'%d' % -0.5",
  "'%x' % -0",
  "'%F' % float('inf')",
  "'%e' % float('-inf')",
  "'%08.2f' % float('inf')",
  "'%s=%d' % ('x', 3)",
  "'%6.2f%%' % 12.345",
  "'%s' % 'plain'",
  "'%s %s' % ('a', 'b') + '!'",
  "'a' % ()",
  "'%s' % {'k': 1}",
  "'%(k)s' % {'k': [1, 2]}",
  "'%d items' % 3",
  "'%x' % 3.0",
  "'%i' % 2.5",
  "'%u' % -2.5",
  "'%d' % float('inf')",
];

function memsim(source: string): { stdout: string; last: string; exitCode: number } {
  const core = loadCore();
  applyMachine(core, defaultMachine());
  let stdout = "";
  const r = runPython(core, source, "f.py", { maxSteps: 1_000_000, write: (t) => { stdout += t; } });
  return { stdout, last: r.stderr.trimEnd().split("\n").pop() ?? "", exitCode: r.exitCode };
}

const python = (source: string) => execFileSync("python3", ["-c", source], { encoding: "utf8" });

describe("str.format and str % args, against python3", () => {
  const want: string[] = JSON.parse(python(`import json
out = []
for c in json.loads(${JSON.stringify(JSON.stringify(CASES))}):
    try: out.append(repr(eval(c)))
    except Exception as e: out.append(type(e).__name__ + ": " + str(e))
print(json.dumps(out))`));
  it("has the cases python3 evaluated", () => expect(want.length).toBe(CASES.length));
  CASES.forEach((c, i) => {
    it(c, () => {
      const r = memsim(`print(repr(${c}))\n`);
      expect(r.exitCode === 0 ? r.stdout.trimEnd() : r.last).toBe(want[i]);
    });
  });
  it("formats a class's attributes and items, keywords and nested specs in a script", () => {
    const source = [
      "import sys",
      "class P:",
      "    def __init__(self, x, tags):",
      "        self.x = x",
      "        self.tags = tags",
      "p = P(2.5, ['a', 'b'])",
      "row = {'name': 'w', 'n': 3}",
      "print('{0.x:>6.2f}|{0.tags[1]}|{r[name]}:{r[n]:03d}'.format(p, r=row))",
      "print('%(name)s=%(n)d' % row, '%-4s|%4s|' % ('ab', 'cd'))",
      "for w in (4, 8):",
      "    print('[{:^{w}}]'.format('mid', w=w), '[%*d]' % (w, 7))",
      "x = [1]",
      "s = '{} {!r}'.format(x, x)",
      "t = '%s %r' % (x, x)",
      "print(s, t, sys.getrefcount(x), sys.getrefcount(row))",
    ].join("\n") + "\n";
    const r = memsim(source);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(python(source));
  });
});
