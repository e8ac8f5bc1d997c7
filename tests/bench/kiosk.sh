#!/usr/bin/env bash
# Kiosk benchmarks (run by `tools/lp bench` with LP_BUILD_DIR set). Prints ratios against the
# targets, asserts nothing:
#   - idle CPU of the kiosk window on the attract screen over 10 s, against a busy loop measured
#     in the same run (target under 1% of a core);
#   - time from start to first frame (target under 1 s);
#   - resident memory after 100 responses tapped through the window (target under 80 MB);
#   - save latency p99 over 1,000 responses with synchronous=FULL (target under 10 ms).
# Writes $LP_BUILD_DIR/bench/kiosk.json.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
kiosk="$build/kiosk/lp-kiosk"
save_bench="$build/tests/kiosk/lp_kiosk_save_bench"
need_built kiosk "$kiosk" "$save_bench"
work=$(mktemp -d "$build/bench/kiosk-work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Save latency on the same disk as the build (not tmpfs), one transaction per response.
save=$("$save_bench" "$work/save-bench.db" "${LP_BENCH_SAVES:-1000}")

python3 "$root/tests/bench/kiosk_bench.py" "$kiosk" "$work" "$build/bench/kiosk.json" "$save"
