#!/usr/bin/env bash
# The report reader on the forms councils hold reports in, made at test time from the corpus text:
# PDFs with page furniture and wrapped judgement tables, the Kirklees 2019 report as PDF and as a
# saved web page (both must give what its text gives), and the bad inputs that must be refused
# with exit 1 and a distinct message, leaving an existing catalogue untouched.
set -euo pipefail
themes="$1"
make_report="$2"
src="$3"
out="$4"
rm -rf "$out"
mkdir -p "$out/pdf" "$out/bad"
export LP_ASSETS_DIR="$src/assets"
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Corpus documents of several shapes as PDFs, checked against their expected files.
# (Easterby is itself text copied from a PDF; here it is read as it is.)
for name in hollinsford-2014-sif brackenfield-2018-ilacs-standard \
            oakhurst-borough-2026-ilacs-2026 greyston-2023-minutes redmere-2024-focused-visit \
            castleward-2022-monitoring-visit wensleydown-2023-ilacs-2023; do
  in="$src/tests/data/reports/train/$name.txt"
  [ -f "$in" ] || in="$src/tests/data/reports/train/$name.md"
  "$make_report" --pdf "$out/pdf/$name.pdf" --header "$name inspection report" "$in"
  cp "$src/tests/data/reports/train/$name.expected.json" "$out/pdf/"
done
"$themes" eval-reports "$out/pdf" || fail "corpus PDFs: see the misses above"
# ... and each PDF reads no more improvement points than its text does (no stray wrapped line).
for pdf in "$out"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  in="$src/tests/data/reports/train/$name.txt"
  [ -f "$in" ] || in="$src/tests/data/reports/train/$name.md"
  "$themes" import --authority X --out "$out/pdf/$name.pdf.json" "$pdf" 2>/dev/null || fail "import $pdf"
  "$themes" import --authority X --out "$out/pdf/$name.text.json" "$in" 2>/dev/null || fail "import $in"
  python3 - "$out/pdf/$name.pdf.json" "$out/pdf/$name.text.json" <<'PY' || fail "$name: the PDF reads other improvement points than its text"
import json, sys
points = lambda p: sum(1 for f in json.load(open(p))["findings"] if f["kind"] == "improvement")
pdf, text = points(sys.argv[1]), points(sys.argv[2])
sys.exit(0 if pdf == text else f"{sys.argv[1]}: {pdf} improvement points, the text has {text}")
PY
done

# 2. Kirklees 2019 as text, PDF and HTML: the same 4 judgements and 10 improvement points.
k="$src/assets/reports/kirklees/kirklees-2019-ilacs-report.txt"
"$make_report" --pdf "$out/kirklees-2019.pdf" --header "Kirklees inspection of children's social care services" "$k"
"$make_report" --html "$out/kirklees-2019.html" --header "Kirklees inspection of children's social care services" "$k"
for f in "$k" "$out/kirklees-2019.pdf" "$out/kirklees-2019.html"; do
  "$themes" import --authority Kirklees --out "$out/$(basename "$f").json" "$f" 2>/dev/null || fail "import $f"
done
python3 - "$out/kirklees-2019-ilacs-report.txt.json" "$out/kirklees-2019.pdf.json" "$out/kirklees-2019.html.json" <<'PY'
import json, re, sys
def summary(path):
    c = json.load(open(path))
    r = c["reports"][0]
    judgements = [(j["canonical"], j["grade"]) for j in r["judgements"]]
    norm = lambda t: re.sub(r"[^a-z0-9]+", " ", t.lower().replace("\u2019", "'")).strip()
    points = [norm(f["text"]) for f in c["findings"] if f["kind"] == "improvement"]
    return judgements, points
text = summary(sys.argv[1])
assert len(text[0]) == 4 and len(text[1]) == 10, text
for other in sys.argv[2:]:
    got = summary(other)
    assert got[0] == text[0], (other, got[0], text[0])
    assert got[1] == text[1], (other, [p for p in got[1] if p not in text[1]], [p for p in text[1] if p not in got[1]])
print("kirklees 2019: text, PDF and HTML give the same 4 judgements and 10 improvement points")
PY

# 3. Bad inputs: exit 1, a message saying which problem it is, and the catalogue left as it was.
good="$out/catalogue.json"
"$themes" import --authority Kirklees --out "$good" "$k" 2>/dev/null
cp "$good" "$out/catalogue.before"
"$make_report" --scanned-pdf "$out/bad/scanned.pdf"
head -c $(( $(stat -c %s "$out/kirklees-2019.pdf") / 2 )) "$out/kirklees-2019.pdf" >"$out/bad/truncated.pdf"
: >"$out/bad/empty.txt"
printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' >"$out/bad/photo.pdf"
truncate -s 200M "$out/bad/huge.pdf"
python3 - "$out/bad/encrypted.pdf" <<'PY'
# A PDF whose standard security handler wants a user password (none of these bytes decrypt it).
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>"]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> "
        b"<0123456789abcdef0123456789abcdef>] >>\nstartxref\n%d\n%%%%EOF\n") % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
expect_refused() {  # FILE WORDS-IN-MESSAGE
  set +e
  "$themes" import --authority Kirklees --out "$good" "$1" >/dev/null 2>"$out/err"; rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "$1: exit $rc, want 1"
  grep -qi "$2" "$out/err" || fail "$1: message '$(cat "$out/err")' does not say '$2'"
  cmp -s "$good" "$out/catalogue.before" || fail "$1: the existing catalogue was changed"
  echo "refused $(basename "$1"): $(cat "$out/err")"
}
expect_refused "$out/bad/scanned.pdf" "no text layer"
expect_refused "$out/bad/truncated.pdf" "damaged or truncated"
expect_refused "$out/bad/empty.txt" "empty"
expect_refused "$out/bad/photo.pdf" "JPEG"
expect_refused "$out/bad/huge.pdf" "limit"
expect_refused "$out/bad/encrypted.pdf" "password"
echo "report inputs: ok"
