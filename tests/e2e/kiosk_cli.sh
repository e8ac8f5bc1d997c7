#!/usr/bin/env bash
# lp-kiosk's command line: --help/--version, usage errors exit 2 with one line, status JSON,
# simulate through the real store, set-pin from stdin.
source "$(dirname "$0")/kiosk_shell_start.sh" "$@"

"$kiosk" --help | grep -q "simulate" || fail "--help"
"$kiosk" --version | grep -Eq "^lp-kiosk [0-9]+\.[0-9]+" || fail "--version"
"$kiosk" status --help >/dev/null || fail "status --help"

expect_usage() {
  set +e
  "$@" >/dev/null 2>"$work/err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "expected exit 2 from: $* (got $rc)"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "expected one line on stderr from: $*"
}
expect_usage "$kiosk" --bogus
expect_usage "$kiosk" frobnicate
expect_usage "$kiosk" status
expect_usage "$kiosk" status --data "$work/d" --nope
expect_usage "$kiosk" simulate --data "$work/d"
expect_usage "$kiosk" simulate --data "$work/d" --count many
expect_usage "$kiosk" --windowed 12by7
echo 12 | expect_usage "$kiosk" set-pin --data "$work/d"

# status on an empty dir creates nothing and says not set up
out=$("$kiosk" status --data "$work/empty")
python3 - "$out" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
for k in ("stored", "pending", "quarantined", "question_set", "device_id"):
    assert k in s, k
assert s["stored"] == 0 and s["device_id"] is None and s["set_up"] is False, s
assert s["question_set"]["id"] == "care-leavers", s
PY
[ ! -e "$work/empty/kiosk.db" ] || fail "status created a database"

# Not set up: simulate refuses and stores nothing.
mkdir -p "$work/d"
set +e
"$kiosk" simulate --data "$work/d" --count 3 >/dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "simulate without a key should exit 1 (got $rc)"

# With a key: simulate stores N responses through the same store.
key=$(head -c 32 /dev/urandom | base64)
echo "sealing_public_key = $key" >>"$work/d/kiosk.conf"
"$kiosk" simulate --data "$work/d" --count 25 --seed 3 >"$work/sim.json"
out=$("$kiosk" status --data "$work/d")
python3 - "$out" "$(cat "$work/sim.json")" <<'PY'
import json, sys
s, sim = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert sim["saved"] == 25 and sim["failed"] == 0, sim
assert s["stored"] == 25 + sim["help_flags"], (s, sim)
assert s["pending"] == s["stored"] and s["set_up"] is True, s
PY
[ "$(sqlite3 "$work/d/kiosk.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
[ "$(sqlite3 "$work/d/kiosk.db" 'SELECT count(DISTINCT seq) = count(*) FROM outbox')" = 1 ] || fail "seq unique"

# set-pin stores an argon2id hash, never the PIN.
echo 2468 | "$kiosk" set-pin --data "$work/d" >/dev/null
grep -q '^staff_pin_hash = \$argon2id\$' "$work/d/kiosk.conf" || fail "pin hash"
! grep -q 2468 "$work/d/kiosk.conf" || fail "PIN in clear"
echo "ok"
