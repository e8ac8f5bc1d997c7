#!/usr/bin/env bash
# tools/demo.sh BUILD_DIR — called by `tools/lp demo`. Starts an aggregator with embedded
# defaults (SQLite, self-signed TLS on loopback), enrols a kiosk, fills it with sample answers,
# syncs, prints the dashboard URL and login, and opens the kiosk window (under Xvfb when there
# is no display). Ctrl-C stops everything. LP_DEMO_SECONDS=N stops after N seconds (for tests).
set -euo pipefail

build=${1:?usage: demo.sh BUILD_DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
agg="$build/sync/lp-aggregator"
kiosk="$build/kiosk/lp-kiosk"
demo="${LP_DEMO_DIR:-$build/demo}"
port="${LP_DEMO_PORT:-8443}"
say() { printf '[demo] %s\n' "$*" >&2; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM

mkdir -p "$demo"
export LP_ASSETS_DIR="$root/assets"

# 1. Aggregator data dir, manager login, inspection catalogue.
if [ ! -f "$demo/agg/aggregator.db" ]; then
  "$agg" init --data "$demo/agg" >/dev/null
fi
if [ ! -f "$demo/manager-password" ]; then
  (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' | cut -c1-12 >"$demo/manager-password")
fi
password=$(cat "$demo/manager-password")
printf '%s\n' "$password" | "$agg" add-manager --data "$demo/agg" --user manager --role manager >/dev/null
if "$agg" --help 2>/dev/null | grep -q import-report; then
  "$agg" import-report --data "$demo/agg" "$root/assets/themes/kirklees.json" >/dev/null
fi

# 2. Serve on loopback; fall back to a free port if 8443 is taken.
start_server() {
  "$agg" serve --data "$demo/agg" --listen "127.0.0.1:$1" >"$demo/serve.out" 2>"$demo/serve.log" &
  pids+=($!)
  for _ in $(seq 1 100); do
    if grep -q '^listening on ' "$demo/serve.out" 2>/dev/null; then return 0; fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}
start_server "$port" || { say "port $port is busy; picking a free one"; start_server 0; }
url=$(sed -n 's/^listening on //p' "$demo/serve.out" | head -1)

# 3. Enrol the kiosk once, set a staff PIN, record sample answers, sync.
if ! "$kiosk" status --data "$demo/kiosk" 2>/dev/null | grep -q '"device_id": *"'; then
  code=$("$agg" enrol-code --data "$demo/agg" --site "Demo hub" | sed -n 's/^code: //p' | head -1)
  "$kiosk" enrol --data "$demo/kiosk" --server "$url" --code "$code" --ca "$demo/agg/tls.crt" >/dev/null
  printf '2468\n' | "$kiosk" set-pin --data "$demo/kiosk" >/dev/null
fi
"$kiosk" simulate --data "$demo/kiosk" --count 150 --seed "$RANDOM" >/dev/null
"$kiosk" sync --data "$demo/kiosk" || say "some answers are still waiting to be sent"

# 4. The kiosk window: on this display, or a virtual one.
if [ -z "${DISPLAY:-}" ]; then
  disp=$(( 90 + RANDOM % 100 ))
  Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  export DISPLAY=":$disp"
  sleep 1
  say "no display: the kiosk runs under Xvfb on $DISPLAY (screenshot: $demo/kiosk.png)"
fi
"$kiosk" --data "$demo/kiosk" --windowed 1280x800 >"$demo/kiosk.log" 2>&1 &
pids+=($!)

cat <<INFO

  Listening Post demo is running.
  Dashboard:  $url/
  Login:      manager / $password
  Kiosk:      window on $DISPLAY (staff PIN 2468: long-press the top-left corner)
  Data:       $demo
  Status:     $("$kiosk" status --data "$demo/kiosk" | tr -d '\n')

  Press Ctrl-C to stop.
INFO

sleep 3
if command -v import >/dev/null; then import -window root "$demo/kiosk.png" 2>/dev/null || true; fi
if [ -n "${LP_DEMO_SECONDS:-}" ]; then sleep "$LP_DEMO_SECONDS"; exit 0; fi
wait "${pids[-1]}"
