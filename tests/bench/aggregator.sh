#!/usr/bin/env bash
# Aggregator ingest benchmark. Over loopback TLS, 8 concurrent clients post gzip
# batches of 100 sealed responses to a real `lp-aggregator serve`; the rate is printed against
# (a) the same rows stored straight through the SQLite store in one process (the local limit)
# and (b) nginx answering a static 200 to the same requests over TLS (the HTTP limit).
# Writes $LP_BUILD_DIR/bench/aggregator.json. Targets: >= 5000 responses/s, >= 1/3 of the
# SQLite limit, p99 of a 100-item batch < 50 ms. The maximum rate is measured closed loop
# (clients send back to back). p99 is judged open loop with the 8 clients together offering the
# target rate (5000 responses/s, LP_BENCH_TARGET_RATE) on a fixed schedule: closed loop, every
# client always has a batch queued, so its p99 is 8 / rate by Little's law and only measures the
# queue (it is printed too).
set -euo pipefail
build=${LP_BUILD_DIR:?set LP_BUILD_DIR to the build directory}
clients=${LP_BENCH_CLIENTS:-8}
batches=${LP_BENCH_BATCHES:-40}   # per client
agg="$build/sync/lp-aggregator"
driver="$build/tests/lp_aggregator_bench"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
for b in "$agg" "$driver"; do [ -x "$b" ] || { echo "missing $b (build first)" >&2; exit 1; }; done
mkdir -p "$build/bench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lp-agg-bench-XXXXXX")
server_pid=""; nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A test question set so the bench does not depend on the shipped ones.
mkdir -p "$tmp/assets/question-sets"
cat > "$tmp/assets/question-sets/test-set.json" <<'JSON'
{"id": "test-set", "version": 1, "title": "Test set", "languages": ["en"], "questions": [
 {"id": "q-smile", "kind": "smiley5", "themes": ["t-smile"], "text": {"8-12": "S?", "13-17": "S?", "16-25": "S?"}},
 {"id": "q-yes", "kind": "yes_no", "themes": ["t-yes"], "text": {"8-12": "Y?", "13-17": "Y?", "16-25": "Y?"}},
 {"id": "q-chips", "kind": "chips", "themes": [], "options": [{"id": "a", "label": "A"},
  {"id": "b", "label": "B", "themes": ["t-chip-b"]}], "text": {"8-12": "C?", "13-17": "C?", "16-25": "C?"}},
 {"id": "comment", "kind": "comment", "themes": [], "text": {"8-12": "?", "13-17": "?", "16-25": "?"}}]}
JSON

# 1. The aggregator.
"$agg" init --data "$tmp/data" >/dev/null
printf '\ndefault_question_set = test-set\ndevice_requests_per_minute = 0\n' >> "$tmp/data/aggregator.conf"
"$agg" serve --data "$tmp/data" --listen 127.0.0.1:0 --assets "$tmp/assets" >"$tmp/serve.out" 2>"$tmp/serve.log" &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$tmp/serve.out")
[ -n "$url" ] || { echo "server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
# Sets codes to one fresh enrolment code per client, comma-separated (codes are single-use);
# not in a $(...) subshell, so a failed enrol-code still stops the bench (set -e).
enrol_codes() {
  local c
  codes=""
  for _ in $(seq "$clients"); do
    c=$("$agg" enrol-code --data "$tmp/data" --site bench | sed -n 's/^code: //p')
    codes="${codes:+$codes,}$c"
  done
}
enrol_codes
echo "[bench] aggregator: $clients clients x $batches batches of 100 at $url" >&2
agg_json=$("$driver" http --url "$url" --ca "$tmp/data/tls.crt" --pub "$tmp/data/sealing.pub" \
  --codes "$codes" --batches "$batches" --batch 100)
# p99 at the target load: the clients together offer 5000 responses/s on a fixed schedule,
# fresh items again.
rate=$(( ${LP_BENCH_TARGET_RATE:-5000} / 100 ))
enrol_codes
echo "[bench] aggregator at a steady $rate batches/s" >&2
load_json=$("$driver" http --url "$url" --ca "$tmp/data/tls.crt" --pub "$tmp/data/sealing.pub" \
  --codes "$codes" --batches $((batches / 2)) --batch 100 --rate "$rate")
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""

# 2. The local limit: the same rows straight into SQLite through the store, one process.
sqlite_json=$("$driver" sqlite --db "$tmp/raw.db" --batches $((clients * batches)) --batch 100)

# 3. The HTTP limit: nginx over TLS with the same certificate, answering a static 200.
nginx_json='null'
if command -v nginx >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$tmp/nginx"
  cat > "$tmp/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  client_max_body_size 4m;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $tmp/data/tls.crt;
    ssl_certificate_key $tmp/data/tls.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { default_type application/json; return 200 '{"results":[]}'; }
  }
}
CONF
  nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" 2>"$tmp/nginx/stderr" &
  nginx_pid=$!
  for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null && break; sleep 0.1; done
  nginx_json=$("$driver" http --url "https://127.0.0.1:$port" --ca "$tmp/data/tls.crt" \
    --pub "$tmp/data/sealing.pub" --fake-clients "$clients" --batches "$batches" --batch 100) || nginx_json='null'
  kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
fi

python3 - "$agg_json" "$sqlite_json" "$nginx_json" "$load_json" "$build/bench/aggregator.json" <<'PY'
import json, sys
agg, raw, ngx, load = (json.loads(x) for x in sys.argv[1:5])
out = {"aggregator": agg, "aggregator_target_load": load, "sqlite_direct": raw, "nginx_static": ngx,
       "ratio_vs_sqlite": agg["responses_per_s"] / raw["responses_per_s"],
       "ratio_vs_nginx": (agg["requests_per_s"] / ngx["requests_per_s"]) if ngx else None,
       "targets": {"responses_per_s": 5000, "ratio_vs_sqlite": 1/3, "p99_ms": 50}}
out["meets"] = {"responses_per_s": agg["responses_per_s"] >= 5000,
                "ratio_vs_sqlite": out["ratio_vs_sqlite"] >= 1/3,
                "p99_ms": load["p99_ms"] < 50}
json.dump(out, open(sys.argv[5], "w"), indent=2)
print(f"aggregator : {agg['responses_per_s']:9.0f} responses/s  p50 {agg['p50_ms']:.1f} ms  p99 {agg['p99_ms']:.1f} ms (saturated)"
      f"  ({agg['requests']} batches, {agg['errors']} errors, {agg['stored']} stored)")
print(f"target load: {load['offered_batches_per_s']:.0f} batches/s offered ({load['offered_batches_per_s']*100:.0f} responses/s)"
      f"  p50 {load['p50_ms']:.1f} ms  p99 {load['p99_ms']:.1f} ms  ({load['errors']} errors)")
print(f"sqlite     : {raw['responses_per_s']:9.0f} responses/s  (same rows, one process)  "
      f"ratio {out['ratio_vs_sqlite']:.2f}")
if ngx:
    print(f"nginx 200  : {ngx['requests_per_s']:9.0f} requests/s of the same bodies  p99 {ngx['p99_ms']:.1f} ms  "
          f"(aggregator reaches {out['ratio_vs_nginx']:.3f} of it: HTTP/TLS is not the limit)")
print("targets    : " + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in out["meets"].items()))
PY
