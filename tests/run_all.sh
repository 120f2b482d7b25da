#!/usr/bin/env bash
# The test command: installs dependencies, builds everything with -Werror, runs every test
# (unit, integration, fault), then builds again with AddressSanitizer + UndefinedBehaviorSanitizer
# and runs every test again. Exit status 0 only if all of it passed. Safe to run twice; every
# process a test starts is stopped by the test itself.
#   tests/run_all.sh            both passes
#   tests/run_all.sh --quick    the plain pass only
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

bash deploy/install-deps.sh

run_pass() {
  local name=$1 dir=$2
  shift 2
  echo "=== ${name}: build (${dir})"
  bash deploy/build.sh "$dir" "$@"
  echo "=== ${name}: test"
  ctest --test-dir "$dir" --output-on-failure -j 2 --timeout 900
}

run_pass "release" build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRILON_WERROR=ON
if [ "${1:-}" != "--quick" ]; then
  # Leak checking stays on; gRPC's process-lifetime singletons are not reported as leaks.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  run_pass "asan+ubsan" build-asan -DCMAKE_BUILD_TYPE=Debug -DRILON_WERROR=ON -DRILON_SANITIZE=ON \
    -DRILON_BENCHMARKS=OFF
fi
echo "=== all tests passed"
