#!/usr/bin/env bash
# Record the workload suite's bundled traces (docs/suite.md).
#
# For every C program examples/suite/src/<name>.c this script
#   1. compiles it with `gcc -O1 -static` into a fixed path ($BIN/<name>),
#   2. records a Valgrind Lackey trace (--trace-mem=yes), gzipped to
#      examples/suite/<name>.lackey.gz,
#   3. runs Cachegrind on the same binary, argv, cwd and environment under the
#      L1/L2 geometries of the `default` and `small-embedded` presets,
#   4. writes tests/fixtures/suite/cachegrind.json: per program the number of
#      I, L, S and M records in the trace and Cachegrind's nine counts per
#      geometry, the independent oracle tests/suite.test.ts checks memsim
#      against (`memsim trace --cachegrind`).
#
# Usage: bash scripts/record-suite-traces.sh     (needs gcc with static glibc,
# valgrind and python3; about 15 s)
#
# Static linking and a fixed binary path keep the runs identical: argv[0] and
# the environment sit on the initial stack, so the Lackey and Cachegrind runs
# (and re-recordings) see the same addresses. Only the ==pid== lines change.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SUITE="$ROOT/examples/suite"
FIXTURE="$ROOT/tests/fixtures/suite"
BIN=/tmp/memsim-suite-bin
WORK=$(mktemp -d /tmp/memsim-suite-work.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$BIN" "$FIXTURE"

# name=I1 D1 LL (size,assoc,line), as the presets' L1i, L1d and L2.
GEOMETRIES="default=32768,8,64:32768,8,64:262144,8,64 small-embedded=16384,4,32:16384,4,32:262144,8,64"

grind() { # grind NAME VALGRIND-ARGS...: one Valgrind run of $BIN/NAME, always the same way
  local name=$1
  shift
  (cd "$BIN" && env -i PATH=/usr/bin:/bin valgrind "$@" "$BIN/$name" </dev/null >/dev/null)
}

for src in "$SUITE"/src/*.c; do
  name=$(basename "$src" .c)
  echo "== $name" >&2
  gcc -O1 -static -Wall -Wextra -o "$BIN/$name" "$src"
  grind "$name" --tool=lackey --trace-mem=yes --log-file="$WORK/$name.lackey"
  gzip -9n -c "$WORK/$name.lackey" >"$SUITE/$name.lackey.gz"
  for g in $GEOMETRIES; do
    IFS=: read -r i1 d1 ll <<<"${g#*=}"
    grind "$name" --tool=cachegrind --cache-sim=yes --branch-sim=no --I1="$i1" --D1="$d1" --LL="$ll" \
      --cachegrind-out-file="$WORK/$name.${g%%=*}.cgout" --log-file="$WORK/$name.${g%%=*}.log"
  done
done

python3 - "$SUITE" "$WORK" "$FIXTURE/cachegrind.json" "$GEOMETRIES" <<'PY'
import glob, gzip, json, os, re, subprocess, sys
suite, work, out, geometries = sys.argv[1:]
geometries = dict(g.split("=") for g in geometries.split())
tool = lambda *cmd: subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
programs = []
for src in sorted(glob.glob(os.path.join(suite, "src", "*.c"))):
    name = os.path.basename(src)[:-2]
    kinds = {"I": 0, "L": 0, "S": 0, "M": 0}
    with gzip.open(os.path.join(suite, f"{name}.lackey.gz"), "rt") as f:
        for line in f:
            m = re.match(r"^(?:I |  ?([LSM]) )", line)
            if m:
                kinds[m.group(1) or "I"] += 1
    counts = {}
    for g in geometries:
        text = open(os.path.join(work, f"{name}.{g}.cgout")).read()
        events = re.search(r"^events: (.*)$", text, re.M).group(1).split()
        summary = [int(x) for x in re.search(r"^summary: (.*)$", text, re.M).group(1).split()]
        counts[g] = dict(zip(events, summary))
    programs.append({"name": name, "trace": f"{name}.lackey.gz", "records": sum(kinds.values()), "kinds": kinds, "counts": counts})
fixture = {
    "valgrind": tool("valgrind", "--version"), "gcc": tool("gcc", "--version"),
    "geometries": {g: dict(zip(("I1", "D1", "LL"), v.split(":"))) for g, v in geometries.items()},
    "programs": programs,
}
with open(out, "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print(f"wrote {out}", file=sys.stderr)
PY
du -ch "$SUITE"/*.lackey.gz | tail -1 >&2
