#!/usr/bin/env bash
# End-to-end check of the real lp-themes binary: import a seed, link comments from stdin,
# evaluate the labelled sets, and the exit codes scripts rely on (0 ok, 1 bad input, 2 usage).
set -euo pipefail
bin="$1"
src="$2"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lp-themes-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LP_ASSETS_DIR="$src/assets"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$bin" --help >/dev/null || fail "--help must exit 0"
"$bin" --version | grep -q "lp-themes" || fail "--version must print the version"

# Import one seed to a file and check the catalogue's shape.
"$bin" import --authority Kirklees --out "$tmp/cat.json" "$src/assets/reports/kirklees/kirklees-2019-ilacs-report.txt" \
  2>"$tmp/import.err" || fail "import failed: $(cat "$tmp/import.err")"
python3 - "$tmp/cat.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert set(c) == {"reports", "findings", "themes", "links"}, c.keys()
r = c["reports"][0]
assert r["id"] == "kirklees-2019-ilacs" and r["kind"] == "ilacs" and len(r["judgements"]) == 4, r
improve = [f for f in c["findings"] if f["kind"] == "improvement"]
assert len(improve) == 10, len(improve)
assert improve[4]["id"] == "kirklees-2019-ilacs-improve-05"
assert all(set(f) == {"id", "report", "kind", "area", "text", "paragraphs"} for f in c["findings"])
assert all(set(l) == {"finding", "theme", "score", "matched"} for l in c["links"])
themes = {t["id"] for t in c["themes"]}
assert all(l["theme"] in themes for l in c["links"])
PY
# Import to stdout gives the same catalogue.
"$bin" import --authority Kirklees "$src/assets/reports/kirklees/kirklees-2019-ilacs-report.txt" >"$tmp/stdout.json" 2>/dev/null
cmp -s "$tmp/stdout.json" "$tmp/cat.json" || fail "--out and stdout differ"

# Link: one JSON line per stdin line, blank lines included.
printf 'my pa never rings back\n\ni dont feel safe at home\n' | "$bin" link --catalogue "$tmp/cat.json" >"$tmp/link.out"
python3 - "$tmp/link.out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, rows
assert rows[0]["themes"][0]["id"] == "personal-advisers" and "pa" in rows[0]["themes"][0]["matched"], rows[0]
assert rows[0]["safeguarding"] is False and rows[1]["themes"] == []
assert rows[2]["safeguarding"] is True and rows[2]["safeguarding_matched"], rows[2]
PY

# Eval: the contract's last line, and the targets.
"$bin" eval "$src/tests/data/comments.jsonl" >"$tmp/eval.out"
tail -n 1 "$tmp/eval.out" | grep -Eq '^themes_f1=[0-9.]+ safeguarding_recall=1\.000 safeguarding_fpr=[0-9.]+$' \
  || fail "eval last line: $(tail -n 1 "$tmp/eval.out")"
grep -Eq '^themes: micro_f1=[0-9.]+ macro_f1=[0-9.]+ top1=[0-9.]+ ' "$tmp/eval.out" || fail "eval: no micro/macro/top-1 line"
[ "$(grep -c '^worst: ' "$tmp/eval.out")" -eq 5 ] || fail "eval: five worst themes expected"

# Cross-validation on a labelled file: each fold linked by a model that never saw it.
head -n 60 "$src/tests/data/linker_train.jsonl" >"$tmp/cv.jsonl"
"$bin" cv --folds 2 "$tmp/cv.jsonl" >"$tmp/cv.out" || fail "cv failed"
grep -Eq '^items=60$' "$tmp/cv.out" || fail "cv: $(head -n 1 "$tmp/cv.out")"
grep -Eq '^themes: micro_f1=0\.[0-9]+ ' "$tmp/cv.out" || fail "cv: no micro F1"

# --lexicon-only links by the lexicon alone (as the importer does).
echo "my pa never rings back" | "$bin" link --lexicon-only | grep -q '"personal-advisers"' || fail "lexicon-only link"

# Exit codes: unknown file 1 (naming the guessed kind), usage errors 2 with one line on stderr.
printf 'just some words\nnothing else\n' >"$tmp/unknown.txt"
set +e
"$bin" import --authority X "$tmp/unknown.txt" >/dev/null 2>"$tmp/unknown.err"; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "unknown file must exit 1, got $rc"
grep -q "guessed kind 'other'" "$tmp/unknown.err" || fail "unknown file message: $(cat "$tmp/unknown.err")"
for args in "import" "import --authority" "frobnicate" "eval" "cv" "cv --folds 1 x" "link extra" "import --authority X --date yesterday $tmp/unknown.txt" \
            "import --bogus 1"; do
  set +e
  # shellcheck disable=SC2086
  "$bin" $args </dev/null >/dev/null 2>"$tmp/usage.err"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "'$args' must exit 2, got $rc"
  [ "$(wc -l <"$tmp/usage.err")" -eq 1 ] || fail "'$args' must print one line on stderr"
done
set +e
"$bin" import --authority X "$tmp/missing.txt" >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a missing file must exit 1, got $rc"
echo "lp-themes end to end: ok"
