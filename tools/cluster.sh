#!/usr/bin/env bash
# tools/cluster.sh — a scale-out cluster on loopback: one PostgreSQL (tools/deploy/pg.sh),
# N `lp-aggregator serve` instances sharing it (and one data dir: keys, certificate, config),
# and nginx in front (tools/deploy/nginx.conf.in) terminating TLS with the aggregator's own
# certificate, so enrolled kiosks keep their pin. Everything lives in DIR.
#
#   cluster.sh start DIR [--instances N] [--port P] [--fsync on|off] [--watch PID]
#                        [--device-rate R/min] [--device-burst N] [--enrol-rate R/min]
#   cluster.sh stop DIR                  nginx, instances (SIGTERM, drain), PostgreSQL
#   cluster.sh kill-instance DIR I       SIGKILL instance I (1-based)
#   cluster.sh start-instance DIR I      start instance I again on its port
#   cluster.sh restart-pg DIR            restart PostgreSQL (fast shutdown)
#   cluster.sh status DIR                what runs, and the URL
#   cluster.sh run DIR [start options]   start, wait for Ctrl-C, stop (tools/lp cluster)
#
# DIR/cluster.env afterwards holds URL (nginx), DATA (aggregator data dir), PG_URL, INSTANCES.
# Binaries come from $LP_BUILD_DIR (default build/).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LP_BUILD_DIR:-$root/build}
agg=$build/sync/lp-aggregator
pg=$root/tools/deploy/pg.sh

say() { printf '[cluster] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
usage() { sed -n '6,15p' "${BASH_SOURCE[0]}" >&2; exit 2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts instance I on the port recorded in DIR/instance-I.port; waits for its first line.
start_instance() {
  local dir=$1 i=$2 port
  port=$(cat "$dir/instance-$i.port")
  : >"$dir/instance-$i.out"
  "$agg" serve --data "$dir/data" --listen "127.0.0.1:$port" >"$dir/instance-$i.out" 2>>"$dir/instance-$i.log" </dev/null &
  echo $! >"$dir/instance-$i.pid"
  for _ in $(seq 1 100); do
    grep -q "^listening on" "$dir/instance-$i.out" && return 0
    kill -0 "$(cat "$dir/instance-$i.pid")" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$dir/instance-$i.log" >&2
  die "instance $i did not start (port $port)"
}

stop_pidfile() {
  local f=$1 sig=${2:-TERM} waited=0
  pid_alive "$f" || { rm -f "$f"; return 0; }
  local pid
  pid=$(cat "$f")
  kill -"$sig" "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [[ $waited -lt 150 ]]; do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

cmd_start() {
  local dir=$1; shift
  local instances=2 port="" fsync=on watch="" device_rate=600 device_burst=60 enrol_rate=60000
  while [[ $# -gt 0 ]]; do
    case $1 in
      --instances) instances=$2; shift 2 ;;
      --port) port=$2; shift 2 ;;
      --fsync) fsync=$2; shift 2 ;;
      --watch) watch=$2; shift 2 ;;
      --device-rate) device_rate=$2; shift 2 ;;
      --device-burst) device_burst=$2; shift 2 ;;
      --enrol-rate) enrol_rate=$2; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ -x $agg ]] || die "no $agg (build first, or set LP_BUILD_DIR)"
  command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx-light)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)

  # PostgreSQL: its own short directory under /tmp (unix socket paths are limited to ~100 bytes).
  local pgdir
  pgdir=$(mktemp -d /tmp/lp-cluster-pg-XXXXXX)
  echo "$pgdir" >"$dir/pg.dir"
  local pg_url
  pg_url=$("$pg" start "$pgdir" --fsync "$fsync" ${watch:+--watch "$watch"})
  say "postgresql: $pg_url"

  [[ -n $port ]] || port=$(free_port)
  "$agg" init --data "$dir/data" >/dev/null
  cat >>"$dir/data/aggregator.conf" <<EOF

# [cluster] written by tools/cluster.sh
store = $pg_url&lp_pool=8
worker_threads = 64
public_url = https://127.0.0.1:$port
# nginx (on this machine) names the client in X-Forwarded-For: lockouts and logs use it.
trusted_proxies = 127.0.0.1
EOF
  "$agg" migrate --data "$dir/data" >&2

  local upstreams=""
  for i in $(seq 1 "$instances"); do
    free_port >"$dir/instance-$i.port"
    start_instance "$dir" "$i"
    upstreams+="    server 127.0.0.1:$(cat "$dir/instance-$i.port") max_fails=1 fail_timeout=1s;"$'\n'
  done

  mkdir -p "$dir/nginx/tmp"
  [[ $(id -u) -ne 0 ]] || chown -R nobody "$dir/nginx/tmp"
  sed -e "s|@PREFIX@|$dir/nginx|g" -e "s|@LISTEN@|127.0.0.1:$port|g" \
      -e "s|@CERT@|$dir/data/tls.crt|g" -e "s|@KEY@|$dir/data/tls.key|g" \
      -e "s|@DEVICE_RATE@|$device_rate|g" -e "s|@DEVICE_BURST@|$device_burst|g" \
      -e "s|@ENROL_RATE@|$enrol_rate|g" -e "s|@ENROL_BURST@|1000|g" \
      "$root/tools/deploy/nginx.conf.in" | awk -v up="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", up; else print }' \
      >"$dir/nginx/nginx.conf"
  nginx -t -q -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$dir/nginx/nginx.conf" || die "nginx config invalid"
  nginx -p "$dir/nginx" -e "$dir/nginx/error.log" -c "$dir/nginx/nginx.conf" </dev/null >/dev/null 2>&1 &
  echo $! >"$dir/nginx.pid"
  local url="https://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -fsS --cacert "$dir/data/tls.crt" "$url/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fsS --cacert "$dir/data/tls.crt" "$url/api/v1/health" >/dev/null || die "nginx does not answer on $url"
  cat >"$dir/cluster.env" <<EOF
URL=$url
DATA=$dir/data
PG_URL=$pg_url
PG_DIR=$pgdir
INSTANCES=$instances
EOF
  say "ready: $url ($instances instances behind nginx)"
  echo "$url"
}

cmd_stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  stop_pidfile "$dir/nginx.pid" QUIT
  for f in "$dir"/instance-*.pid; do [[ -e $f ]] && stop_pidfile "$f" TERM; done
  if [[ -f $dir/pg.dir ]]; then "$pg" kill "$(cat "$dir/pg.dir")"; rm -f "$dir/pg.dir"; fi
  say "stopped"
}

cmd=${1:-}; dir=${2:-}
[[ -n $cmd && -n $dir ]] || usage
shift 2
case $cmd in
  start) cmd_start "$dir" "$@" ;;
  stop) cmd_stop "$dir" ;;
  kill-instance) stop_pidfile "$dir/instance-$1.pid" KILL; say "killed instance $1" ;;
  start-instance) start_instance "$dir" "$1"; say "started instance $1" ;;
  restart-pg) "$pg" restart "$(cat "$dir/pg.dir")"; say "postgresql restarted" ;;
  status)
    cat "$dir/cluster.env"
    pid_alive "$dir/nginx.pid" && echo "nginx: up" || echo "nginx: down"
    for f in "$dir"/instance-*.pid; do
      [[ -e $f ]] || continue
      n=${f##*/instance-}; n=${n%.pid}
      pid_alive "$f" && echo "instance $n: up (port $(cat "$dir/instance-$n.port"))" || echo "instance $n: down"
    done ;;
  run)
    trap 'cmd_stop "$dir"' EXIT
    cmd_start "$dir" "$@" >/dev/null
    say "enrol a kiosk: $agg enrol-code --data $dir/data --site NAME"
    say "load: $build/tools/lp-loadgen --server \$(grep URL= $dir/cluster.env | cut -d= -f2) --mint $dir/data --verify"
    say "Ctrl-C stops everything"
    while true; do sleep 3600; done ;;
  *) usage ;;
esac
