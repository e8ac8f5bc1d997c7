#!/usr/bin/env bash
# Benchmark: drain a 10,000-response backlog over loopback TLS with the kiosk's sync client,
# against curl posting the same gzip batch bodies (one curl process, keep-alive) in the same run.
# Each side gets its own identical copy of the aggregator (same device, keys and certificate).
# Writes $LP_BUILD_DIR/bench/sync.json. Target: at least half curl's rate and under 10 s.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
n="${LP_BENCH_SYNC_RESPONSES:-10000}"
agg="$build/sync/lp-aggregator"
kiosk="$build/tests/lp-sync-test-kiosk"
need_built sync "$agg" "$kiosk"
command -v curl >/dev/null || { echo "bench sync: curl not installed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lp-bench-sync.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

serve() {  # serve DATA_DIR [PORT]: starts a server, sets $port and $server_pid
  local out="$work/$(basename "$1").out"
  : >"$out"
  "$agg" serve --data "$1" --listen "127.0.0.1:${2:-0}" --assets "$root/assets" >"$out" 2>/dev/null &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 200); do
    port=$(sed -n 's/^listening on https:.*:\([0-9]*\)$/\1/p' "$out" | head -1)
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "bench sync: server did not start" >&2; exit 1
}

"$agg" init --data "$work/agg" >/dev/null
# The per-device rate limit would dominate a single-device drain; it is not what is measured.
printf '\ndevice_requests_per_minute = 1000000\ndevice_burst = 1000000\n' >>"$work/agg/aggregator.conf"
serve "$work/agg"
kiosk_port=$port
code=$("$agg" enrol-code --data "$work/agg" --site bench | awk '/code:/{print $2}')
"$kiosk" enrol --data "$work/kiosk" --server "https://127.0.0.1:$port" --code "$code" --ca "$work/agg/tls.crt" >/dev/null
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
cp -a "$work/agg" "$work/agg-curl"  # same device and token, no responses yet

echo "bench sync: filling the outbox with $n responses..." >&2
"$kiosk" fill --data "$work/kiosk" --rows "$n" --seed 1 >/dev/null
pending=$("$kiosk" counts --data "$work/kiosk" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])')

# The same rows as gzip batch bodies of 100 (what the client sends), for curl.
"$kiosk" export --data "$work/kiosk" --to "$work/all.json" >/dev/null
token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$work/kiosk/device.json")
serve "$work/agg-curl"
port_curl=$port
python3 - "$work" "$port_curl" "$token" <<'PY'
import gzip, json, sys, uuid
work, port, token = sys.argv[1], sys.argv[2], sys.argv[3]
body = json.load(open(f"{work}/all.json"))
items = body["items"]
with open(f"{work}/curl.conf", "w") as cfg:
    for i in range(0, len(items), 100):
        bid = str(uuid.uuid4())
        data = json.dumps({"device_id": body["device_id"], "batch_id": bid, "items": items[i:i + 100]},
                          separators=(",", ":")).encode()
        path = f"{work}/batch-{i // 100:04d}.json.gz"
        with open(path, "wb") as f:
            f.write(gzip.compress(data, 6))
        if i:
            cfg.write("next\n")
        cfg.write(f'url = "https://127.0.0.1:{port}/api/v1/batches"\n'
                  f'data-binary = "@{path}"\n'
                  f'header = "Authorization: Bearer {token}"\n'
                  'header = "Content-Type: application/json"\n'
                  'header = "Content-Encoding: gzip"\n'
                  f'header = "Idempotency-Key: {bid}"\n'
                  f'cacert = "{work}/agg-curl/tls.crt"\n'
                  'silent\nshow-error\nfail\noutput = "/dev/null"\n')
PY
batches=$(ls "$work"/batch-*.json.gz | wc -l)

echo "bench sync: curl posting $batches gzip bodies..." >&2
t0=$(date +%s.%N)
curl --config "$work/curl.conf"
t1=$(date +%s.%N)
curl_stored=$(sqlite3 "$work/agg-curl/aggregator.db" "SELECT count(*) FROM responses" 2>/dev/null || echo "?")

serve "$work/agg" "$kiosk_port"
echo "bench sync: lp sync client draining $pending responses..." >&2
t2=$(date +%s.%N)
"$kiosk" sync --data "$work/kiosk" --no-question-set >/dev/null
t3=$(date +%s.%N)
left=$("$kiosk" counts --data "$work/kiosk" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"])')

mkdir -p "$build/bench"
python3 - "$build/bench/sync.json" "$pending" "$batches" "$t0" "$t1" "$t2" "$t3" "$left" "$curl_stored" <<'PY'
import json, sys
out, pending, batches, t0, t1, t2, t3, left, curl_stored = sys.argv[1:]
pending, batches = int(pending), int(batches)
curl_s, sync_s = float(t1) - float(t0), float(t3) - float(t2)
res = {"responses": pending, "batches": batches, "sync_s": round(sync_s, 3), "curl_s": round(curl_s, 3),
       "sync_per_s": round(pending / sync_s, 1), "curl_per_s": round(pending / curl_s, 1),
       "ratio_vs_curl": round(curl_s / sync_s, 3), "left_pending": int(left), "curl_stored": curl_stored,
       "target": "ratio_vs_curl >= 0.5 and sync_s < 10"}
res["pass"] = res["ratio_vs_curl"] >= 0.5 and sync_s < 10 and int(left) == 0
json.dump(res, open(out, "w"), indent=2)
print(f"sync: {pending} responses in {sync_s:.2f}s ({res['sync_per_s']}/s); curl: {curl_s:.2f}s "
      f"({res['curl_per_s']}/s); ratio {res['ratio_vs_curl']:.2f} of curl's rate -> {out}")
sys.exit(0 if res["pass"] else 1)
PY
