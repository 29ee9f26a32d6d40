#!/usr/bin/env bash
# Re-record the Cachegrind parity oracle fixtures.
#
# For every C program in tests/fixtures/cachegrind/src and
# tests/fixtures/cachegrind/holdout/src this script
#   1. compiles it with `gcc -O1 -static` into a fixed path ($BIN/<name>),
#   2. runs Valgrind Lackey once (--trace-mem=yes) and gzips the log to
#      <set>/<name>.lackey.gz (Valgrind's own ==pid== lines are kept),
#   3. runs Cachegrind once per geometry with exactly the same argv, cwd and
#      environment, and reads the nine counts from the `summary:` line,
#   4. writes <set>/expected.json.
#
# Usage: bash scripts/record-cachegrind.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIX="$ROOT/tests/fixtures/cachegrind"
SETS=("$FIX" "$FIX/holdout")
# Fixed binary directory: argv[0] is part of the initial stack, so the path
# must be identical for the Lackey run and the Cachegrind runs (and across
# re-recordings, if the traces are to be reproducible).
BIN=/tmp/memsim-cachegrind-bin
WORK=$(mktemp -d /tmp/memsim-cachegrind-work.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# name I1 D1 LL   (size,assoc,line)
GEOMS=(
  "A 32768,8,64 32768,8,64 262144,8,64"
  "B 16384,4,32 16384,2,32 131072,16,128"
  "C 32768,8,64 49152,12,64 1048576,16,64"
  "D 4096,1,64 8192,1,64 65536,4,64"
  "E 2048,2,32 1024,4,32 16384,2,256"
  "F 65536,2,128 65536,16,128 3145728,12,64"
)
# Note on E: the brief asked for 16-byte L1 lines (--I1=2048,2,16
# --D1=1024,4,16). Cachegrind 3.19 refuses to run with them on this host:
# "the minimum line size (16) must be equal to or larger than the maximum
# register size (32)" (AVX). E therefore uses 32-byte L1 lines instead.

# Identical environment for every Valgrind run.
RUNENV=(env -i PATH=/usr/bin:/bin)

mkdir -p "$BIN"

for set in "${SETS[@]}"; do
  names=()
  for src in "$set"/src/*.c; do
    name=$(basename "$src" .c)
    names+=("$name")
    echo "== $name ($(realpath --relative-to="$ROOT" "$set"))" >&2
    gcc -O1 -static -o "$BIN/$name" "$src"

    # Lackey: one run, trace to a log file.
    (cd "$BIN" && "${RUNENV[@]}" valgrind --tool=lackey --trace-mem=yes \
        --log-file="$WORK/$name.lackey" "$BIN/$name" </dev/null >/dev/null)
    gzip -9n -c "$WORK/$name.lackey" >"$set/$name.lackey.gz"
    rm -f "$WORK/$name.lackey"

    # Cachegrind: one run per geometry, same argv/cwd/env.
    for g in "${GEOMS[@]}"; do
      read -r gn i1 d1 ll <<<"$g"
      (cd "$BIN" && "${RUNENV[@]}" valgrind --tool=cachegrind --cache-sim=yes \
          --branch-sim=no --I1="$i1" --D1="$d1" --LL="$ll" \
          --cachegrind-out-file="$WORK/$name.$gn.cgout" \
          --log-file="$WORK/$name.$gn.cglog" "$BIN/$name" </dev/null >/dev/null)
      grep -q '^summary:' "$WORK/$name.$gn.cgout" || {
        echo "cachegrind failed for $name geometry $gn:" >&2
        cat "$WORK/$name.$gn.cglog" >&2
        exit 1
      }
    done
  done

  # expected.json for this set.
  GEOMS_STR=$(printf '%s\n' "${GEOMS[@]}") \
  python3 - "$set" "$WORK" "${names[@]}" <<'PY'
import gzip, json, os, subprocess, sys
setdir, work, names = sys.argv[1], sys.argv[2], sys.argv[3:]
EVENTS = "Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw".split()
geoms = {}
for ln in os.environ["GEOMS_STR"].splitlines():
    n, i1, d1, ll = ln.split()
    geoms[n] = {"I1": i1, "D1": d1, "LL": ll}
vg = subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip()
gcc = subprocess.run(["gcc", "--version"], capture_output=True, text=True).stdout.splitlines()[0].strip()
progs = []
for name in names:
    trace = f"{name}.lackey.gz"
    records = 0
    with gzip.open(os.path.join(setdir, trace), "rt") as f:
        for ln in f:
            if ln.startswith("I  ") or ln[:2] in (" L", " S", " M"):
                records += 1
    counts = {}
    for g in geoms:
        events = summary = None
        with open(os.path.join(work, f"{name}.{g}.cgout")) as f:
            for ln in f:
                if ln.startswith("events:"):
                    events = ln.split()[1:]
                elif ln.startswith("summary:"):
                    summary = [int(x) for x in ln.split()[1:]]
        assert events and summary and len(events) == len(summary), (name, g)
        m = dict(zip(events, summary))
        counts[g] = {e: m[e] for e in EVENTS}
    progs.append({"name": name, "trace": trace, "records": records, "counts": counts})
out = {"valgrind": vg, "gcc": gcc, "geometries": geoms, "programs": progs}
with open(os.path.join(setdir, "expected.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {os.path.join(setdir, 'expected.json')}", file=sys.stderr)
PY
done
