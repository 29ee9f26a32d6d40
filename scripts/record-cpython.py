#!/usr/bin/env python3
"""Record the CPython 3.11 differential-test oracle for memsim's Python heap.

Usage:  python3 scripts/record-cpython.py [--out DIR] [--quick]

Writes, into tests/fixtures/cpython/ (or DIR):
  patterns.json            sys._debugmallocstats() deltas per allocation pattern
  noise.json               what moves when the controls below are dropped
  sizes.json               sys.getsizeof / __sizeof__ / type layout of objects
  growth.json              list capacities, dict and set sizes as they grow
  refcounts.json           sys.getrefcount in canonical situations
  mallocstats-sample.txt   one complete raw sys._debugmallocstats() text
  mallocstats-sample.json  the same text, parsed (for formatter tests)

Every measurement runs in a fresh child interpreter (sys.executable, which
must be CPython 3.11, 64-bit, built with pymalloc) started as
    setarch <machine> -R <python> -S -c <program>
with the environment reduced to PYTHONHASHSEED=0.  `setarch -R` disables
address-space randomisation: arenas come from mmap, and whether an arena is
16 KiB (pool) aligned -- which decides between 63 and 64 usable pools and the
"bytes lost to arena alignment" line -- depends on the address.  With ASLR
off and a fixed hash seed every run is byte-for-byte reproducible; the script
runs each case twice and fails if the two runs differ.  See
tests/fixtures/cpython/README.md for the method and every field.

The script only uses the standard library and writes no timestamps.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "tests", "fixtures", "cpython")

PY = sys.executable
CHILD_FLAGS = ["-S"]            # no site: fewer modules, fewer incidental objects
CHILD_ENV = {"PYTHONHASHSEED": "0"}
REPEATS = 2                     # every case is run this often and must agree

# --------------------------------------------------------------------------
# Child process runner
# --------------------------------------------------------------------------

_SETARCH = None


def setarch_prefix():
    """Return ['setarch', machine, '-R'] if it works here, else []."""
    global _SETARCH
    if _SETARCH is None:
        cand = ["setarch", platform.machine(), "-R"]
        try:
            r = subprocess.run(cand + [PY, "-c", "pass"], capture_output=True,
                               env=CHILD_ENV, timeout=30)
            _SETARCH = cand if r.returncode == 0 else []
        except (OSError, subprocess.TimeoutExpired):
            _SETARCH = []
    return _SETARCH


def run_child(program, args=(), aslr_off=True, env=None, flags=None):
    """Run `program` in a fresh interpreter.  Returns (stdout, stderr).

    stderr goes to a temporary file (not a pipe), so the child's
    sys._debugmallocstats() writes go straight to a regular file."""
    cmd = (setarch_prefix() if aslr_off else []) + [PY] + \
        (CHILD_FLAGS if flags is None else flags) + ["-c", program] + \
        [str(a) for a in args]
    with tempfile.TemporaryFile() as err:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err,
                           env=CHILD_ENV if env is None else env, timeout=600)
        err.seek(0)
        errtext = err.read().decode("utf-8")
    if r.returncode != 0:
        raise RuntimeError("child failed (%d):\n%s\n%s" %
                           (r.returncode, program, errtext))
    return r.stdout.decode("utf-8"), errtext


# --------------------------------------------------------------------------
# Parsing sys._debugmallocstats() output (Objects/obmalloc.c, 3.11)
# --------------------------------------------------------------------------

HEADER = "Small block threshold = "
RE_THRESH = re.compile(r"^Small block threshold = (\d+), in (\d+) size classes\.$")
RE_CLASS = re.compile(r"^ *(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$")
RE_ONE = re.compile(r"^(.*?) *=  *([\d,]+)$")          # printone(): msg, '=', value
RE_FREE = re.compile(r"^ *(\d+) free (?:(\d+)-sized )?(\w+?)s \* (\d+) bytes each$")

SUMMARY_KEYS = {
    "# arenas allocated total": "arenas_allocated_total",
    "# arenas reclaimed": "arenas_reclaimed",
    "# arenas highwater mark": "arenas_highwater",
    "# arenas allocated current": "arenas_current",
    "# bytes in allocated blocks": "bytes_in_allocated_blocks",
    "# bytes in available blocks": "bytes_in_available_blocks",
    "# bytes lost to pool headers": "bytes_lost_to_pool_headers",
    "# bytes lost to quantization": "bytes_lost_to_quantization",
    "# bytes lost to arena alignment": "bytes_lost_to_arena_alignment",
    "# arena map mid nodes": "arena_map_mid_nodes",
    "# arena map bot nodes": "arena_map_bot_nodes",
    "# bytes lost to arena map root": "arena_map_root_bytes",
    "# bytes lost to arena map mid": "arena_map_mid_bytes",
    "# bytes lost to arena map bot": "arena_map_bot_bytes",
}
FREELIST_NAMES = {"PyDictObject": "dict", "PyFloatObject": "float",
                  "PyListObject": "list", "PyTupleObject": "tuple"}


def num(s):
    return int(s.replace(",", ""))


def parse_stats(text):
    """Parse one sys._debugmallocstats() text into a dict.  Raises on any
    line it does not understand, so format drift is never silently lost."""
    st = {"classes": {}, "freelists": {"tuple": {}}}
    totals = []
    section = "pymalloc"
    for line in text.split("\n"):
        if not line.strip():
            continue
        m = RE_THRESH.match(line)
        if m:
            st["small_block_threshold"] = int(m.group(1))
            st["num_size_classes"] = int(m.group(2))
            continue
        if line.startswith("class   size") or line.startswith("-----"):
            continue
        m = RE_CLASS.match(line)
        if m and section == "pymalloc":
            idx, size, pools, blocks, avail = map(int, m.groups())
            assert size == (idx + 1) * 16, line
            st["classes"][idx] = {"size": size, "pools": pools,
                                  "blocks": blocks, "avail": avail}
            continue
        if line == "arena map counts":
            section = "arena_map"
            continue
        m = RE_ONE.match(line)
        if not m:
            raise ValueError("unparsed mallocstats line: %r" % line)
        msg, value = m.group(1), num(m.group(2))
        if msg in SUMMARY_KEYS:
            st[SUMMARY_KEYS[msg]] = value
            continue
        mm = re.match(r"^(\d+) arenas \* (\d+) bytes/arena$", msg)
        if mm:
            st["arenas_bytes"] = value
            st["arena_size"] = int(mm.group(2))
            assert int(mm.group(1)) * int(mm.group(2)) == value
            continue
        mm = re.match(r"^(\d+) unused pools \* (\d+) bytes$", msg)
        if mm:
            st["unused_pools"] = int(mm.group(1))
            st["pool_size"] = int(mm.group(2))
            assert int(mm.group(1)) * int(mm.group(2)) == value
            continue
        if msg == "Total":
            totals.append(value)
            continue
        mm = RE_FREE.match(msg)
        if mm:
            n, k, typ, each = mm.groups()
            key = FREELIST_NAMES.get(typ, typ)
            if k is not None:
                st["freelists"][key][int(k)] = int(n)
            else:
                st["freelists"][key] = int(n)
            st.setdefault("freelist_bytes_each", {})[
                key if k is None else "%s%s" % (key, k)] = int(each)
            assert int(n) * int(each) == value, line
            continue
        raise ValueError("unknown mallocstats entry: %r" % line)
    st["total_pymalloc"] = totals[0]
    if len(totals) > 1:
        st["arena_map_total"] = totals[1]
    # The invariant memsim must keep: the pymalloc lines sum to arenas * 1 MiB.
    parts = (st["bytes_in_allocated_blocks"] + st["bytes_in_available_blocks"]
             + st["unused_pools"] * st["pool_size"]
             + st["bytes_lost_to_pool_headers"] + st["bytes_lost_to_quantization"]
             + st["bytes_lost_to_arena_alignment"])
    assert parts == st["total_pymalloc"] == st["arenas_bytes"], st
    return st


def split_snapshots(text):
    chunks = text.split(HEADER)
    if chunks[0].strip():
        raise ValueError("unexpected stderr output: %r" % chunks[0][:500])
    return [parse_stats(HEADER + c) for c in chunks[1:]]


SCALARS = ["arenas_allocated_total", "arenas_reclaimed", "arenas_highwater",
           "arenas_current", "bytes_in_allocated_blocks",
           "bytes_in_available_blocks", "unused_pools",
           "bytes_lost_to_pool_headers", "bytes_lost_to_quantization",
           "bytes_lost_to_arena_alignment", "arena_map_mid_nodes",
           "arena_map_bot_nodes"]


def delta(a, b):
    """b - a, keeping only what changed."""
    d = {}
    cls = {}
    for idx in sorted(set(a["classes"]) | set(b["classes"])):
        x = a["classes"].get(idx, {"pools": 0, "blocks": 0, "avail": 0})
        y = b["classes"].get(idx, {"pools": 0, "blocks": 0, "avail": 0})
        dd = {k: y[k] - x[k] for k in ("pools", "blocks", "avail")}
        if any(dd.values()):
            cls[str((idx + 1) * 16)] = dict(dd, **{"class": idx})
    d["classes"] = cls
    s = {k: b[k] - a[k] for k in SCALARS if b[k] != a[k]}
    d["summary"] = s
    fl = {}
    for k in ("dict", "float", "list"):
        if b["freelists"][k] != a["freelists"][k]:
            fl[k] = b["freelists"][k] - a["freelists"][k]
    for n in sorted(b["freelists"]["tuple"]):
        v = b["freelists"]["tuple"][n] - a["freelists"]["tuple"][n]
        if v:
            fl["tuple%d" % n] = v
    d["freelists"] = fl
    return d


def stage_record(name, a, b):
    """One stage: the delta b - a, plus the parts of the state before the
    stage that decide pool and arena deltas (a model starting from another
    state needs them to predict those)."""
    d = delta(a, b)
    rec = {"stage": name}
    cls = {}
    for size, v in d["classes"].items():
        c = a["classes"].get(v["class"], {"pools": 0, "blocks": 0, "avail": 0})
        cls[size] = {"class": v["class"], "pools": v["pools"],
                     "blocks": v["blocks"], "avail": v["avail"],
                     "before": [c["pools"], c["blocks"], c["avail"]]}
    rec["classes"] = cls
    rec["summary"] = d["summary"]
    rec["freelists"] = d["freelists"]
    rec["arenas_before"] = {
        "current": a["arenas_current"], "unused_pools": a["unused_pools"],
        "unaligned": a["bytes_lost_to_arena_alignment"] // a["pool_size"]}
    fl = {k: a["freelists"][k] for k in ("dict", "float", "list") if a["freelists"][k]}
    fl.update({"tuple%d" % n: v for n, v in a["freelists"]["tuple"].items() if v})
    rec["freelists_before"] = fl
    return rec


# --------------------------------------------------------------------------
# Allocation patterns
# --------------------------------------------------------------------------

CHILD_PATTERN = r'''
import gc, sys
N = int(sys.argv[1])
WARM = 64
WN = max(N, WARM)
snap = sys._debugmallocstats
x = None
%(setup)s
%(stage_defs)s
# Warm-up: run every stage once on a separate container, so that code
# objects are quickened, caches and types are initialised, and one sample
# object can be measured with getsizeof.
W = %(init_warm)s
stage0(W, WARM, x)
sample = %(sample)s
%(warm_rest)s
del W
L = %(init)s
gc.collect()          # empties the float/list/dict/tuple free lists
%(gc_state)s
snap()                # snapshot 0
snap()                # snapshot 1: snap() itself must allocate nothing
%(run_stages)s
import json
print(json.dumps({"sample_getsizeof": sample}))
'''

ALLOC = "for i in range(N):\n    L[i] = %s"
FREE_EVEN = "for i in range(0, N, 2):\n    L[i] = None"
FREE_ODD = "for i in range(1, N, 2):\n    L[i] = None"


def obj_pattern(name, expr, setup="", desc="", block="", gc_on=False):
    return {
        "name": name, "description": desc, "setup": setup.strip(),
        "container": "L = [None] * N (created before the first snapshot)",
        "init": "[None] * N", "init_warm": "[None] * WARM",
        "stages": [("alloc", ALLOC % expr), ("free_even", FREE_EVEN),
                   ("free_odd", FREE_ODD)],
        "sample": "sys.getsizeof(W[1])", "expr": expr, "block": block,
        "gc": gc_on, "ns": [0, 1, 10000, 100000],
    }


STR_SETUP = "P = %r\nS = [format(i, '06d') for i in range(WN)]"
BYTES_SETUP = "P = %r\nS = [format(i, '06d').encode() for i in range(WN)]"


def build_patterns():
    pats = [
        obj_pattern("float", "i + 0.5",
                    desc="N floats (int + float: exactly one float allocated per item)",
                    block="float: 24 bytes -> 32-byte class"),
        obj_pattern("int_1digit", "1000 + i",
                    desc="N ints 1000..1000+N-1 (one 30-bit digit, exact size)",
                    block="28 bytes -> 32"),
    ]
    for d, sh in ((2, 40), (3, 70), (4, 100), (5, 130), (6, 160)):
        pats.append(obj_pattern(
            "int_%ddigit_add" % d, "B + i", setup="B = 1 << %d" % sh,
            desc="N ints (1<<%d) + i: %d digits; x_add allocates %d digits "
                 "(size_a + 1) and only shrinks ob_size" % (sh, d, d + 1),
            block="getsizeof %d, block of %d bytes -> %d class" %
                  (24 + 4 * d, 24 + 4 * (d + 1), (24 + 4 * (d + 1) + 15) // 16 * 16)))
    for d, sh in ((2, 40), (3, 70)):
        pats.append(obj_pattern(
            "int_%ddigit_neg" % d, "-(B + i)", setup="B = 1 << %d" % sh,
            desc="N ints -((1<<%d) + i): the sum is a temporary, the negation "
                 "(_PyLong_Copy) is allocated with exactly %d digits" % (sh, d),
            block="%d bytes -> %d" % (24 + 4 * d, (24 + 4 * d + 15) // 16 * 16)))
    pats += [
        obj_pattern("tuple3", "(x, x, x)",
                    desc="N 3-tuples of None (BUILD_TUPLE; GC-tracked)",
                    block="16 GC head + 24 + 3*8 = 64"),
        obj_pattern("tuple3_gc_enabled", "(x, x, x)", gc_on=True,
                    desc="as tuple3 but with the cyclic GC enabled: automatic "
                         "collections run; a generation-2 one clears the free lists",
                    block="64"),
        obj_pattern("list_empty", "[]", desc="N empty lists (no item array)",
                    block="16 + 40 = 56 -> 64"),
        obj_pattern("list3", "[x, x, x]",
                    desc="N lists of 3 items (object + separate 24-byte item array)",
                    block="object 64, items 24 -> 32"),
        obj_pattern("dict_empty", "{}",
                    desc="N empty dicts (shared static empty keys, no table)",
                    block="16 + 48 = 64"),
        obj_pattern("dict3_str", "{'a': x, 'b': x, 'c': x}",
                    desc="N dicts with 3 str keys (BUILD_CONST_KEY_MAP, unicode keys table, 8 slots)",
                    block="object 64, keys 32 + 8 + 5*16 = 120 -> 128"),
        obj_pattern("dict3_int", "{1: x, 2: x, 3: x}",
                    desc="N dicts with 3 int keys (general keys table, 8 slots)",
                    block="object 64, keys 32 + 8 + 5*24 = 160 -> 160"),
        obj_pattern("set_empty", "set()", desc="N empty sets",
                    block="16 + 200 = 216 -> 224"),
        obj_pattern("set3", "{1, 2, 3}",
                    desc="N sets of 3 small ints (BUILD_SET + SET_UPDATE; stays in the 8-slot smalltable)",
                    block="224"),
    ]
    for kind, ch in (("ascii", "a"), ("latin1", "\xe9"), ("ucs2", "\u20ac"),
                     ("ucs4", "\U0001f600")):
        for length in (8, 40):
            csize = 1 if kind in ("ascii", "latin1") else (2 if kind == "ucs2" else 4)
            # 3.11 PyASCIIObject is 48 bytes (it still has wstr),
            # PyCompactUnicodeObject 72; plus (length + 1) code units.
            base = 48 if kind == "ascii" else 72
            size = base + (length + 1) * csize
            pats.append(obj_pattern(
                "str_%s_%d" % (kind, length), "P + S[i]",
                setup=STR_SETUP % (ch * (length - 6)),
                desc="N %s str of length %d: a %d-char prefix + a prebuilt "
                     "6-digit ASCII suffix (concatenation allocates exactly)" %
                     (kind, length, length - 6),
                block="%d -> %d" % (size, (size + 15) // 16 * 16)))
    for length in (8, 40):
        size = 33 + length
        pats.append(obj_pattern(
            "bytes_%d" % length, "P + S[i]",
            setup=BYTES_SETUP % (b"b" * (length - 6)),
            desc="N bytes of length %d (prefix + prebuilt 6-byte suffix)" % length,
            block="%d -> %d" % (size, (size + 15) // 16 * 16)))
    pats += [
        obj_pattern("instance_plain", "C()", setup="class C:\n    pass",
                    desc="N instances of `class C: pass`; object_new also allocates the "
                         "inline values array even with no attributes",
                    block="object 16 GC + 16 pre-header + 24 = 56 -> 64; values array "
                          "of 1 slot after warm-up (8-byte prefix + 8) -> 16"),
        obj_pattern("instance_2attrs", "C2(x)",
                    setup="class C2:\n    def __init__(self, v):\n"
                          "        self.a = v\n        self.b = v",
                    desc="N instances of a class whose __init__ sets 2 attributes "
                         "(object + inline values array from the class's shared keys)",
                    block="object 64; values array of 3 slots (2 keys + 1 usable; "
                          "8 + 24 = 32) -> 32; +1 block of 48: the 1-tuple of call "
                          "arguments, left on the tuple free list"),
        obj_pattern("instance_slots2", "S2(x)",
                    setup="class S2:\n    __slots__ = ('a', 'b')\n"
                          "    def __init__(self, v):\n        self.a = v\n        self.b = v",
                    desc="N instances of a class with __slots__ = ('a', 'b')",
                    block="16 GC + 16 + 2*8 = 48; +1 block of 48: the 1-tuple of "
                          "call arguments (S2(x) goes through tp_call), left on the "
                          "1-tuple free list"),
    ]
    # One list grown by append, then cleared.
    pats.append({
        "name": "list_append", "setup": "",
        "description": "one list grown to N items by L.append(None), then L.clear(); "
                       "only the item array is allocated (pymalloc while <= 512 bytes, "
                       "i.e. capacity <= 64, then the system allocator)",
        "container": "L = [] (created before the first snapshot)",
        "init": "[]", "init_warm": "[]",
        "stages": [("append", "for i in range(N):\n    L.append(x)"),
                   ("clear", "L.clear()")],
        "sample": "sys.getsizeof(W)", "expr": "L.append(None)",
        "block": "item array of capacity*8 bytes", "gc": False,
        "ns": [0, 1, 4, 5, 8, 9, 16, 17, 24, 25, 32, 33, 40, 41, 52, 53, 64,
               65, 76, 77, 10000, 100000],
    })
    # The brief's literal example: a list comprehension (incidental objects).
    pats.append({
        "name": "listcomp_float", "setup": "",
        "description": "H[0] = [i + 0.5 for i in range(N)] then H[0] = None: the "
                       "idiomatic form, incl. the list object, its item array and "
                       "the comprehension's function object",
        "container": "L = [None] (a one-slot holder)",
        "init": "[None]", "init_warm": "[None]",
        "stages": [("alloc", "L[0] = [i + 0.5 for i in range(N)]"),
                   ("free", "L[0] = None")],
        "sample": "sys.getsizeof(W[0])", "expr": "[i + 0.5 for i in range(N)]",
        "block": "N floats + list object (64) + item array", "gc": False,
        "ns": [0, 1, 10000, 100000],
    })
    return pats


def pattern_program(p):
    defs = []
    for k, (_, body) in enumerate(p["stages"]):
        defs.append("def stage%d(L, N, x):\n%s\n" %
                    (k, "\n".join("    " + ln for ln in body.split("\n"))))
    warm_rest = "\n".join("stage%d(W, WARM, x)" % k
                          for k in range(1, len(p["stages"])))
    run = "\n".join("stage%d(L, N, x)\nsnap()" % k
                    for k in range(len(p["stages"])))
    return CHILD_PATTERN % {
        "setup": p["setup"], "stage_defs": "\n".join(defs),
        "init_warm": p["init_warm"], "sample": p["sample"],
        "warm_rest": warm_rest, "init": p["init"],
        "gc_state": "gc.enable()" if p["gc"] else "gc.disable()",
        "run_stages": run,
    }


def measure(prog, n, aslr_off=True, env=None, flags=None):
    out, err = run_child(prog, [n], aslr_off=aslr_off, env=env, flags=flags)
    return json.loads(out), split_snapshots(err)


def record_patterns(quick=False):
    pats = build_patterns()
    result = {}
    nondeterministic = []
    noisy_noop = []
    for p in pats:
        prog = pattern_program(p)
        ns = p["ns"] if not quick else [n for n in p["ns"] if n <= 10000]
        runs = {}
        sample = None
        per_object = None
        for n in ns:
            first = None
            for rep in range(REPEATS):
                info, snaps = measure(prog, n)
                if first is None:
                    first = (info, snaps)
                elif snaps != first[1]:
                    nondeterministic.append("%s N=%d" % (p["name"], n))
            info, snaps = first
            assert len(snaps) == 2 + len(p["stages"])
            sample = info["sample_getsizeof"]
            noop = delta(snaps[0], snaps[1])
            if any(noop.values()):
                noisy_noop.append("%s N=%d" % (p["name"], n))
            runs[str(n)] = [stage_record(sname, snaps[k + 1], snaps[k + 2])
                            for k, (sname, _) in enumerate(p["stages"])]
            if n >= 10000 and p["name"] != "list_append":
                per_object = {}
                for size, v in runs[str(n)][0]["classes"].items():
                    k = round(v["blocks"] / n)
                    per_object[size] = {"per_object": k, "extra": v["blocks"] - k * n}
        result[p["name"]] = {
            "description": p["description"],
            "setup": p["setup"],
            "container": p["container"],
            "stages": [{"name": s, "code": b} for s, b in p["stages"]],
            "gc_enabled": p["gc"],
            "getsizeof_sample": sample,
            "expected_blocks": p["block"],
            "blocks_per_object_largest_n": per_object,
            "runs": runs,
        }
    if noisy_noop:
        raise RuntimeError("snap() itself changed the heap: %s" % noisy_noop)
    return result, nondeterministic


NOISE_RUNS = 16


def flat_deltas(snaps, stage_names):
    """{'alloc/32/pools': -3, 'alloc/arenas_current': 1, ...} for a run."""
    out = {}
    for i in range(len(snaps) - 1):
        d = delta(snaps[i], snaps[i + 1])
        st = stage_names[i]
        for size, v in d["classes"].items():
            for k in ("pools", "blocks", "avail"):
                out["%s/%s/%s" % (st, size, k)] = v[k]
        for k, v in d["summary"].items():
            out["%s/%s" % (st, k)] = v
        for k, v in d["freelists"].items():
            out["%s/freelist_%s" % (st, k)] = v
    return out


def compare(ref, other):
    keys = sorted(set(ref) | set(other))
    return {k: [ref.get(k, 0), other.get(k, 0)] for k in keys
            if ref.get(k, 0) != other.get(k, 0)}


def noise_survey():
    """How much the deltas move without the controls.  'aslr_on': NOISE_RUNS
    runs with address randomisation on and a random hash seed; 'with_site':
    one run without -S (site imported, so a different starting heap)."""
    out = {}
    pats = {p["name"]: p for p in build_patterns()}
    cases = [("float", 100000), ("tuple3", 10000), ("dict3_str", 10000),
             ("str_ascii_8", 10000), ("set_empty", 100000)]
    for name, n in cases:
        p = pats[name]
        names = ["noop"] + [s for s, _ in p["stages"]]
        prog = pattern_program(p)
        ref = flat_deltas(measure(prog, n)[1], names)
        varied = {}
        for _ in range(NOISE_RUNS):
            fd = flat_deltas(measure(prog, n, aslr_off=False, env={})[1], names)
            for k, (a, b) in compare(ref, fd).items():
                vals = varied.setdefault(k, [a])
                if b not in vals:
                    vals.append(b)
                    vals[1:] = sorted(vals[1:])
        site = compare(ref, flat_deltas(measure(prog, n, flags=[])[1], names))
        out["%s N=%d" % (name, n)] = {
            "aslr_on_random_hash": {"runs": NOISE_RUNS,
                                    "fields_that_varied": varied},
            "with_site": {"fields_that_differ": site},
            "blocks_deltas_ever_differed": any(
                k.endswith("/blocks") for k in list(varied) + list(site)),
        }
    return out


# --------------------------------------------------------------------------
# getsizeof, growth, refcounts, sample (each in one fresh child)
# --------------------------------------------------------------------------

CHILD_SIZES = r'''
import sys, json
gs = sys.getsizeof
HAVE_GC = 1 << 14
def entry(expr, o):
    return {"expr": expr, "getsizeof": gs(o), "sizeof": o.__sizeof__(),
            "preheader": gs(o) - o.__sizeof__()}
out = {}
class C:
    pass
class C2:
    def __init__(self, v):
        self.a = v
        self.b = v
class S2:
    __slots__ = ('a', 'b')
def f():
    return 0
out["singletons"] = [entry(e, eval(e)) for e in
    ("None", "True", "False", "object()", "0.5", "1j", "Ellipsis", "NotImplemented")]
ints = []
for e in ["0", "1", "-1", "5", "-5", "256", "257", "-6", "2**30 - 1", "2**30", "-(2**30)",
          "2**60 - 1", "2**60", "-(2**60)", "2**90 - 1", "2**90", "2**120", "2**150",
          "2**180", "2**210", "2**240", "2**270", "2**300", "2**1000", "-(2**1000)",
          "2**40 + 5", "(2**40 + 5) * 1"]:
    v = eval(e)
    d = entry(e, v)
    d["digits"] = (abs(v).bit_length() + 29) // 30   # 30-bit digits of |v|
    ints.append(d)
out["int"] = ints
out["float"] = [entry("1.5", 1.5)]
strs = {}
for kind, ch in (("ascii", "a"), ("latin1", "\xe9"), ("ucs2", "\u20ac"),
                 ("ucs4", "\U0001f600")):
    lens = list(range(0, 21)) + [31, 32, 40, 64, 100, 1000]
    strs[kind] = {"char": "U+%04X" % ord(ch), "lengths": lens,
                  "getsizeof": [gs(ch * n) for n in lens]}
strs["note"] = ("length 0 is always the ASCII empty string ''; an all-ASCII str "
                "is compact ASCII (48-byte PyASCIIObject), any other is compact "
                "(72-byte PyCompactUnicodeObject); plus (length + 1) code units of "
                "1, 2 or 4 bytes (the +1 is the NUL terminator)")
out["str"] = strs
bl = list(range(0, 21)) + [100, 1000]
out["bytes"] = {"lengths": bl, "getsizeof": [gs(b"b" * n) for n in bl]}
out["bytearray"] = [entry("bytearray()", bytearray()), entry("bytearray(b'abc')", bytearray(b"abc"))]
tl = list(range(0, 21))
out["tuple"] = {"lengths": tl, "getsizeof": [gs(tuple(range(n))) for n in tl]}
out["list"] = [entry(e, eval(e)) for e in
    ("[]", "[None]", "[None] * 3", "[None] * 10", "[1, 2, 3]", "list(range(10))")]
out["dict"] = [entry(e, eval(e)) for e in
    ("{}", "{'a': 1}", "{1: 1}", "{'a': 1, 'b': 2, 'c': 3}", "{1: 1, 2: 2, 3: 3}",
     "dict.fromkeys('abcdef')", "dict.fromkeys(range(6))")]
out["set"] = [entry(e, eval(e)) for e in
    ("set()", "{1, 2, 3}", "set(range(5))", "set(range(10))", "frozenset()",
     "frozenset({1, 2, 3})")]
c2 = C2(None)
out["instance"] = [entry("C()  # class C: pass", C()),
                   entry("C2(None)  # __init__ sets self.a, self.b", c2),
                   entry("S2()  # __slots__ = ('a', 'b')", S2())]
out["instance"].append(entry("C2(None).__dict__  # materialised dict", c2.__dict__))
out["other"] = [entry(e, o) for e, o in (
    ("range(10)", range(10)), ("iter(range(10))", iter(range(10))),
    ("iter([])", iter([])), ("slice(1, 2)", slice(1, 2)),
    ("def f(): return 0", f), ("f.__code__", f.__code__),
    ("[].append  # bound builtin method", [].append),
    ("C2(None).__init__  # bound method", c2.__init__),
    ("(i for i in ())  # generator", (i for i in ())))]
types = []
for name, t in (("object", object), ("NoneType", type(None)), ("bool", bool),
                ("int", int), ("float", float), ("complex", complex),
                ("str", str), ("bytes", bytes), ("bytearray", bytearray),
                ("tuple", tuple), ("list", list), ("dict", dict), ("set", set),
                ("frozenset", frozenset), ("range", range), ("function", type(f)),
                ("code", type(f.__code__)), ("C", C), ("C2", C2), ("S2", S2)):
    types.append({"type": name, "basicsize": t.__basicsize__,
                  "itemsize": t.__itemsize__, "gc": bool(t.__flags__ & HAVE_GC)})
out["types"] = types
print(json.dumps(out))
'''

CHILD_GROWTH = r'''
import sys, json
gs = sys.getsizeof
out = {}
K = 100
L = []
caps = [(gs(L) - 56) // 8]
for k in range(K):
    L.append(None)
    caps.append((gs(L) - 56) // 8)
out["list_append"] = {"k": "0..%d" % K, "capacity": caps}
# shrinking by pop()
pops = []
for k in range(K):
    L.pop()
    pops.append((gs(L) - 56) // 8)
out["list_pop"] = {"from": K, "capacity_after_each_pop": pops}
out["list_repeat"] = {"k": "0..20", "capacity": [(gs([None] * k) - 56) // 8 for k in range(21)]}
out["list_from_range"] = {"k": "0..20", "capacity": [(gs(list(range(k))) - 56) // 8 for k in range(21)]}
L = []
ext = [(gs(L) - 56) // 8]
for k in range(20):
    L.extend((None, None, None))
    ext.append((gs(L) - 56) // 8)
out["list_extend3"] = {"k": "0..20 extends of 3 items", "capacity": ext}
def grow(keyf, K=200):
    d = {}
    sizes = [gs(d)]
    for k in range(K):
        d[keyf(k)] = None
        sizes.append(gs(d))
    return d, sizes
for name, keyf in (("dict_str_keys", lambda k: "k%d" % k),
                   ("dict_int_keys", lambda k: 1000 + k)):
    d, sizes = grow(keyf)
    resize = [k for k in range(1, len(sizes)) if sizes[k] != sizes[k - 1]]
    for kk in list(d):
        del d[kk]
    after_del = gs(d)
    d.clear()
    out[name] = {"k": "0..200", "getsizeof": sizes,
                 "resize_at_len": resize,
                 "getsizeof_after_deleting_all": after_del,
                 "getsizeof_after_clear": gs(d)}
s = set()
sizes = [gs(s)]
for k in range(200):
    s.add(1000 + k)
    sizes.append(gs(s))
out["set_add"] = {"k": "0..200", "getsizeof": sizes,
                  "resize_at_len": [k for k in range(1, len(sizes)) if sizes[k] != sizes[k - 1]]}
print(json.dumps(out))
'''

# Each snippet runs as module-level code via exec() in a fresh globals dict;
# `r` is the recorded value.
REFCOUNT_SNIPPETS = [
    ("fresh list bound to one name", "x = []\nr = sys.getrefcount(x)"),
    ("temporary (no name)", "r = sys.getrefcount([])"),
    ("bound to two names", "x = []\ny = x\nr = sys.getrefcount(x)"),
    ("after del of the second name", "x = []\ny = x\ndel y\nr = sys.getrefcount(x)"),
    ("appended to a list", "x = []\nc = []\nc.append(x)\nr = sys.getrefcount(x)"),
    ("appended to a list, list deleted", "x = []\nc = [x]\ndel c\nr = sys.getrefcount(x)"),
    ("appended twice to a list", "x = []\nc = [x, x]\nr = sys.getrefcount(x)"),
    ("in a tuple", "x = []\nt = (x,)\nr = sys.getrefcount(x)"),
    ("dict value", "x = []\nd = {'k': x}\nr = sys.getrefcount(x)"),
    ("dict key", "x = object()\nd = {x: 1}\nr = sys.getrefcount(x)"),
    ("set member", "x = object()\ns = {x}\nr = sys.getrefcount(x)"),
    ("instance attribute", "class C:\n    pass\nx = []\no = C()\no.a = x\nr = sys.getrefcount(x)"),
    ("10 items of a list comprehension", "x = []\nc = [x for _ in range(10)]\nr = sys.getrefcount(x)"),
    ("bound method holds self", "x = []\nm = x.append\nr = sys.getrefcount(x)"),
    ("argument inside the callee",
     "def f(a):\n    return sys.getrefcount(a)\nx = []\nr = f(x)"),
    ("local of a function", "def g():\n    v = []\n    return sys.getrefcount(v)\nr = g()"),
    ("captured in a closure cell",
     "def outer():\n    v = []\n    def inner():\n        return v\n"
     "    return sys.getrefcount(v)\nr = outer()"),
    ("iteration variable of a for loop over [x]",
     "x = []\nfor it in [x]:\n    r = sys.getrefcount(x)"),
    ("large int literal (also held by the code object's co_consts)",
     "x = 123456789012\nr = sys.getrefcount(x)"),
    ("large int computed at run time", "x = int('123456789012')\nr = sys.getrefcount(x)"),
    ("fresh float from arithmetic", "a = 1.5\nx = a * 2.0\nr = sys.getrefcount(x)"),
    ("type object of a fresh class (no instances)",
     "class D:\n    pass\nr = sys.getrefcount(D)"),
    ("None is shared (value varies; recorded as a lower bound)",
     "r = sys.getrefcount(None) > 1000"),
    ("small int 1 is shared (value varies; lower bound)",
     "r = sys.getrefcount(1) > 100"),
]

CHILD_REFCOUNTS = r'''
import sys, json
snippets = json.loads(sys.argv[1])
res = []
for situation, code in snippets:
    g = {"sys": sys, "__name__": "__main__", "__builtins__": __builtins__}
    exec(code, g)
    res.append(g["r"])
print(json.dumps(res))
'''

# Instances of a fresh class, one at a time, with a snapshot after each: the
# inline values array's block shrinks as the class's shared keys lose
# "usable" slots (init_inline_values decrements dk_usable per instance).
CHILD_VALUES = r'''
import gc, sys
snap = sys._debugmallocstats
class C0:
    pass
class C2:
    def __init__(self, v):
        self.a = v
        self.b = v
K = 40
H = [None] * (2 * K)
def make0(k):
    H[k] = C0()
def make2(k):
    H[K + k] = C2(None)
k = 0
it0 = iter(range(K))
it2 = iter(range(K))
gc.collect()
gc.disable()
snap()
for k in it0:
    make0(k)
    snap()
for k in it2:
    make2(k)
    snap()
'''

CHILD_SAMPLE = r'''
import sys
L = [i + 0.5 for i in range(100000)]
T = [(i, i) for i in range(1000)]
del T
sys._debugmallocstats()
'''


# --------------------------------------------------------------------------
# JSON output: indented, but short containers on one line
# --------------------------------------------------------------------------

def dumps(o, indent=0, width=100):
    flat = json.dumps(o, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(o, (dict, list)) or not o:
        return flat
    pad = " " * (indent + 1)
    if isinstance(o, dict):
        items = ["%s%s: %s" % (pad, json.dumps(k, ensure_ascii=False),
                               dumps(v, indent + 1, width)) for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if all(not isinstance(v, (dict, list)) for v in o):
        # long array of scalars: wrap, several per line
        lines, cur = [], pad
        for i, v in enumerate(o):
            s = json.dumps(v, ensure_ascii=False) + ("," if i < len(o) - 1 else "")
            if len(cur) + len(s) + 1 > width and cur.strip():
                lines.append(cur.rstrip())
                cur = pad
            cur += s + " "
        lines.append(cur.rstrip())
        return "[\n" + "\n".join(lines) + "\n" + " " * indent + "]"
    items = [pad + dumps(v, indent + 1, width) for v in o]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(obj) + "\n")


# --------------------------------------------------------------------------

def check_python():
    v = sys.version_info
    if (v.major, v.minor) != (3, 11) or sys.implementation.name != "cpython":
        sys.exit("need CPython 3.11, got %s" % sys.version)
    if sys.maxsize != 2 ** 63 - 1:
        sys.exit("need a 64-bit build")
    out, err = run_child("import sys; sys._debugmallocstats()")
    if HEADER not in err:
        sys.exit("sys._debugmallocstats() printed no pymalloc stats "
                 "(built --without-pymalloc or PYTHONMALLOC set?)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--quick", action="store_true",
                    help="skip N=100000 and the noise survey (for trying changes)")
    args = ap.parse_args()
    check_python()
    os.makedirs(args.out, exist_ok=True)
    header = {"python": sys.version.replace("\n", " "),
              "implementation": "%s %s" % (platform.python_implementation(),
                                           platform.python_version()),
              "machine": platform.machine(),
              "child_command": " ".join(setarch_prefix() + ["python3"] + CHILD_FLAGS +
                                        ["-c", "<program>"]),
              "child_env": CHILD_ENV,
              "aslr_disabled": bool(setarch_prefix())}
    if not setarch_prefix():
        print("warning: setarch -R unavailable; arena alignment may vary",
              file=sys.stderr)

    # 5. raw sample
    _, raw = run_child(CHILD_SAMPLE)
    _, raw2 = run_child(CHILD_SAMPLE)
    if raw != raw2:
        sys.exit("mallocstats sample is not reproducible")
    with open(os.path.join(args.out, "mallocstats-sample.txt"), "w",
              encoding="utf-8", newline="") as f:
        f.write(raw)
    parsed = split_snapshots(raw)[0]
    parsed["classes"] = {str(k): v for k, v in parsed["classes"].items()}
    parsed["freelists"]["tuple"] = {str(k): v for k, v in
                                    parsed["freelists"]["tuple"].items()}
    write_json(os.path.join(args.out, "mallocstats-sample.json"),
               dict(header, program=CHILD_SAMPLE.strip(), parsed=parsed))

    # 3. sizes
    out, _ = run_child(CHILD_SIZES)
    write_json(os.path.join(args.out, "sizes.json"), dict(header, **json.loads(out)))

    # 6. growth
    out, _ = run_child(CHILD_GROWTH)
    write_json(os.path.join(args.out, "growth.json"), dict(header, **json.loads(out)))

    # instance values arrays of a fresh class
    _, err = run_child(CHILD_VALUES)
    snaps = split_snapshots(err)
    steps = []
    for i in range(len(snaps) - 1):
        d = delta(snaps[i], snaps[i + 1])
        steps.append({size: v["blocks"] for size, v in d["classes"].items()})
    growth = json.load(open(os.path.join(args.out, "growth.json")))
    growth["instance_values_blocks"] = {
        "method": "pymalloc blocks-in-use delta (block size: count) after each "
                  "instance of a fresh class (gc disabled); 64 is the object, the "
                  "other block its inline values array; C2's first step also "
                  "holds the 1-tuple of call arguments that stays on the tuple "
                  "free list",
        "class C: pass": steps[:40],
        "class C2 (__init__ sets self.a, self.b)": steps[40:],
    }
    write_json(os.path.join(args.out, "growth.json"), growth)

    # 4. refcounts
    out, _ = run_child(CHILD_REFCOUNTS, [json.dumps(REFCOUNT_SNIPPETS)])
    vals = json.loads(out)
    rc = [{"situation": s, "code": c, "getrefcount": v}
          for (s, c), v in zip(REFCOUNT_SNIPPETS, vals)]
    write_json(os.path.join(args.out, "refcounts.json"), dict(
        header, note="each snippet runs as module-level code via exec() in a "
                     "fresh globals dict, in one child process; r is recorded",
        cases=rc))

    # 1-2. patterns
    pats, nondet = record_patterns(quick=args.quick)
    if nondet:
        sys.exit("non-reproducible cases: %s (is `setarch -R` available? "
                 "ASLR changes arena alignment)" % ", ".join(nondet))
    doc = dict(header)
    doc["repeats_per_case"] = REPEATS
    doc["snapshot_call_allocates_nothing"] = True   # checked for every run
    doc["patterns"] = pats
    write_json(os.path.join(args.out, "patterns.json"), doc)
    if not args.quick:
        # The only fixture sampled from randomised runs: it may list other
        # values after a re-recording (the controlled fixtures cannot change).
        write_json(os.path.join(args.out, "noise.json"), dict(
            header, note="deltas of the controlled run (first value) vs values "
                         "seen without the controls; see README.md",
            cases=noise_survey()))
    print("wrote fixtures to %s" % os.path.relpath(args.out, os.getcwd()))


if __name__ == "__main__":
    main()
