#!/usr/bin/env bash
# Install the system packages the tests need:
#   chromium   Debian's Chromium (/usr/bin/chromium), driven by playwright-core (tests/runtimes.test.ts)
#   wabt       the WebAssembly Binary Toolkit (spectest-interp), a non-JavaScript engine (the same)
#   gcc, libc6-dev  to build glibc's malloc as the system allocator's oracle (tests/system-malloc.test.ts)
# Deno, Bun and playwright-core are npm devDependencies: `npm install` brings them.
#
# Idempotent: when every package is installed it does nothing (and runs no apt-get at all).
# `apt-get update` runs only when a package is missing. Needs root (or sudo) and apt-get, as on
# the project's Debian machines and in CI. `npm test` runs it first (npm run setup:test-tools).
#
# Usage: bash scripts/install-test-tools.sh
set -euo pipefail

PACKAGES=(chromium wabt gcc libc6-dev)
# What each package must provide once installed.
declare -A PROVIDES=([chromium]=/usr/bin/chromium [wabt]=/usr/bin/spectest-interp [gcc]=/usr/bin/gcc [libc6-dev]=/usr/include/malloc.h)

installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]] && [[ -e "${PROVIDES[$1]}" ]]
}

missing=()
for p in "${PACKAGES[@]}"; do
  if command -v dpkg-query >/dev/null 2>&1; then
    installed "$p" || missing+=("$p")
  else
    [[ -e "${PROVIDES[$p]}" ]] || missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-tools: ${PACKAGES[*]} are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-test-tools: missing ${missing[*]} and there is no apt-get here: install them by hand" >&2
  echo "  (the tests need ${PROVIDES[*]})" >&2
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-test-tools: missing ${missing[*]}; apt-get needs root and there is no sudo" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
APT=("${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 -y -q)
echo "install-test-tools: installing ${missing[*]}"
"${APT[@]}" update
"${APT[@]}" install "${missing[@]}"

for p in "${missing[@]}"; do
  if ! installed "$p"; then
    echo "install-test-tools: $p did not install (${PROVIDES[$p]} is missing)" >&2
    exit 1
  fi
done
echo "install-test-tools: installed ${missing[*]}"
