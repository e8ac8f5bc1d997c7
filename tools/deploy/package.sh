#!/usr/bin/env bash
# tools/deploy/package.sh [--arch amd64|arm64] [--out DIR] [--no-tests]
# Builds the Debian packages with CPack (called by `tools/lp package`).
#   native (amd64): listening-post-common, listening-post-kiosk, listening-post-aggregator
#   --arch arm64:   cross-builds the kiosk with Debian's cross toolchain and arm64 multiarch
#                   libraries, runs the kiosk's unit tests under qemu-user-static, then packages
#                   listening-post-kiosk (arm64) and listening-post-common (all).
# Build dirs: build-package-<arch>/ (compiled-in assets dir /usr/share/listening-post).
# Packages land in out/packages/ (or --out DIR). Timings go to stderr as "[package] ... Ns".
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
native=$(dpkg --print-architecture)
arch=$native
out="$root/out/packages"
run_tests=1

while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch="${2:?--arch needs amd64 or arm64}"; shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --no-tests) run_tests=0; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$arch" in
  "$native"|arm64) ;;
  *) echo "package: --arch must be $native or arm64, got '$arch'" >&2; exit 2 ;;
esac

build="${LP_PACKAGE_BUILD_DIR:-$root/build-package-$arch}"
jobs=$(nproc)
t_start=$(date +%s)
phase_start=$t_start

say() { printf '[package] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Prints how long the phase that just ended took, and starts the next one.
lap() {
  local now; now=$(date +%s)
  say "$1: $((now - phase_start))s"
  phase_start=$now
}

# Everything the arm64 kiosk build links, as arm64 multiarch packages. Header-only and
# architecture-independent packages (nlohmann-json3-dev, doctest-dev) come from the native list.
arm64_packages=(
  crossbuild-essential-arm64 qemu-user-static
  libsqlite3-dev:arm64 libsodium-dev:arm64 libcurl4-openssl-dev:arm64 zlib1g-dev:arm64
  libimgui-dev:arm64 libglfw3-dev:arm64 libgl-dev:arm64 libfreetype-dev:arm64
  libharfbuzz-dev:arm64 libfribidi-dev:arm64  # shaped Arabic and Ethiopic text (kiosk/src/ui/shaping.cpp)
)

install_arm64_toolchain() {
  export DEBIAN_FRONTEND=noninteractive
  if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    say "adding the arm64 architecture to dpkg"
    as_root dpkg --add-architecture arm64
    as_root apt-get update -qq
  fi
  local missing=()
  for p in "${arm64_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${#missing[@]} packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

configure_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLP_WERROR=ON
                -DCMAKE_INSTALL_PREFIX=/usr -DLP_ASSETS_DIR=/usr/share/listening-post)
cpack_env=()
if [ "$arch" = "$native" ]; then
  "$root/tools/lp" deps
  lap "deps"
  targets=(lp-kiosk lp-aggregator lp-themes)
else
  "$root/tools/lp" deps
  install_arm64_toolchain
  lap "deps + arm64 toolchain and libraries"
  configure_args+=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-arm64.cmake" -DLP_KIOSK_ONLY=ON)
  targets=(lp-kiosk)
  [ "$run_tests" -eq 1 ] && targets+=(lp_shared_tests lp_kiosk_tests)
  # dpkg-shlibdeps must read arm64 objects and look up arm64 shlibs files.
  cpack_env=(DEB_HOST_ARCH=arm64 DEB_HOST_GNU_TYPE=aarch64-linux-gnu)
fi

say "configure $build"
cmake -S "$root" -B "$build" "${configure_args[@]}" >/dev/null
lap "configure"
say "build ${targets[*]}"
cmake --build "$build" -j"$jobs" --target "${targets[@]}"
lap "build"

if [ "$arch" != "$native" ] && [ "$run_tests" -eq 1 ]; then
  say "kiosk and shared unit tests under qemu-aarch64-static"
  (cd "$build" && ctest --output-on-failure -j"$jobs" --timeout 300 -L '^(kiosk|shared)$')
  lap "tests under qemu"
fi

say "cpack"
rm -rf "$build/cpack"
env "${cpack_env[@]}" cpack --config "$build/CPackConfig.cmake" -B "$build/cpack" >/dev/null
mkdir -p "$out"
for deb in "$build"/cpack/*.deb; do
  cp "$deb" "$out/"
  printf '%s\n' "$out/$(basename "$deb")"
done
lap "cpack"
say "done in $(( $(date +%s) - t_start ))s: packages in $out"
