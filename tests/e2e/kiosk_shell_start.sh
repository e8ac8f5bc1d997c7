# The start every kiosk shell test shares (sourced with the test's arguments): strict mode,
# kiosk=$1 the binary, work=$2 a work folder made empty, and fail MESSAGE.
set -euo pipefail
kiosk=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
