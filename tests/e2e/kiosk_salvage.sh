#!/usr/bin/env bash
# A damaged kiosk.db: the kiosk moves it aside and starts a new one with sequence numbers that
# never repeat, and `lp-kiosk salvage` brings back every readable, intact answer exactly once.
source "$(dirname "$0")/kiosk_shell_start.sh" "$@"
mkdir -p "$work/d"

key=$(head -c 32 /dev/urandom | base64)
echo "sealing_public_key = $key" >>"$work/d/kiosk.conf"
"$kiosk" simulate --data "$work/d" --count 150 --seed 5 >/dev/null
total=$(sqlite3 "$work/d/kiosk.db" 'SELECT count(*) FROM outbox')
old_max=$(sqlite3 "$work/d/kiosk.db" 'SELECT max(seq) FROM outbox')
sqlite3 "$work/d/kiosk.db" 'SELECT id FROM outbox ORDER BY id' >"$work/old_ids"
[ -z "$(ls "$work/d"/kiosk.db-wal 2>/dev/null)" ] || [ ! -s "$work/d/kiosk.db-wal" ] || fail "expected a checkpointed file"

# Cut the file to 60%: the last pages (and the rows in them) are gone.
size=$(stat -c %s "$work/d/kiosk.db")
truncate -s $((size * 6 / 10 / 4096 * 4096)) "$work/d/kiosk.db"
[ "$(sqlite3 "$work/d/kiosk.db" 'PRAGMA quick_check' 2>&1 | head -1)" != ok ] || fail "truncation did not damage the file"
# status only reads: it says the file is damaged and how to recover, and moves nothing.
set +e
"$kiosk" status --data "$work/d" >/dev/null 2>"$work/status_err"; rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "damaged" "$work/status_err" || fail "status on a damaged database"
! ls "$work/d"/kiosk.db.corrupt-* >/dev/null 2>&1 || fail "status moved the file"

# Nothing has opened the damaged file yet: salvage finds the damage itself, moves the file
# aside, starts a new store and salvages from the old one. Run twice: nothing is copied twice.
"$kiosk" salvage --data "$work/d" >"$work/s1.json" || fail "salvage 1"
ls "$work/d"/kiosk.db.corrupt-* >/dev/null || fail "damaged file not moved aside"
"$kiosk" salvage --data "$work/d" >"$work/s2.json" || fail "salvage 2"
sqlite3 "$work/d/kiosk.db" 'SELECT id FROM outbox ORDER BY id' >"$work/new_ids"
[ "$(sqlite3 "$work/d/kiosk.db" 'PRAGMA integrity_check')" = ok ] || fail "new database integrity"
[ "$(sqlite3 "$work/d/kiosk.db" 'SELECT count(DISTINCT seq) = count(*) FROM outbox')" = 1 ] || fail "seq unique"
"$kiosk" simulate --data "$work/d" --count 1 --seed 9 >/dev/null
new_seq=$(sqlite3 "$work/d/kiosk.db" "SELECT max(seq) FROM outbox")
python3 - "$(cat "$work/s1.json")" "$(cat "$work/s2.json")" "$total" "$old_max" "$new_seq" "$work" <<'PY'
import json, sys
s1, s2 = json.loads(sys.argv[1]), json.loads(sys.argv[2])
total, old_max, new_seq, work = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
print("salvage 1:", s1)
print("salvage 2:", s2)
assert 0 < s1["imported"] < total, (s1, total)
assert s1["complete"] is False and s1["bad_hash"] == 0, s1
assert s2["imported"] == 0 and s2["already_there"] == s1["imported"], s2
old = set(open(work + "/old_ids").read().split())
new = set(open(work + "/new_ids").read().split())
assert new <= old and len(new) == s1["imported"], (len(new), s1)
assert new_seq > old_max + 1000, (new_seq, old_max)   # a fresh number, well past anything sent
PY
# --from a file that is not there, and usage errors.
set +e
"$kiosk" salvage --data "$work/d" --from "$work/nope.db" >/dev/null 2>&1; rc=$?
[ "$rc" -eq 1 ] || fail "missing --from file should exit 1 (got $rc)"
"$kiosk" salvage >/dev/null 2>"$work/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] || fail "usage error"
echo ok
