#!/usr/bin/env bash
# Configures and builds RILON into a build directory. Used by demo.sh and tests/run_all.sh.
#   deploy/build.sh BUILD_DIR [extra cmake args...] [-- targets...]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$1
shift
cmake_args=()
targets=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; targets=("$@"); break; fi
  cmake_args+=("$1")
  shift
done
JOBS=${RILON_JOBS:-$(nproc)}
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja "${cmake_args[@]}" >/dev/null
if [ ${#targets[@]} -gt 0 ]; then
  cmake --build "$BUILD_DIR" -j "$JOBS" --target "${targets[@]}"
else
  cmake --build "$BUILD_DIR" -j "$JOBS"
fi
