#!/usr/bin/env bash
# Dashboard benchmark. With 1,000,000 responses from 500 devices in the aggregator's
# SQLite database (rows written straight into its tables, then summarised by the dashboard's own
# incremental indexer, the same code path as while serving), the theme matrix and a theme page
# are rendered in-process (server time, median of 15) and compared with a plain
# SELECT count(*) FROM responses in the same run. Target: every page < 200 ms.
# Writes $LP_BUILD_DIR/bench/dashboard.json. LP_BENCH_RESPONSES / LP_BENCH_DEVICES override.
# Then the same on PostgreSQL (the rows copied with migrate-store's verified copy into a throwaway
# server from tools/deploy/pg.sh, indexed and served by PgDashboardStore), written to
# dashboard-pg.json; skipped with a message when PostgreSQL 15 is not installed.
set -euo pipefail
build=${LP_BUILD_DIR:?set LP_BUILD_DIR to the build directory}
responses=${LP_BENCH_RESPONSES:-1000000}
devices=${LP_BENCH_DEVICES:-500}
driver="$build/tests/lp_dashboard_bench"
[ -x "$driver" ] || { echo "missing $driver (build target lp_dashboard_bench first)" >&2; exit 1; }
mkdir -p "$build/bench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lp-dash-bench-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0
"$driver" --dir "$tmp" --responses "$responses" --devices "$devices" --json "$build/bench/dashboard.json" || status=1
echo "wrote $build/bench/dashboard.json"
pg=$(cd "$(dirname "$0")/../.." && pwd)/tools/deploy/pg.sh
if "$pg" available; then
  chmod 755 "$tmp"  # the server runs as an unprivileged user when we are root
  url=$("$pg" start "$tmp/pg" --watch $$ --fsync off)
  trap '"$pg" kill "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
  "$driver" --dir "$tmp/sqlite-copy" --responses "$responses" --devices "$devices" --pg "$url" \
    --json "$build/bench/dashboard-pg.json" || status=1
  echo "wrote $build/bench/dashboard-pg.json"
else
  echo "PostgreSQL 15 is not installed: dashboard bench on PostgreSQL skipped"
fi
exit $status
