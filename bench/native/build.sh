#!/bin/sh
# Builds the native C reference (refsim) and the synthetic trace generator
# (gen-trace) into bench/native/bin/.  Silent on success.
set -e
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v gcc >/dev/null 2>&1; then
    echo "bench/native/build.sh: gcc not found (install gcc to build the native reference)" >&2
    exit 1
fi
mkdir -p "$here/bin"
gcc -O2 -march=x86-64 -o "$here/bin/refsim" "$here/refsim.c"
gcc -O2 -march=x86-64 -o "$here/bin/gen-trace" "$here/gen-trace.c"
