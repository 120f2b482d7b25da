#!/usr/bin/env bash
# Builds an optimized tree and runs every benchmark of the node foundation: the load tool against
# a real rilond over real mTLS (W1 ingest and its reference, a bare echo over the same mTLS; W2
# fan-out, memory, start-up with 10^6 records), the
# bulk CSV import through the rilon client (rilon_import_bench), and
# the Google Benchmark micro-benchmarks (store, signatures, policy, screening, report intake).
# Prints medians.
#   tests/load/run_benchmarks.sh [--runs N] [--seconds S] [--startup-records N] [--only ECHO,W1,W2,MEM,START]
#   tests/load/run_benchmarks.sh --only W3,W4 [--backlog N]   (federation: named explicitly)
# Not part of the test command: timings belong here, never in tests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${RILON_BENCH_BUILD:-$ROOT/build-bench}
bash "$ROOT/deploy/install-deps.sh"
bash "$ROOT/deploy/build.sh" "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRILON_BENCHMARKS=ON -- \
  rilond rilon rilon_load rilon_echo_server rilon_import_bench rilon_store_benchmark rilon_security_benchmark \
  policy_benchmark screening_benchmark report_intake_benchmark

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== load tool (real rilond, real mTLS)"
"$BUILD/rilon_load" "$@"

echo "== bulk import of 10,000 reports from CSV through the rilon client (real rilond, real mTLS)"
"$BUILD/rilon_import_bench" --reports 10000

echo "== micro-benchmarks (median of 3 repetitions)"
for b in rilon_security_benchmark policy_benchmark screening_benchmark report_intake_benchmark; do
  bin=$(find "$BUILD" -name "$b" -type f -executable | head -n 1)
  [ -n "$bin" ] || continue
  "$bin" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null | grep -E "median|^Benchmark|^---" || true
done
