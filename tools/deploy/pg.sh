#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server in one directory, for tests, benchmarks and `tools/lp cluster`.
# It listens on a unix socket inside DIR only (no TCP), so any number can run side by side.
# As root it runs as an unprivileged user (LP_PG_USER, default nobody) through runuser.
#
#   pg.sh start DIR [--watch PID] [--fsync on|off] [--template T]
#                           initdb if needed, start, create db "lp"; prints the libpq URL of
#                           database "lp". --watch: stop and delete DIR when PID exits.
#                           --template: copy the cluster from T instead of running initdb (which
#                           takes seconds; tests start many servers), and save T on first use.
#   pg.sh stop DIR          fast shutdown (DIR is kept)
#   pg.sh kill DIR          immediate shutdown, then delete DIR
#   pg.sh restart DIR       stop (fast) and start again on the same socket
#   pg.sh url DIR [DB]      prints the URL
#   pg.sh available         exit 0 when PostgreSQL 15 binaries are installed
set -euo pipefail

# Close inherited descriptors: the server and the watchdog live on, and must not hold a
# caller's pipe open (the caller would wait for EOF forever).
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  if [[ $fd -gt 2 ]]; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

PGBIN=${LP_PGBIN:-/usr/lib/postgresql/15/bin}
RUN_AS=${LP_PG_USER:-nobody}
PORT=5432  # only names the socket file inside DIR

usage() { echo "usage: pg.sh start|stop|kill|restart|url|available DIR [options]" >&2; exit 2; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$RUN_AS" -- "$@"; else "$@"; fi
}

url() { echo "postgresql://lp@/${2:-lp}?host=$1&port=$PORT"; }

# A template is used only when it is a whole cluster of the installed major version.
template_fits() {
  [[ -f $1/PG_VERSION && -f $1/global/pg_control ]] || return 1
  [[ $(cat "$1/PG_VERSION") == $("$PGBIN/pg_ctl" --version | sed -E 's/.* ([0-9]+)[.].*/\1/') ]]
}

pg_start() {
  local dir=$1 fsync=$2
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-k $dir -p $PORT -c listen_addresses='' -c fsync=$fsync -c max_connections=300 -c shared_buffers=64MB" \
    start >/dev/null
}

cmd=${1:-}; [[ -n $cmd ]] || usage
case $cmd in
  available)
    [[ -x $PGBIN/initdb && -x $PGBIN/pg_ctl ]] || { echo "PostgreSQL 15 is not installed ($PGBIN)" >&2; exit 1; }
    if [[ $(id -u) -eq 0 ]] && ! id "$RUN_AS" >/dev/null 2>&1; then echo "no user $RUN_AS" >&2; exit 1; fi
    exit 0 ;;
esac
dir=${2:-}; [[ -n $dir ]] || usage
shift 2

case $cmd in
  start)
    watch="" fsync=on template=""
    while [[ $# -gt 0 ]]; do
      case $1 in
        --watch) watch=$2; shift 2 ;;
        --fsync) fsync=$2; shift 2 ;;
        --template) template=$2; shift 2 ;;
        *) usage ;;
      esac
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ ${#dir} -gt 90 ]]; then echo "pg.sh: $dir is too long for a unix socket path" >&2; exit 1; fi
    if [[ $(id -u) -eq 0 ]]; then chown "$RUN_AS" "$dir"; chmod 700 "$dir"; fi
    if [[ ! -f $dir/data/PG_VERSION && -n $template ]] && template_fits "$template"; then
      cp -a "$template" "$dir/data" 2>/dev/null || rm -rf "$dir/data"
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      as_owner "$PGBIN/initdb" -D "$dir/data" -U lp -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    pg_start "$dir" "$fsync" || { tail -20 "$dir/log" >&2; exit 1; }
    as_owner "$PGBIN/psql" -q -h "$dir" -p $PORT -U lp -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'lp'" | grep -q 1 \
      || as_owner "$PGBIN/psql" -q -h "$dir" -p $PORT -U lp -d postgres -c "CREATE DATABASE lp" >/dev/null
    if [[ -n $template && ! -e $template ]]; then
      # Save this fresh cluster, cleanly stopped, under a temporary name renamed into place:
      # servers starting at the same moment never see half a template.
      as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
      mkdir -p "$(dirname "$template")"
      tmp_template="$template.$$"
      if cp -a "$dir/data" "$tmp_template"; then mv -T "$tmp_template" "$template" 2>/dev/null || true; fi
      rm -rf "$tmp_template"
      pg_start "$dir" "$fsync" || { tail -20 "$dir/log" >&2; exit 1; }
    fi
    if [[ -n $watch ]]; then
      # A watchdog outlives a crashed test: when PID is gone, the server and DIR go too.
      (
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$watch" 2>/dev/null && [[ -d $dir/data ]]; do sleep 1; done
        as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop || true
        rm -rf "$dir"
      ) &
      disown
    fi
    url "$dir" ;;
  stop) as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  kill)
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" ;;
  restart)
    fsync=$(as_owner "$PGBIN/psql" -h "$dir" -p $PORT -U lp -d postgres -tAc "SHOW fsync" 2>/dev/null || echo on)
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    pg_start "$dir" "$fsync" ;;
  url) url "$dir" "${1:-lp}" ;;
  *) usage ;;
esac
