#!/usr/bin/env python3
"""Record CPython 3.11's output of the `memsim py` differential corpus.

Usage:  python3 scripts/record-python.py [--out DIR] [--check] [NAME ...]

For every tests/python/*.py and examples/python/*.py (or only the NAMEs
given, e.g. `ints` or `example_tree`) this runs, in a fresh child,

    [setarch <machine> -R] python3 -S -X utf8 <name>.py     (cwd: the script's directory)

with the environment reduced to PYTHONHASHSEED=0 (str/bytes hashes, and so
the iteration order of sets and dict-free tables of strs, are then fixed:
SipHash-1-3 with an all-zero key, which memsim uses too).  Each script runs
twice and the recorder fails if the two runs differ in any byte.  It writes
tests/fixtures/python/<name>.json (examples: example_<name>.json); the fields
are described in tests/fixtures/python/README.md.

Before running anything it checks every script against the language subset
of docs/python.md (an allowlist of ast node types, builtins, modules and
methods, plus a denylist of constructs with the name memsim's refusal would
use): normal and err_* scripts must stay inside it, unsupported_* scripts
must contain exactly the construct named in their `# unsupported: <construct>`
header comment (the first one in source order is what memsim reports).
`--check` runs only this self-check.

Only the standard library is used; no timestamps are written.
"""

import argparse
import ast
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests", "python")
EXAMPLES = os.path.join(ROOT, "examples", "python")
DEFAULT_OUT = os.path.join(ROOT, "tests", "fixtures", "python")

PY = sys.executable
CHILD_FLAGS = ["-S", "-X", "utf8"]
CHILD_ENV = {"PYTHONHASHSEED": "0"}
REPEATS = 2
SLOW_SECONDS = 1.0

# The mallocstats parser and setarch detection of the heap oracle recorder.
_spec = importlib.util.spec_from_file_location(
    "record_cpython", os.path.join(ROOT, "scripts", "record-cpython.py"))
rc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rc)

# --------------------------------------------------------------------------
# The subset (docs/python.md, "The language subset")
# --------------------------------------------------------------------------

BUILTINS = {"print", "repr", "len", "range", "id", "type", "isinstance", "int",
            "float", "str", "bool", "list", "tuple", "dict", "set", "frozenset", "sum", "min",
            "max", "abs", "sorted", "reversed", "enumerate", "zip", "vars",
            "hash", "divmod", "chr", "ord", "round", "any", "all", "next", "iter",
            "object", "bytes", "slice", "map", "filter", "pow", "hex", "bin", "oct",
            "ascii", "callable", "format", "getattr", "setattr", "hasattr",
            "issubclass", "super", "property", "staticmethod", "classmethod"}
# the exception classes (assembly/python/exceptions.ts)
EXCEPTIONS = {"BaseException", "Exception", "ArithmeticError", "OverflowError",
              "ZeroDivisionError", "AssertionError", "AttributeError",
              "ImportError", "ModuleNotFoundError", "LookupError", "IndexError",
              "KeyError", "MemoryError", "NameError", "UnboundLocalError",
              "RuntimeError", "NotImplementedError", "RecursionError",
              "StopIteration", "TypeError", "ValueError", "GeneratorExit"}
BUILTINS |= EXCEPTIONS
MODULES = {"gc", "math", "sys"}
MODULE_ATTRS = {
    "sys": {"getsizeof", "getrefcount", "_debugmallocstats"},
    "gc": {"collect", "get_count", "enable", "disable", "isenabled",
           "get_threshold", "set_threshold", "get_stats", "get_objects",
           "is_tracked", "freeze", "unfreeze", "get_freeze_count",
           "callbacks", "garbage", "get_debug", "set_debug", "DEBUG_STATS",
           "DEBUG_COLLECTABLE", "DEBUG_UNCOLLECTABLE", "DEBUG_SAVEALL",
           "DEBUG_LEAK"},
    # the math module memsim has (assembly/python/mathmodule.ts)
    "math": {"pi", "e", "tau", "inf", "nan", "sqrt", "floor", "ceil", "trunc",
             "fabs", "copysign", "isfinite", "isinf", "isnan", "exp", "log",
             "log2", "log10", "gcd", "isqrt"},
}
# "the common list, dict, set and str methods": the ones the corpus uses.
METHODS = {
    # list
    "append", "extend", "insert", "pop", "remove", "index", "count", "sort",
    "reverse", "clear", "copy",
    # dict
    "get", "keys", "values", "items", "popitem", "setdefault", "update",
    # set
    "add", "discard", "union", "intersection", "difference",
    "symmetric_difference", "issubset", "issuperset", "isdisjoint", "difference_update",
    # str
    "join", "split", "rsplit", "strip", "lstrip", "rstrip", "upper", "lower",
    "replace", "startswith", "endswith", "find", "rfind", "isdigit", "isalpha",
    "isspace", "isupper", "islower", "title", "capitalize", "splitlines",
    "zfill", "ljust", "rjust", "center", "partition", "format",
    # exceptions (the members of NameError, AttributeError, ImportError, StopIteration), classes (and a type's own attributes)
    "args", "name", "obj", "msg", "path", "value", "__name__", "__class__", "__qualname__", "__module__", "__mro__",
    "__bases__", "__base__", "__doc__", "__dict__", "__weakref__",  # (an instance's __dict__)
    # property, staticmethod, classmethod, and the functions and bound methods they hold
    "getter", "setter", "deleter", "fget", "fset", "fdel", "__isabstractmethod__",
    "__func__", "__wrapped__", "__self__", "__annotations__",
}

# The special methods memsim gives a class slots for (assembly/python/slots.ts).
SPECIAL_METHODS = {
    "__init__", "__del__", "__repr__", "__str__", "__lt__", "__le__", "__eq__",
    "__ne__", "__gt__", "__ge__", "__len__", "__bool__", "__contains__",
    "__getitem__", "__setitem__", "__delitem__", "__iter__", "__pos__",
    "__neg__", "__invert__", "__abs__", "__call__", "__hash__", "__enter__",
    "__exit__",
} | {"__%s%s__" % (p, op) for p in ("", "r", "i") for op in (
    "add", "and", "floordiv", "lshift", "matmul", "mul", "mod", "or", "pow",
    "rshift", "sub", "truediv", "xor")}

# Allowed node types (anything else is refused with its DENY name, or as
# "<NodeType>" when it is not even listed there).
ALLOWED = {
    "Module", "Expr", "Assign", "AugAssign", "Delete", "If", "While", "For",
    "Break", "Continue", "FunctionDef", "Return", "ClassDef", "Pass", "Import", "ImportFrom", "Yield", "YieldFrom", "Nonlocal", "NamedExpr",
    "Starred", "Try", "ExceptHandler", "Raise", "Assert", "With", "withitem",
    "Global", "alias", "arguments", "arg", "keyword", "comprehension",
    "BoolOp", "BinOp", "UnaryOp", "Lambda", "IfExp", "Dict", "Set", "ListComp",
    "SetComp", "DictComp", "GeneratorExp", "Compare", "Call", "FormattedValue",
    "JoinedStr", "Constant", "Attribute", "Subscript", "Slice", "Name", "List",
    "Tuple", "Load", "Store", "Del",
    "And", "Or", "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift",
    "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv", "Invert", "Not", "UAdd",
    "USub", "Eq", "NotEq", "Lt", "LtE", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
}
DENY = {
    "TryStar": "except* clause",
    "AsyncWith": "async with", "AsyncFor": "async for",
    "AsyncFunctionDef": "async def", "Await": "await",
    "Match": "match statement",
    "AnnAssign": "annotation",
}


def subset_violations(tree):
    """Every construct outside the subset, as (line, construct, node type),
    in source order."""
    out = []

    def bad(node, construct):
        out.append((node.lineno, getattr(node, "col_offset", 0), construct,
                    type(node).__name__))

    bound = {"__class__"}  # (the implicit cell of a method using super)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    attrs_defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            attrs_defined.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            body = list(node.body)
            while body:
                st = body.pop()
                if isinstance(st, ast.FunctionDef):
                    attrs_defined.add(st.name)
                elif isinstance(st, ast.Assign):
                    for t in st.targets:
                        if isinstance(t, ast.Name):
                            attrs_defined.add(t.id)
                elif isinstance(st, ast.With):
                    # a with statement in a class body binds its targets and its body's names there
                    for item in st.items:
                        if isinstance(item.optional_vars, ast.Name):
                            attrs_defined.add(item.optional_vars.id)
                    body.extend(st.body)

    for node in ast.walk(tree):
        name = type(node).__name__
        if name in DENY:
            bad(node, DENY[name])
            continue
        if name not in ALLOWED:
            if hasattr(node, "lineno"):
                bad(node, "<%s>" % name)
            # (nodes without a line, like match_case, sit inside a refused one)
            continue
        if isinstance(node, ast.FunctionDef) and node.returns is not None:
            bad(node, "annotation")
        if isinstance(node, ast.ClassDef):
            # special methods memsim does not honour (host/python/unsupported.ts)
            for st in node.body:
                if (isinstance(st, ast.FunctionDef) and st.name.startswith("__")
                        and st.name.endswith("__")
                        and st.name not in SPECIAL_METHODS):
                    bad(st, "special method %s" % st.name)
            # bases: classes of the script, object, the exception classes (several: C3's MRO)
            if node.keywords:
                bad(node, "class keyword arguments")
            if any(isinstance(b, ast.Name) and b.id in BUILTINS - {"object"} - EXCEPTIONS
                   for b in node.bases):
                bad(node, "subclassing a built-in type")
        if isinstance(node, ast.arguments):
            if node.posonlyargs:
                bad(node.posonlyargs[0], "positional-only arguments")
        if isinstance(node, ast.arg) and node.annotation is not None:
            bad(node, "annotation")
        if isinstance(node, ast.comprehension) and node.is_async:
            bad(node.target, "async for")
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name not in MODULES:
                    bad(node, "import of %s" % a.name)
                elif a.asname:
                    bad(node, "import as")
        if isinstance(node, ast.ImportFrom):
            if node.level or node.module not in MODULES:
                bad(node, "import from %s" % node.module)
            else:
                for a in node.names:
                    if a.name not in MODULE_ATTRS[node.module]:
                        bad(node, "%s.%s" % (node.module, a.name))
        if isinstance(node, ast.Constant) and isinstance(node.value, complex):
            bad(node, "complex literal")
        if isinstance(node, ast.FormattedValue):
            if node.conversion not in (-1, ord("r")):
                bad(node, "f-string conversion !%s" % chr(node.conversion))
            spec = node.format_spec
            if spec is not None and not all(isinstance(v, ast.Constant)
                                            for v in spec.values):
                bad(node, "f-string nested format spec")
        if isinstance(node, ast.Compare):
            sides = [node.left] + node.comparators
            for i, op in enumerate(node.ops):
                if isinstance(op, (ast.Is, ast.IsNot)):
                    for c in (sides[i], sides[i + 1]):
                        if isinstance(c, ast.Constant) and not (
                                c.value is None or c.value is Ellipsis
                                or isinstance(c.value, bool)):
                            # CPython warns (SyntaxWarning on stderr)
                            bad(c, "'is' with a literal")
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in bound and node.id not in BUILTINS:
                bad(node, "builtin %s" % node.id)
        if isinstance(node, ast.Attribute):
            v = node.value
            if isinstance(v, ast.Name) and v.id in MODULE_ATTRS:
                if node.attr not in MODULE_ATTRS[v.id]:
                    bad(node, "%s.%s" % (v.id, node.attr))
            elif node.attr not in attrs_defined and node.attr not in METHODS:
                bad(node, "attribute .%s" % node.attr)
    out.sort()
    return [(line, construct, nodetype) for line, _col, construct, nodetype in out]


RE_UNSUPPORTED = re.compile(r"^# unsupported: (.+)$", re.M)
RE_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def classify(name):
    if name.startswith("unsupported_"):
        return "unsupported"
    if name.startswith("err_syntax_"):
        return "syntax_error"
    if name.startswith("err_"):
        return "runtime_error"
    return "normal"


def check_subset(path, kind):
    """Returns the unsupported expectation (or None); exits on a problem."""
    src = open(path, encoding="utf-8").read()
    rel = os.path.relpath(path, ROOT)
    try:
        tree = ast.parse(src, filename=os.path.basename(path))
    except SyntaxError as e:
        if kind != "syntax_error":
            sys.exit("%s: unexpected syntax error: %s" % (rel, e))
        return None
    if kind == "syntax_error":
        sys.exit("%s: err_syntax_ script parses" % rel)
    v = subset_violations(tree)
    if kind == "unsupported":
        m = RE_UNSUPPORTED.search(src)
        if not m:
            sys.exit("%s: no '# unsupported: <construct>' header" % rel)
        if not v:
            sys.exit("%s: uses no construct outside the subset" % rel)
        line, construct, node = v[0]
        if construct != m.group(1).strip():
            sys.exit("%s: first unsupported construct is %r at line %d, header says %r"
                     % (rel, construct, line, m.group(1).strip()))
        return {"line": line, "construct": construct, "node": node,
                "all": [{"line": a, "construct": b} for a, b, _ in v]}
    if kind == "runtime_error":
        # unknown names and attributes are what err_name/err_attr test
        v = [x for x in v if not x[1].startswith(("builtin ", "attribute ."))]
    if v:
        sys.exit("%s: outside the subset:\n%s" % (rel, "\n".join(
            "  line %d: %s" % (a, b) for a, b, _ in v)))
    return None


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------

def run_script(path):
    d, base = os.path.split(path)
    cmd = rc.setarch_prefix() + [PY] + CHILD_FLAGS + [base]
    with tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        r = subprocess.run(cmd, cwd=d, stdout=subprocess.PIPE, stderr=err,
                           env=CHILD_ENV, timeout=120)
        dt = time.monotonic() - t0
        err.seek(0)
        errtext = err.read().decode("utf-8")
    # __main__.__file__ (and so every traceback path) is absolute since 3.9;
    # keep fixtures machine independent: the script's directory is dropped.
    errtext = errtext.replace(d + os.sep, "")
    return r.returncode, r.stdout.decode("utf-8"), errtext, dt


RE_FRAME = re.compile(r'^  File "([^"]+)", line (\d+), in (.+)$')
RE_SFRAME = re.compile(r'^  File "([^"]+)", line (\d+)$')
RE_REPEAT = re.compile(r"^  \[Previous line repeated (\d+) more times?\]$")
RE_EXC = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:: (.*))?$")


def last_line(text):
    lines = text.rstrip("\n").split("\n")
    return lines[-1] if lines else ""


def parse_traceback(err):
    lines = err.rstrip("\n").split("\n")
    if lines[0] != "Traceback (most recent call last):":
        raise ValueError("not a traceback:\n" + err)
    frames = []
    for ln in lines[1:-1]:
        m = RE_FRAME.match(ln)
        if m:
            frames.append({"file": m.group(1), "line": int(m.group(2)),
                           "name": m.group(3)})
            continue
        m = RE_REPEAT.match(ln)
        if m:
            frames[-1]["repeated"] = int(m.group(1))
    # the exception: the first unindented line after the last frame (a
    # message may span lines: set_mro_error's has a line break)
    last = max(i for i, ln in enumerate(lines) if RE_FRAME.match(ln)) if frames else 0
    start = next((i for i in range(last + 1, len(lines))
                  if not lines[i].startswith(" ")), len(lines) - 1)
    m = RE_EXC.match(lines[start])
    if not m or not frames:
        raise ValueError("bad traceback:\n" + err)
    message = "\n".join([m.group(2) or ""] + lines[start + 1:])
    return {"type": m.group(1), "message": message,
            "line": frames[-1]["line"], "frames": frames}


def parse_syntax_error(err):
    lines = err.rstrip("\n").split("\n")
    m = RE_SFRAME.match(lines[0])
    e = RE_EXC.match(lines[-1])
    if not m or not e or not e.group(1).endswith("Error"):
        raise ValueError("bad syntax error:\n" + err)
    return {"type": e.group(1), "message": e.group(2) or "",
            "line": int(m.group(2))}


RE_COMPARE = re.compile(r"^# mallocstats-compare: (\d+) (\d+)(?: (.*))?$", re.M)


def jsonable_snapshot(s):
    s = dict(s)
    s["classes"] = {str(k): v for k, v in sorted(s["classes"].items())}
    fl = dict(s["freelists"])
    fl["tuple"] = {str(k): v for k, v in sorted(fl["tuple"].items())}
    s["freelists"] = fl
    return s


def mallocstats_record(src, err, rel):
    snaps = rc.split_snapshots(err)
    compare = []
    for m in RE_COMPARE.finditer(src):
        a, b = int(m.group(1)), int(m.group(2))
        if not (0 <= a < b < len(snaps)):
            sys.exit("%s: mallocstats-compare %d %d: only %d snapshots"
                     % (rel, a, b, len(snaps)))
        d = rc.delta(snaps[a], snaps[b])
        compare.append({
            "from": a, "to": b, "what": (m.group(3) or "").strip(),
            "blocks": {size: v["blocks"] for size, v in d["classes"].items()
                       if v["blocks"]},
            "bytes_in_allocated_blocks": d["summary"].get(
                "bytes_in_allocated_blocks", 0),
            "freelists": d["freelists"],
        })
    return {
        "count": len(snaps),
        "compare": compare,
        "snapshots": [jsonable_snapshot(s) for s in snaps],
    }


def record(path, fixture_name, out_dir, header):
    rel = os.path.relpath(path, ROOT)
    name = os.path.basename(path)[:-3]
    kind = classify(name)
    unsupported = check_subset(path, kind)
    src = open(path, encoding="utf-8").read()
    runs = [run_script(path) for _ in range(REPEATS)]
    for r in runs[1:]:
        if r[:3] != runs[0][:3]:
            sys.exit("%s: two runs differ" % rel)
    code, out, err, dt = runs[0]
    if dt > SLOW_SECONDS:
        print("warning: %s took %.2f s" % (rel, dt), file=sys.stderr)
    if re.search(r" at 0x[0-9a-f]+", out):
        sys.exit("%s: stdout shows an address" % rel)
    fx = dict(header)
    fx["script"] = rel
    fx["kind"] = kind
    fx["command"] = " ".join(["python3"] + CHILD_FLAGS + [os.path.basename(path)])
    fx["exit_code"] = code
    fx["stdout"] = out
    fx["stderr_last_line"] = last_line(err) if err else ""
    memsim = {"exit_code": code, "stdout": out}
    if kind in ("normal", "unsupported"):
        if code != 0:
            sys.exit("%s: exit code %d\n%s" % (rel, code, err))
        if "import sys" in src and "_debugmallocstats" in src:
            fx["stderr"] = err
            fx["mallocstats"] = mallocstats_record(src, err, rel)
            fx["stderr_last_line"] = ""
        elif err.startswith("Exception ignored in: "):
            # unraisable exceptions (a __del__'s, a gc callback's): compared with their addresses masked
            fx["stderr"] = err
            memsim["stderr_masked"] = RE_ADDRESS.sub(" at 0x...", err)
        elif err:
            sys.exit("%s: unexpected stderr:\n%s" % (rel, err))
    elif kind == "runtime_error":
        if code != 1:
            sys.exit("%s: exit code %d, want 1" % (rel, code))
        fx["stderr"] = err
        fx["error"] = parse_traceback(err)
        memsim["stderr_last_line"] = fx["stderr_last_line"]
    else:
        if code != 1 or out:
            sys.exit("%s: exit code %d, stdout %r" % (rel, code, out))
        fx["stderr"] = err
        fx["syntax_error"] = parse_syntax_error(err)
        memsim["stderr_last_line"] = fx["stderr_last_line"]
        memsim["line"] = fx["syntax_error"]["line"]
    if kind == "unsupported":
        fx["unsupported"] = unsupported
        memsim = {"exit_code": 2, "stdout": "",
                  "stderr_regex": r"^memsim: line %d: .+ is not supported yet\n?$"
                                  % unsupported["line"]}
    fx["memsim"] = memsim
    target = os.path.join(out_dir, fixture_name + ".json")
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(fx, indent=1, ensure_ascii=False) + "\n")
    return kind, dt


def check_python():
    v = sys.version_info
    if (v.major, v.minor) != (3, 11) or sys.implementation.name != "cpython":
        sys.exit("need CPython 3.11, got %s" % sys.version)
    if sys.maxsize != 2 ** 63 - 1:
        sys.exit("need a 64-bit build")
    r = subprocess.run([PY] + CHILD_FLAGS + ["-c",
                        "import sys; print(sys.hash_info.algorithm); "
                        "sys._debugmallocstats()"],
                       capture_output=True, env=CHILD_ENV, text=True)
    if r.stdout.strip() != "siphash13":
        sys.exit("need the siphash13 str hash, got %r" % r.stdout)
    if rc.HEADER not in r.stderr:
        sys.exit("sys._debugmallocstats() printed no pymalloc stats "
                 "(built --without-pymalloc or PYTHONMALLOC set?)")


def all_scripts():
    items = []
    for d, prefix in ((TESTS, ""), (EXAMPLES, "example_")):
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f.endswith(".py"):
                    items.append((os.path.join(d, f), prefix + f[:-3]))
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true",
                    help="only check the scripts against the subset")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    items = all_scripts()
    if args.names:
        want = set(n[:-3] if n.endswith(".py") else n for n in args.names)
        items = [it for it in items if it[1] in want]
        if len(items) != len(want):
            sys.exit("unknown script among %s" % sorted(want))
    if args.check:
        for path, fname in items:
            u = check_subset(path, classify(os.path.basename(path)[:-3]))
            if u:
                print("%s: line %d: %s" % (fname, u["line"], u["construct"]))
        print("%d scripts inside the subset (or refused as declared)" % len(items))
        return
    check_python()
    if not rc.setarch_prefix():
        print("warning: setarch -R unavailable; mallocstats pools/arenas may vary",
              file=sys.stderr)
    os.makedirs(args.out, exist_ok=True)
    header = {"python": sys.version.replace("\n", " "),
              "implementation": "%s %s" % (platform.python_implementation(),
                                           platform.python_version()),
              "machine": platform.machine(),
              "hash_algorithm": sys.hash_info.algorithm,
              "env": CHILD_ENV,
              "aslr_disabled": bool(rc.setarch_prefix())}
    kinds = {}
    total = 0.0
    for path, fname in items:
        kind, dt = record(path, fname, args.out, header)
        kinds[kind] = kinds.get(kind, 0) + 1
        total += dt
    print("recorded %d scripts (%s) in %s; slowest run total %.1f s" % (
        len(items), ", ".join("%d %s" % (v, k) for k, v in sorted(kinds.items())),
        os.path.relpath(args.out, os.getcwd()), total))


if __name__ == "__main__":
    main()
