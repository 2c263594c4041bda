#!/usr/bin/env bash
# Configures and builds rmq into build/<name> (default: release, tests included).
# Usage: scripts/build.sh [release|asan] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh

kind="${1:-release}"
shift || true
case "$kind" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  asan)    args=(-DCMAKE_BUILD_TYPE=Debug -DRMQ_SANITIZE=ON) ;;
  *) echo "scripts/build.sh: unknown build kind '$kind' (expected release or asan)" >&2; exit 2 ;;
esac

# Tests are on unless the caller says otherwise (start.sh builds only the binaries); the
# option is always passed so a value cached by an earlier run never carries over.
cmake -S . -B "build/$kind" -G Ninja "${args[@]}" -DRMQ_BUILD_TESTS=ON "$@" >/dev/null
cmake --build "build/$kind" -j "$(nproc)"
