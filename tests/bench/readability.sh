#!/usr/bin/env bash
# Easy-read benchmark (run by `tools/lp bench` with LP_BUILD_DIR set): the Flesch-Kincaid grade
# of every young person's English string (question sets and the kiosk catalogue), printing the
# five closest to (or over) their age band's limit. Limits and formula: docs/languages.md.
# Writes $LP_BUILD_DIR/bench/readability.json.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
bin="$build/tests/kiosk/lp_readability_report"
need_built readability "$bin"
"$bin" "$root/assets" > "$build/bench/readability.json"
python3 - "$build/bench/readability.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"readability: {r['strings']} strings, {r['scored']} long enough to score, {r['over_limit']} over their limit")
print("  hardest five (Flesch-Kincaid grade; reading age = grade + 5; nearest their band's limit first):")
for w in r["worst"]:
    print(f"  grade {w['grade']:4.1f} (limit {w['limit_grade']:.0f}, {w['band']})  {w['where']}: \"{w['text']}\"")
PY
