#!/usr/bin/env bash
# Rate limits hold across instances: each instance's own token bucket would let a device send
# its burst to every instance, so nginx enforces one bucket per device token for the cluster.
# A device firing 40 batches at once through nginx to 2 instances gets at most the cluster
# burst (+1) accepted, the rest 429; another device is not affected.
#   scale_limits.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: scale_limits.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LP_BUILD_DIR=$build
cluster=$root/tools/cluster.sh
agg=$build/sync/lp-aggregator
dir=$(mktemp -d "${TMPDIR:-/tmp}/lp-limits-XXXXXX")
trap '"$cluster" stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

# 6 requests a minute with a burst of 5: far below one instance's own 120/min, burst 30.
"$cluster" start "$dir" --instances 2 --fsync off --watch $$ --device-rate 6 --device-burst 5 >/dev/null 2>&1
url=$(grep '^URL=' "$dir/cluster.env" | cut -d= -f2)
ca=$dir/data/tls.crt

enrol() {
  local code
  code=$("$agg" enrol-code --data "$dir/data" --site hub | sed -n 's/^code: //p')
  curl -fsS --cacert "$ca" -H 'Content-Type: application/json' -d "{\"code\":\"$code\",\"name\":\"k\"}" \
    "$url/api/v1/enrol" | python3 -c 'import json, sys; j = json.load(sys.stdin); print(j["device_id"], j["token"])'
}
read -r device token < <(enrol)
read -r device2 token2 < <(enrol)
body="{\"device_id\":\"$device\",\"batch_id\":\"00000000-0000-4000-8000-000000000000\",\"items\":[]}"

for i in $(seq 1 40); do
  curl -s -o /dev/null -w '%{http_code}\n' --cacert "$ca" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "$body" "$url/api/v1/batches" &
done >"$dir/codes"
wait
limited=$(grep -c '^429$' "$dir/codes" || true)
accepted=$(grep -vc '^429$' "$dir/codes" || true)
echo "device 1: $accepted accepted, $limited limited (cluster burst 5)"
other=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$ca" -H "Authorization: Bearer $token2" \
  -H 'Content-Type: application/json' -d "${body//$device/$device2}" "$url/api/v1/batches")
echo "device 2: $other"
[[ $accepted -le 7 && $limited -ge 33 && $other != 429 ]]
