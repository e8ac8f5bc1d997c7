#!/usr/bin/env bash
# Theme linker benchmark (run by `tools/lp bench` with LP_BUILD_DIR set): comments/s of the
# linker and the safeguarding scan on one core, against the cost of only tokenising the same
# comments in the same run, plus the quality figures of `lp-themes eval` on the labelled sets.
# Writes $LP_BUILD_DIR/bench/themes.json and prints a short summary.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
bin="$build/tools/lp-themes"
need_built themes "$bin"
export LP_ASSETS_DIR="$root/assets"

# One core: the linker is single-threaded per call; pin so the figure means "per core".
pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
speed=$("${pin[@]}" "$bin" bench --seconds "${LP_BENCH_SECONDS:-2}" "$root/tests/data/comments.jsonl")
findings_speed=$("${pin[@]}" "$bin" bench --seconds 1 "$root/tests/data/findings.jsonl")
comments_eval=$("$bin" eval "$root/tests/data/comments.jsonl")
findings_eval=$("$bin" eval --lexicon-only "$root/tests/data/findings.jsonl")

python3 - "$build/bench/themes.json" "$speed" "$findings_speed" "$comments_eval" "$findings_eval" <<'PY'
import json, re, sys
out, speed, fspeed, ceval, feval = sys.argv[1:]
def figures(text):
    d = {}
    m = re.search(r"themes: precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)", text)
    d["precision"], d["recall"], d["f1"] = map(float, m.groups())
    m = re.search(r"concerns=(\d+) caught=(\d+) recall=([\d.]+) explicit=(\d+) explicit_recall=([\d.]+) "
                  r"others=(\d+) false_positives=(\d+) fpr=([\d.]+)", text)
    if m:
        g = m.groups()
        d["safeguarding"] = {"concerns": int(g[0]), "recall": float(g[2]), "explicit": int(g[3]),
                             "explicit_recall": float(g[4]), "negatives": int(g[5]),
                             "false_positives": int(g[6]), "fpr": float(g[7])}
    return d
s, fs = json.loads(speed), json.loads(fspeed)
result = {
    "bench": "themes",
    "comments": s,
    "findings": fs,
    "quality": {"comments": figures(ceval), "findings": figures(feval)},
    "targets": {"link_per_s": 10000, "finding_f1": 0.8, "comment_f1": 0.7, "explicit_recall": 1.0},
}
c, f = result["quality"]["comments"], result["quality"]["findings"]
result["pass"] = (s["link_and_scan_per_s"] >= 10000 and f["f1"] >= 0.8 and c["f1"] >= 0.7
                  and c["safeguarding"]["explicit_recall"] == 1.0)
json.dump(result, open(out, "w"), indent=2)
print(f"themes: tokenise {s['tokenise_per_s']:.0f}/s, link {s['link_per_s']:.0f}/s "
      f"(x{s['link_vs_tokenise']} of tokenise), link+scan {s['link_and_scan_per_s']:.0f}/s "
      f"(x{s['link_and_scan_vs_tokenise']}), target 10000/s")
print(f"themes: findings {fs['link_per_s']:.0f}/s (long texts)")
print(f"themes: finding->theme F1 {f['f1']:.3f} (P {f['precision']:.3f} R {f['recall']:.3f}); "
      f"comment->theme F1 {c['f1']:.3f} (P {c['precision']:.3f} R {c['recall']:.3f})")
sg = c["safeguarding"]
print(f"themes: safeguarding recall {sg['recall']:.3f} (explicit {sg['explicit_recall']:.3f} of {sg['explicit']}), "
      f"false positives {sg['false_positives']}/{sg['negatives']} = {sg['fpr']:.3f}")
print(f"themes: wrote {out}; {'PASS' if result['pass'] else 'FAIL'}")
sys.exit(0 if result["pass"] else 1)
PY
