#!/usr/bin/env bash
# kiosk_cage.sh BUILD_DIR SOURCE_DIR — the kiosk session as listening-post-kiosk.service runs it: lp-kiosk
# inside the cage Wayland kiosk compositor (wlroots headless backend, software rendering,
# Xwayland for GLFW's X11 window). Checks that the kiosk's screen reaches the compositor's output
# (grim screenshot is not blank) and that cage exits when lp-kiosk exits, which is what lets
# systemd's Restart=always bring the whole session back. cage refuses to run as root, so as root
# the session runs as 'nobody', from copies of lp-kiosk and the assets in a world-readable temp
# dir (the clone itself may sit under a private directory).
set -euo pipefail

build=$(cd "${1:?usage: kiosk_cage.sh BUILD_DIR SOURCE_DIR}" && pwd)
source_dir=$(cd "${2:?usage: kiosk_cage.sh BUILD_DIR SOURCE_DIR}" && pwd)
die() { printf 'FAIL %s\n' "$*"; exit 1; }
[ -x "$build/kiosk/lp-kiosk" ] || die "$build/kiosk/lp-kiosk is not built"
for tool in cage Xwayland grim convert setpriv; do
  command -v "$tool" >/dev/null || die "$tool is not installed (tools/lp deps)"
done

work=$(mktemp -d /tmp/lp-cage.XXXXXX)
chmod 0755 "$work"
cp "$build/kiosk/lp-kiosk" "$work/lp-kiosk"
cp -r "$source_dir/assets" "$work/assets"
kiosk="$work/lp-kiosk"
cage_pid=""
cleanup() {
  if [ -n "$cage_pid" ]; then
    kill -- "-$cage_pid" 2>/dev/null || true
    sleep 0.5
    kill -9 -- "-$cage_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/run" "$work/data"
chmod 0700 "$work/run"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R 65534:65534 "$work/run" "$work/data"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  "${as_user[@]}" test -x "$kiosk" || die "'nobody' cannot run $kiosk"
fi

# The headless output is 1280x720. The window is one pixel shorter: a surface that covers the
# whole output is scanned out directly, which the headless backend cannot capture (black frame).
cat >"$work/session.sh" <<EOF
#!/bin/sh
echo \$\$ >"$work/run/kiosk.pid"
exec "$kiosk" --data "$work/data" --assets "$work/assets" --windowed 1280x719
EOF
chmod 0755 "$work/session.sh"

# Its own session and process group, so that cleanup also ends whatever runs inside cage.
setsid env -i PATH=/usr/bin:/bin HOME="$work" XDG_RUNTIME_DIR="$work/run" \
  WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 LIBGL_ALWAYS_SOFTWARE=1 \
  "${as_user[@]}" cage -d -- "$work/session.sh" >"$work/cage.log" 2>&1 &
cage_pid=$!

# [1] The kiosk's screen reaches the output: poll screenshots until the frame is not blank.
mean=0
shots=0
for _ in $(seq 1 40); do
  sleep 1
  kill -0 "$cage_pid" 2>/dev/null || { cat "$work/cage.log"; die "cage exited early"; }
  [ -S "$work/run/wayland-0" ] || continue
  env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$work/run" WAYLAND_DISPLAY=wayland-0 \
    "${as_user[@]}" grim "$work/run/shot.png" 2>/dev/null || continue
  shots=$((shots + 1))
  mean=$(convert "$work/run/shot.png" -colorspace Gray -format '%[fx:mean]' info:)
  python3 -c "import sys; sys.exit(0 if float('$mean') > 0.3 else 1)" && break
done
mkdir -p "$build/screenshots"
[ -f "$work/run/shot.png" ] && cp "$work/run/shot.png" "$build/screenshots/kiosk-under-cage.png"
python3 -c "import sys; sys.exit(0 if float('$mean') > 0.3 else 1)" ||
  { tail -20 "$work/cage.log"; die "the kiosk never showed under cage ($shots screenshots, mean brightness $mean)"; }
echo "ok   lp-kiosk draws under cage (mean brightness $mean; screenshots/kiosk-under-cage.png)"

# [2] When lp-kiosk exits, cage exits too, so systemd restarts the whole session.
kiosk_pid=$(cat "$work/run/kiosk.pid")
kill "$kiosk_pid"
for _ in $(seq 1 50); do
  kill -0 "$cage_pid" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$cage_pid" 2>/dev/null; then
  die "cage is still running 10 s after lp-kiosk exited"
fi
wait "$cage_pid" 2>/dev/null || true
cage_pid=""
echo "ok   cage exits when lp-kiosk exits (systemd's Restart=always then restarts the session)"
echo "kiosk under cage: all checks passed"
