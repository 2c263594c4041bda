#!/usr/bin/env bash
# Builds rmq and runs every test: unit and integration tests in a Release build, then
# the same suites under AddressSanitizer + UndefinedBehaviorSanitizer.
# Set RMQ_SKIP_SANITIZE=1 to run only the Release pass.
set -euo pipefail
cd "$(dirname "$0")/.."

# The dashboard's headless-browser test uses Debian's chromium when it is installable
# (best effort; without /usr/bin/chromium that one test skips).
# On a fresh machine the package lists are empty, so they are refreshed first; nothing
# runs when chromium is already installed.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed"
  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 ||
    echo "chromium is not installable; the headless dashboard test will skip"
fi

scripts/build.sh release
ctest --test-dir build/release --output-on-failure -j 2 --timeout 300

if [ "${RMQ_SKIP_SANITIZE:-0}" != "1" ]; then
  scripts/build.sh asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j 2 --timeout 600
fi
