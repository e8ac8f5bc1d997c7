#!/usr/bin/env bash
# Runs tools/demo.sh against the built binaries and checks what a person would see.
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/lp-demo-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
out="$work/out.txt"
env -u DISPLAY LP_DEMO_DIR="$work/demo" LP_DEMO_SECONDS=1 LP_DEMO_PORT=0 \
  bash "$src/tools/demo.sh" "$build" >"$out" 2>&1 || { cat "$out"; echo "demo failed"; exit 1; }
cat "$out"
grep -q 'Dashboard:  https://127.0.0.1:[0-9]*/' "$out" || { echo "no dashboard URL printed"; exit 1; }
grep -q 'Login:      manager / [A-Za-z0-9]\{8,\}' "$out" || { echo "no login printed"; exit 1; }
grep -q '"pending":0' "$out" || { echo "kiosk still has pending answers after the demo sync"; exit 1; }
grep -q '"device_id":"dev-' "$out" || { echo "kiosk was not enrolled"; exit 1; }
test -s "$work/demo/kiosk.png" || { echo "no screenshot of the kiosk window"; exit 1; }
mkdir -p "$build/screenshots" && cp "$work/demo/kiosk.png" "$build/screenshots/demo-kiosk.png"
# The aggregator holds exactly what the kiosk sent.
sent=$(sed -n 's/.*"sent":\([0-9]*\).*/\1/p' "$out" | head -1)
stored=$(sqlite3 "$work/demo/agg/aggregator.db" 'SELECT count(*) FROM responses')
[ "$sent" = "$stored" ] || { echo "kiosk sent $sent but the aggregator stored $stored"; exit 1; }
echo "demo ok: $stored responses synced"
