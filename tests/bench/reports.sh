#!/usr/bin/env bash
# Report reader benchmark (run by `tools/lp bench` with LP_BUILD_DIR set): pages per second of
# reading a 60-page PDF into a report (text layer, furniture removed, judgements, improvement
# points and findings) on one core, against `pdftotext -layout` on the same file in the same run.
# The PDF is made here from the corpus by lp-make-report. Writes $LP_BUILD_DIR/bench/reports.json.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
themes="$build/tools/lp-themes"
make_report="$build/tests/tools/lp-make-report"
need_built reports "$themes" "$make_report"
command -v pdftotext >/dev/null || { echo "reports bench: pdftotext missing (apt install poppler-utils)" >&2; exit 1; }
work="$build/bench/reports"
mkdir -p "$work"

# A long report: the training corpus's texts one after another, until the PDF has 60 pages.
pdf="$work/long-report.pdf"
: >"$work/long-report.txt"
pages=0
while [ "$pages" -lt 60 ]; do
  for f in "$root"/tests/data/reports/train/*.txt; do
    cat "$f" >>"$work/long-report.txt"
    echo >>"$work/long-report.txt"
    "$make_report" --pdf "$pdf" --header "Long inspection report" "$work/long-report.txt"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    [ "$pages" -ge 60 ] && break
  done
done
# Exactly 60 pages: keep the first 60 (poppler-utils' pdfseparate / pdfunite).
rm -f "$work"/page-*.pdf
pdfseparate -l 60 "$pdf" "$work/page-%03d.pdf"
pdfunite "$work"/page-*.pdf "$work/report-60.pdf"
rm -f "$work"/page-*.pdf
pdf="$work/report-60.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
seconds="${LP_BENCH_SECONDS:-3}"
reader=$("${pin[@]}" "$themes" bench-read "$pdf" --seconds "$seconds")
# pdftotext on the same file, as many times as fit in the same time.
runs=0
start=$(date +%s.%N)
while :; do
  "${pin[@]}" pdftotext -layout "$pdf" /dev/null
  runs=$((runs + 1))
  now=$(date +%s.%N)
  awk -v s="$start" -v n="$now" -v t="$seconds" 'BEGIN { exit !(n - s < t) }' || break
done
python3 - "$build/bench/reports.json" "$reader" "$runs" "$start" "$now" "$pages" <<'PY'
import json, sys
out, reader, runs, start, now, pages = sys.argv[1:]
r = json.loads(reader)
pdftotext = int(pages) * int(runs) / (float(now) - float(start))
result = {
    "bench": "reports",
    "pdf_pages": int(pages),
    "reader_pages_per_s": r["pages_per_s"],
    "pdftotext_pages_per_s": round(pdftotext, 1),
    "reader_vs_pdftotext": round(r["pages_per_s"] / pdftotext, 3),
    "judgements": r["judgements"],
    "findings": r["findings"],
    "target_pages_per_s": 30,
}
result["pass"] = r["pages_per_s"] >= 30
json.dump(result, open(out, "w"), indent=2)
print(f"reports: reader {r['pages_per_s']:.1f} pages/s, pdftotext -layout {pdftotext:.1f} pages/s "
      f"(reader x{result['reader_vs_pdftotext']} of pdftotext) on a {pages}-page PDF, one core; target 30 pages/s")
print(f"reports: wrote {out}; {'PASS' if result['pass'] else 'FAIL'}")
sys.exit(0 if result["pass"] else 1)
PY
