#!/usr/bin/env bash
# Soak of the scale-out cluster: PostgreSQL + 2 aggregator instances + nginx
# (tools/cluster.sh), the sync fault proxy in front of nginx (dropped requests and replies,
# resets), and lp-loadgen's kiosks syncing through it all while one instance is killed and
# restarted, PostgreSQL is restarted, then the other instance is killed and restarted.
# Passes only when lp-loadgen proves zero lost, zero duplicated and every kiosk drained.
#   scale_soak.sh BUILD_DIR [SECONDS=60] [KIOSKS=200]
set -euo pipefail
build=$(cd "${1:?usage: scale_soak.sh BUILD_DIR [SECONDS] [KIOSKS]}" && pwd)
secs=${2:-60}
kiosks=${3:-200}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LP_BUILD_DIR=$build
cluster=$root/tools/cluster.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/lp-soak-XXXXXX")
proxy_pid=""
faults_pid=""

cleanup() {
  [[ -n $faults_pid ]] && kill "$faults_pid" 2>/dev/null || true
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  "$cluster" stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$cluster" start "$dir" --instances 2 --fsync off --watch $$ >/dev/null
nginx_url=$(grep '^URL=' "$dir/cluster.env" | cut -d= -f2)

"$build/tools/lp-faultproxy" --upstream "127.0.0.1:${nginx_url##*:}" --listen 127.0.0.1:0 --seed 8 \
  --drop-request 0.02 --drop-response 0.03 --reset 0.02 --stats "$dir/proxy-stats.json" >"$dir/proxy.out" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 50); do grep -q "^listening on" "$dir/proxy.out" && break; sleep 0.1; done
proxy_port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$dir/proxy.out")
[[ -n $proxy_port ]] || { cat "$dir/proxy.out" >&2; exit 1; }

# Faults on a timetable relative to the start of the load.
(
  at() { sleep "$(awk -v s="$secs" -v f="$1" 'BEGIN { printf "%.1f", s * f }')"; }
  at 0.15; "$cluster" kill-instance "$dir" 1
  at 0.15; "$cluster" start-instance "$dir" 1
  at 0.15; "$cluster" restart-pg "$dir"
  at 0.15; "$cluster" kill-instance "$dir" 2
  at 0.10; "$cluster" start-instance "$dir" 2
) &
faults_pid=$!

rc=0
"$build/tools/lp-loadgen" --server "https://127.0.0.1:$proxy_port" --mint "$dir/data" --verify \
  --kiosks "$kiosks" --responses $((secs * 2 / 3)) --create-every-ms 1000 --sync-every-ms 2000 \
  --threads 16 --duration-s $((secs + 90)) --json "$dir/soak.json" || rc=$?
wait "$faults_pid" || true
faults_pid=""
echo "fault proxy: $(cat "$dir/proxy-stats.json" 2>/dev/null || echo '(no stats)')"
if [[ -n ${LP_SOAK_REPORT:-} ]]; then cp "$dir/soak.json" "$LP_SOAK_REPORT"; fi
exit $rc
