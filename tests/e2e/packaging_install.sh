#!/usr/bin/env bash
# packaging_install.sh BUILD_DIR — builds the Debian packages with CPack from BUILD_DIR, installs
# them with dpkg into a fresh directory root (dpkg --root, maintainer scripts run chrootless with
# DPKG_ROOT), and checks what an admin would: control fields and library dependencies, files and
# permissions, conffiles, that the postinst made the 'listening-post' system user and gave it the
# data dirs, valid maintainer scripts, systemd units that `systemd-analyze verify` accepts, and
# that the installed binaries run (--version, `lp-kiosk status`, an aggregator serving /health).
# Removal keeps the data. Needs root (CI is root); otherwise it re-runs itself under fakeroot.
set -euo pipefail

build=$(cd "${1:?usage: packaging_install.sh BUILD_DIR}" && pwd)
failures=0
pass() { printf 'ok   %s\n' "$*"; }
fail() { printf 'FAIL %s\n' "$*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
die() { printf 'FAIL %s\n' "$*"; exit 1; }

# [0] The binaries must exist: a package test that skips when nothing was built proves nothing.
for b in kiosk/lp-kiosk sync/lp-aggregator tools/lp-themes; do
  [ -x "$build/$b" ] || die "$build/$b is not built (build lp-kiosk, lp-aggregator and lp-themes first)"
done
for tool in cpack dpkg dpkg-deb python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
if [ "$(id -u)" -ne 0 ] && [ -z "${LP_PACKAGING_FAKEROOT:-}" ]; then
  command -v fakeroot >/dev/null || die "not root and fakeroot is not installed"
  exec env LP_PACKAGING_FAKEROOT=1 fakeroot -- bash "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lp-packaging.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# [1] cpack from the build dir, into a private output dir (ctest -j2 runs other tests beside us).
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$version" ] || die "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake (is cmake/Packaging.cmake included?)"
t0=$(date +%s)
cpack --config "$build/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; die "cpack failed"; }
echo "cpack: $(( $(date +%s) - t0 ))s"
arch=$(dpkg --print-architecture)
common="$work/cpack/listening-post-common_${version}-1_all.deb"
kiosk="$work/cpack/listening-post-kiosk_${version}-1_${arch}.deb"
aggregator="$work/cpack/listening-post-aggregator_${version}-1_${arch}.deb"
for deb in "$common" "$kiosk" "$aggregator"; do
  [ -f "$deb" ] || { ls -l "$work/cpack"; die "missing $(basename "$deb")"; }
  printf '     %-50s %s bytes\n' "$(basename "$deb")" "$(stat -c %s "$deb")"
done

# [2] Control fields: names, architecture, library dependencies found by dpkg-shlibdeps.
field() { dpkg-deb -f "$1" "$2"; }
depends_on() { field "$1" Depends | tr ',' '\n' | sed 's/^ *//' | grep -q "^$2\( \|$\)"; }
check "common is Architecture: all" [ "$(field "$common" Architecture)" = all ]
check "kiosk is Architecture: $arch" [ "$(field "$kiosk" Architecture)" = "$arch" ]
# Every library a packaged binary needs (ELF NEEDED) must come from a package named in Depends.
# Resolves soname -> path (ldconfig cache) -> owning package (dpkg -S, either side of usrmerge).
owner_of_soname() {
  local path pkg
  path=$(ldconfig -p | awk -v so="$1" '$1 == so && $0 ~ /x86-64|aarch64|AArch64/ { print $NF; exit }')
  [ -n "$path" ] || path=$(ldconfig -p | awk -v so="$1" '$1 == so { print $NF; exit }')
  [ -n "$path" ] || return 1
  for cand in "$path" "${path#/usr}" "/usr$path"; do
    pkg=$(dpkg -S "$cand" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && { echo "$pkg"; return 0; }
  done
  return 1
}
check_needed_libs() {  # DEB BINARY
  local deb=$1 bin=$2 so pkg missing=""
  for so in $(objdump -p "$bin" | awk '$1 == "NEEDED" { print $2 }'); do
    pkg=$(owner_of_soname "$so") || { missing="$missing $so(no-owner)"; continue; }
    depends_on "$deb" "$pkg" || missing="$missing $so($pkg)"
  done
  [ -z "$missing" ] || echo "not in Depends:$missing"
  [ -z "$missing" ]
}
check "aggregator Depends covers every library lp-aggregator needs" check_needed_libs "$aggregator" "$build/sync/lp-aggregator"
check "aggregator Depends covers every library lp-themes needs" check_needed_libs "$aggregator" "$build/tools/lp-themes"
check "kiosk Depends covers every library lp-kiosk needs" check_needed_libs "$kiosk" "$build/kiosk/lp-kiosk"
for lib in libsqlite3-0 libsodium23 libssl3 libcpp-httplib0.11; do
  check "aggregator depends on $lib" depends_on "$aggregator" "$lib"
done
for lib in libsqlite3-0 libsodium23 libglfw3 libfreetype6 fonts-noto-core fonts-opendyslexic; do
  check "kiosk depends on $lib" depends_on "$kiosk" "$lib"
done
check "kiosk and aggregator depend on the same common version" \
  bash -c "dpkg-deb -f '$kiosk' Depends | grep -q 'listening-post-common (= ${version}-1)' &&
           dpkg-deb -f '$aggregator' Depends | grep -q 'listening-post-common (= ${version}-1)'"
check "kiosk recommends cage" bash -c "dpkg-deb -f '$kiosk' Recommends | grep -qw cage"

# [3] Maintainer scripts are valid POSIX shell; conffiles are declared.
for deb in "$common" "$kiosk" "$aggregator"; do
  name=$(field "$deb" Package)
  dpkg-deb -e "$deb" "$work/control-$name"
  for s in preinst postinst prerm postrm; do
    f="$work/control-$name/$s"
    [ -f "$f" ] || continue
    check "$name $s is executable and valid sh" bash -c "[ -x '$f' ] && sh -n '$f'"
  done
done
check "aggregator conffiles" diff <(sort "$work/control-listening-post-aggregator/conffiles") \
  <(printf '%s\n' /etc/listening-post/aggregator.conf /etc/listening-post/aggregator.env)
check "kiosk conffiles" diff <(sort "$work/control-listening-post-kiosk/conffiles") \
  <(printf '%s\n' /etc/listening-post/kiosk.env /etc/pam.d/listening-post-kiosk)

# [4] A clean root with an empty dpkg database and a base passwd/group, then dpkg --root.
r="$work/root"
mkdir -p "$r/etc" "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/var/lib/dpkg/triggers" "$r/tmp"
: >"$r/var/lib/dpkg/status"
printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$r/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
printf 'root:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n' >"$r/etc/shadow"
printf 'root:*::\nnogroup:*::\n' >"$r/etc/gshadow"
chmod 0640 "$r/etc/shadow" "$r/etc/gshadow"
# --force-depends: the root holds only our packages, not libc & co (the host provides them).
dpkg_root() { dpkg --root="$r" --force-script-chrootless --force-depends --force-not-root "$@"; }
t0=$(date +%s)
# Common first, as apt would order it: --force-depends also drops dpkg's configure ordering.
if dpkg_root -i "$common" >"$work/dpkg.log" 2>&1 && dpkg_root -i "$kiosk" "$aggregator" >>"$work/dpkg.log" 2>&1; then
  pass "dpkg --root installs the three packages ($(( $(date +%s) - t0 ))s)"
else
  cat "$work/dpkg.log"; die "dpkg --root -i failed"
fi
for p in listening-post-common listening-post-kiosk listening-post-aggregator; do
  check "$p is 'install ok installed'" bash -c \
    "[ \"\$(dpkg-query --admindir='$r/var/lib/dpkg' -W -f='\${Status}' $p)\" = 'install ok installed' ]"
done

# [5] Files, owners and permissions.
entry=$(grep '^listening-post:' "$r/etc/passwd" || true)
check "postinst created the listening-post user" [ -n "$entry" ]
uid=$(echo "$entry" | cut -d: -f3); gid=$(echo "$entry" | cut -d: -f4)
check "listening-post is a system user (uid $uid < 1000) with no login shell" \
  bash -c "[ '${uid:-9999}' -lt 1000 ] && [ '$(echo "$entry" | cut -d: -f7)' = /usr/sbin/nologin ]"
check "listening-post group exists (gid $gid)" grep -q "^listening-post:x:${gid:-x}:" "$r/etc/group"
mode_owner() { stat -c '%a %u:%g' "$1"; }
check "/var/lib/listening-post is 750 listening-post" [ "$(mode_owner "$r/var/lib/listening-post")" = "750 $uid:$gid" ]
check "/var/lib/listening-post/kiosk is 700 listening-post" [ "$(mode_owner "$r/var/lib/listening-post/kiosk")" = "700 $uid:$gid" ]
check "/var/lib/listening-post/aggregator is 700 listening-post" \
  [ "$(mode_owner "$r/var/lib/listening-post/aggregator")" = "700 $uid:$gid" ]
check "aggregator data dir config links to /etc" \
  [ "$(readlink "$r/var/lib/listening-post/aggregator/aggregator.conf")" = /etc/listening-post/aggregator.conf ]
for b in lp-kiosk lp-aggregator lp-themes; do
  check "/usr/bin/$b is 755 root" [ "$(mode_owner "$r/usr/bin/$b")" = "755 0:0" ]
done
for f in /usr/share/listening-post/question-sets/care-leavers.json /usr/share/listening-post/themes/kirklees.json \
         /usr/lib/sysusers.d/listening-post.conf /etc/listening-post/aggregator.conf /etc/listening-post/aggregator.env \
         /etc/listening-post/kiosk.env /etc/pam.d/listening-post-kiosk \
         /lib/systemd/system/listening-post-aggregator.service /lib/systemd/system/listening-post-kiosk.service; do
  check "$f is 644 root" [ "$(mode_owner "$r$f")" = "644 0:0" ]
done
check "aggregator.conf holds every default (listen, limits)" \
  bash -c "grep -q '^listen = ' '$r/etc/listening-post/aggregator.conf' && grep -q '^max_body_bytes = ' '$r/etc/listening-post/aggregator.conf'"
check "binaries are stripped (no .symtab)" bash -c "! readelf -S '$r/usr/bin/lp-aggregator' '$r/usr/bin/lp-kiosk' | grep -q '\.symtab'"
# Every path belongs under one of our places (or is a parent directory of one).
stray_paths() {
  for d in "$common" "$kiosk" "$aggregator"; do dpkg-deb -c "$d"; done | awk '{ print $6 }' | sed 's|^\./||' |
    grep -v -E '^(usr/(bin|share|lib/sysusers\.d)/|etc/listening-post/|etc/pam\.d/listening-post-kiosk$|lib/systemd/system/listening-post-|var/lib/listening-post/)' |
    grep -v -x -E '|usr/|usr/lib/|etc/|etc/pam\.d/|lib/|lib/systemd/|lib/systemd/system/|var/|var/lib/' || true
}
check "nothing is installed outside our places" [ -z "$(stray_paths)" ]

# [6] The systemd units: `systemd-analyze verify` on copies whose binaries point into the root.
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/units"
  for u in listening-post-aggregator listening-post-kiosk; do
    # cage is a Recommends, usually absent on a build machine: /bin/true stands in for it.
    cage=/usr/bin/cage; [ -x "$cage" ] || cage=/bin/true
    sed -e "s|/usr/bin/lp-|$r/usr/bin/lp-|g" -e "s|/usr/bin/cage|$cage|" \
      "$r/lib/systemd/system/$u.service" >"$work/units/$u.service"
    out=$(cd "$work/units" && systemd-analyze verify "./$u.service" 2>&1) && ok=1 || ok=0
    check "systemd-analyze verify $u.service${out:+: $out}" [ "$ok" = 1 ] && [ -z "$out" ]
  done
  score=$(systemd-analyze security --offline=true "$work/units/listening-post-aggregator.service" 2>/dev/null |
          sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
  check "aggregator unit exposure ${score:-?} <= 2.0 (systemd-analyze security)" \
    python3 -c "import sys; sys.exit(0 if float('${score:-99}') <= 2.0 else 1)"
else
  echo "note systemd-analyze is not installed: units not verified"
fi

# [7] The installed binaries run.
run() { env -u LP_ASSETS_DIR "$@"; }
check "lp-aggregator --version prints $version" bash -c "'$r/usr/bin/lp-aggregator' --version | grep -qF '$version'"
check "lp-kiosk --version prints $version" bash -c "'$r/usr/bin/lp-kiosk' --version | grep -qF '$version'"
check "lp-themes --version prints $version" bash -c "'$r/usr/bin/lp-themes' --version | grep -qF '$version'"
mkdir -p "$work/kiosk-data"
if LP_ASSETS_DIR="$r/usr/share/listening-post" "$r/usr/bin/lp-kiosk" status --data "$work/kiosk-data" >"$work/status.json" 2>"$work/status.err"; then
  check "lp-kiosk status: empty outbox, not enrolled, a question set from /usr/share" python3 - "$work/status.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
ok = s["stored"] == 0 and s["pending"] == 0 and s["quarantined"] == 0 and s["device_id"] is None and s["question_set"]
print("     status:", json.dumps(s, sort_keys=True)[:300])
sys.exit(0 if ok else 1)
EOF
else
  fail "lp-kiosk status --data exited non-zero: $(head -c 300 "$work/status.err")"
fi

# The aggregator as the unit runs it: init an empty data dir whose config links to the packaged
# aggregator.conf, serve on a free loopback port, GET /api/v1/health.
adata="$work/aggregator-data"
mkdir -p "$adata"
ln -s "$r/etc/listening-post/aggregator.conf" "$adata/aggregator.conf"
if run "$r/usr/bin/lp-aggregator" init --data "$adata" >"$work/init.log" 2>&1; then
  pass "lp-aggregator init on an empty data dir with the packaged config"
  LP_ASSETS_DIR="$r/usr/share/listening-post" "$r/usr/bin/lp-aggregator" serve --data "$adata" \
    --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on \(https:\/\/[^ ]*\).*/\1/p' "$work/serve.out" | head -1)
    [ -n "$url" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$url" ]; then
    check "installed aggregator answers $url/api/v1/health" bash -c \
      "curl -sk --max-time 10 '$url/api/v1/health' | grep -q '\"status\" *: *\"ok\"'"
  else
    fail "lp-aggregator serve did not start: $(head -c 300 "$work/serve.err")"
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
else
  fail "lp-aggregator init: $(head -c 300 "$work/init.log")"
fi

# [8] Reinstall over itself (the upgrade path: postinst gets the old version): an admin's edit to
# a conffile survives, the data dir's config link and owners are kept.
echo "LP_AGGREGATOR_ARGS=--listen 127.0.0.1:9443  # local edit" >>"$r/etc/listening-post/aggregator.env"
if dpkg_root --force-confold -i "$aggregator" "$kiosk" >"$work/upgrade.log" 2>&1; then
  pass "reinstalling kiosk and aggregator over themselves"
  check "admin's edit to aggregator.env kept" grep -q "local edit" "$r/etc/listening-post/aggregator.env"
  check "aggregator data dir still 700 listening-post" \
    [ "$(mode_owner "$r/var/lib/listening-post/aggregator")" = "700 $uid:$gid" ]
else
  cat "$work/upgrade.log"; fail "reinstall failed"
fi

# [9] Removal: binaries go, data stays (even on purge); purge drops the conffiles.
echo data >"$r/var/lib/listening-post/kiosk/outbox.db"
echo data >"$r/var/lib/listening-post/aggregator/aggregator.db"
if dpkg_root --purge listening-post-kiosk listening-post-aggregator >"$work/purge.log" 2>&1; then
  pass "dpkg --purge kiosk and aggregator"
  check "binaries removed" bash -c "[ ! -e '$r/usr/bin/lp-kiosk' ] && [ ! -e '$r/usr/bin/lp-aggregator' ]"
  check "conffiles removed on purge" bash -c "[ ! -e '$r/etc/listening-post/aggregator.conf' ] && [ ! -e '$r/etc/listening-post/kiosk.env' ]"
  check "kiosk outbox kept after purge" [ -f "$r/var/lib/listening-post/kiosk/outbox.db" ]
  check "aggregator database kept after purge" [ -f "$r/var/lib/listening-post/aggregator/aggregator.db" ]
else
  cat "$work/purge.log"; fail "dpkg --purge failed"
fi

if [ "$failures" -ne 0 ]; then
  echo "packaging: $failures check(s) failed"
  exit 1
fi
echo "packaging: all checks passed"
