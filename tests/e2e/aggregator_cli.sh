#!/usr/bin/env bash
# lp-aggregator's command line: --help everywhere, usage errors exit 2 with one line, init,
# enrol-code, devices, add-manager, export, import (twice: nothing stored twice).
# Usage: aggregator_cli.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=${1:?build dir}
src=${2:?source dir}
agg="$build/sync/lp-aggregator"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lp-agg-cli-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$agg" --help | grep -q "enrol-code" || fail "top-level --help"
"$agg" --version | grep -q "lp-aggregator" || fail "--version"
for c in init serve enrol-code devices revoke add-manager export import; do
  "$agg" "$c" --help | grep -q "usage: lp-aggregator $c" || fail "$c --help"
done
expect_usage() {
  local err rc=0
  err=$("$agg" "$@" 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 2 ] || fail "'$*' exited $rc, wanted 2"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "'$*' printed more than one line: $err"
}
expect_usage
expect_usage bogus
expect_usage init
expect_usage init --data "$tmp/x" --nope
expect_usage serve --data "$tmp/x" --listen nonsense
expect_usage enrol-code --data "$tmp/d"
expect_usage enrol-code --data "$tmp/d" --site hub --expires soon
expect_usage revoke --data "$tmp/d"
expect_usage export --data "$tmp/d" --format xml
expect_usage export --data "$tmp/d" --format csv --since yesterday
expect_usage add-manager --data "$tmp/d" --user a --role superuser
expect_usage import --data "$tmp/d"

"$agg" init --data "$tmp/d" >/dev/null
[ "$(stat -c %a "$tmp/d/sealing.key")" = 600 ] || fail "sealing.key mode"
grep -q "^max_body_bytes = 2097152" "$tmp/d/aggregator.conf" || fail "config defaults"
openssl x509 -in "$tmp/d/tls.crt" -noout -ext subjectAltName | grep -q "IP Address:127.0.0.1" || fail "SAN"
"$agg" init --data "$tmp/d" >/dev/null  # twice is fine
code_out=$("$agg" enrol-code --data "$tmp/d" --site hub --expires 2h)
echo "$code_out" | grep -Eq "^code: [34679ACDEFGHJKMNPQRTUVWXY]{10}$" || fail "code format: $code_out"
echo "$code_out" | grep -q "^pin: sha256//" || fail "pin"
pin=$(echo "$code_out" | sed -n 's/^pin: //p')
want=$(openssl x509 -in "$tmp/d/tls.crt" -pubkey -noout | openssl pkey -pubin -outform der |
       openssl dgst -sha256 -binary | base64)
[ "$pin" = "sha256//$want" ] || fail "pin $pin != sha256//$want"
printf 'correct horse battery\n' | "$agg" add-manager --data "$tmp/d" --user alice --role viewer >/dev/null
rc=0; printf 'short\n' | "$agg" add-manager --data "$tmp/d" --user bob >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "short password accepted"
rc=0; "$agg" revoke --data "$tmp/d" dev-nope >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "revoking an unknown device"
"$agg" export --data "$tmp/d" --format csv | head -1 | grep -q "^id,device_id" || fail "csv header"
# --cert/--key: an operator's own certificate is copied in and its key pinned.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=agg.example \
  -keyout "$tmp/own.key" -out "$tmp/own.crt" 2>/dev/null
"$agg" init --data "$tmp/own" --cert "$tmp/own.crt" --key "$tmp/own.key" >/dev/null
cmp -s "$tmp/own.crt" "$tmp/own/tls.crt" || fail "--cert not copied"
[ "$(stat -c %a "$tmp/own/tls.key")" = 600 ] || fail "tls.key mode"
own_pin=$("$agg" enrol-code --data "$tmp/own" --site hub | sed -n 's/^pin: //p')
own_want=$(openssl x509 -in "$tmp/own.crt" -pubkey -noout | openssl pkey -pubin -outform der |
           openssl dgst -sha256 -binary | base64)
[ "$own_pin" = "sha256//$own_want" ] || fail "pin of --cert"
expect_usage init --data "$tmp/own2" --cert "$tmp/own.crt"
echo "cli ok"
