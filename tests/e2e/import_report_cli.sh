#!/bin/sh
# lp-aggregator import-report with inspection reports' TEXT: the five seed reports load
# as many findings as the checked-in catalogue built from them; a text that is no report fails
# with a clear message and exit 1 and leaves the loaded catalogue alone; usage errors exit 2.
# usage: import_report_cli.sh LP_AGGREGATOR SOURCE_DIR
set -u
agg="$1"
src="$2"
work=$(mktemp -d "${TMPDIR:-/tmp}/lp-import-report.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }

"$agg" init --data "$work/data" >/dev/null 2>&1 || fail "init"
# Copies, so the test proves nothing depends on where the reports live.
mkdir "$work/reports"
cp "$src"/assets/reports/kirklees/*.txt "$work/reports/" || fail "copy reports"
n=$(ls "$work/reports"/*.txt | wc -l)
[ "$n" -eq 5 ] || fail "expected 5 seed reports, found $n"

from_text=$("$agg" import-report --data "$work/data" --assets "$src/assets" "$work/reports"/*.txt 2>"$work/err") ||
    fail "import-report with text failed: $(cat "$work/err")"
echo "text: $from_text"
from_json=$("$agg" import-report --data "$work/data" --assets "$src/assets" "$src/assets/themes/kirklees.json" 2>"$work/err") ||
    fail "import-report with the catalogue failed: $(cat "$work/err")"
echo "json: $from_json"
text_line=$(echo "$from_text" | grep '^loaded ')
json_line=$(echo "$from_json" | grep '^loaded ')
echo "$text_line" | grep -q '^loaded 5 reports, [1-9][0-9]* findings' || fail "text import loaded: $text_line"
findings() { echo "$1" | sed -n 's/.* \([0-9]*\) findings.*/\1/p'; }
[ "$(findings "$text_line")" = "$(findings "$json_line")" ] ||
    fail "text gave $(findings "$text_line") findings, the catalogue $(findings "$json_line")"

printf 'Shopping list\n\nmilk, eggs, bread\n' >"$work/reports/shopping.txt"
"$agg" import-report --data "$work/data" --assets "$src/assets" "$work/reports/shopping.txt" >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" -eq 1 ] || fail "a bad report gave exit $rc, want 1"
grep -q 'shopping.txt' "$work/err" || fail "the error does not name the file: $(cat "$work/err")"
[ "$(wc -l <"$work/err")" -ge 1 ] || fail "no error message"
grep -q '^loaded' "$work/out" && fail "a bad report still loaded something"
echo "bad: $(cat "$work/err")"

"$agg" import-report --data "$work/data" --assets "$src/assets" "$work/reports/shopping.txt" \
    "$src/assets/themes/kirklees.json" >/dev/null 2>"$work/err"
[ $? -eq 1 ] || fail "mixing text and a catalogue was not refused"
"$agg" import-report --data "$work/data" >/dev/null 2>"$work/err"
[ $? -eq 2 ] || fail "no files was not a usage error"
[ "$(wc -l <"$work/err")" -eq 1 ] || fail "usage error is not one line"

# --help: one list of commands, the dashboard's before the closing "Run ..." line.
"$agg" --help >"$work/help" || fail "--help"
run_line=$(grep -n "^Run 'lp-aggregator COMMAND --help'" "$work/help" | cut -d: -f1)
last_cmd=$(grep -n '^  [a-z]' "$work/help" | tail -1 | cut -d: -f1)
grep -q '^  import-report' "$work/help" || fail "--help lacks import-report"
grep -q '^  relink' "$work/help" || fail "--help lacks relink"
[ -n "$run_line" ] && [ "$last_cmd" -lt "$run_line" ] || fail "a command is listed after the 'Run ...' line"
echo "PASS"
