#!/usr/bin/env bash
# Linker quality and speed (run by `tools/lp bench` with LP_BUILD_DIR set): micro F1, macro F1,
# top-1 accuracy and the five worst themes on the training split (tuned on) and the blind
# evaluation split (never tuned on), the findings F1, and comments/s on one core against
# tokenising alone in the same run. Writes $LP_BUILD_DIR/bench/linker.json.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
bin="$build/tools/lp-themes"
need_built linker "$bin"
export LP_ASSETS_DIR="$root/assets"
data="$root/tests/data"

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
speed=$("${pin[@]}" "$bin" bench --seconds "${LP_BENCH_SECONDS:-2}" "$data/linker_train.jsonl")
train=$("$bin" eval "$data/linker_train.jsonl")
evalsplit=$("$bin" eval "$data/linker_eval.jsonl")
comments=$("$bin" eval "$data/comments.jsonl")
findings=$("$bin" eval --lexicon-only "$data/findings.jsonl")

python3 - "$build/bench/linker.json" "$speed" "$train" "$evalsplit" "$comments" "$findings" <<'PY'
import json, re, sys
out, speed, *texts = sys.argv[1:]
def figures(text):
    d = {}
    m = re.search(r"themes: precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)", text)
    d["precision"], d["recall"], d["micro_f1"] = map(float, m.groups())
    m = re.search(r"themes: micro_f1=[\d.]+ macro_f1=([\d.]+) top1=([\d.]+)", text)
    d["macro_f1"], d["top1"] = map(float, m.groups())
    d["worst"] = [{"theme": w[0], "f1": float(w[1])} for w in re.findall(r"^worst: (\S+) f1=([\d.]+)", text, re.M)]
    d["items"] = int(re.search(r"items=(\d+)", text).group(1))
    return d
s = json.loads(speed)
names = ["train", "eval", "comments", "findings"]
q = {n: figures(t) for n, t in zip(names, texts)}
targets = {"eval_micro_f1": 0.85, "eval_min_theme_f1": 0.6, "findings_f1": 0.83, "link_per_s": 10000}
result = {"bench": "linker", "speed": s, "quality": q, "targets": targets}
ev = q["eval"]
# The worst list has five themes at most; the lowest is what the "no theme below" target reads.
min_theme = min((w["f1"] for w in ev["worst"]), default=0.0)
result["pass"] = {
    "eval_micro_f1": ev["micro_f1"] >= targets["eval_micro_f1"],
    "eval_min_theme_f1": min_theme >= targets["eval_min_theme_f1"],
    "findings_f1": q["findings"]["micro_f1"] >= targets["findings_f1"],
    "link_per_s": s["link_per_s"] >= targets["link_per_s"],
}
json.dump(result, open(out, "w"), indent=2)
for n in ["train", "eval"]:
    d = q[n]
    worst = ", ".join(f"{w['theme']} {w['f1']:.2f}" for w in d["worst"])
    print(f"linker: {n:5} ({d['items']} comments): micro F1 {d['micro_f1']:.3f} (P {d['precision']:.3f} "
          f"R {d['recall']:.3f}), macro F1 {d['macro_f1']:.3f}, top-1 {d['top1']:.3f}")
    print(f"linker: {n:5} worst: {worst}")
print(f"linker: comments.jsonl micro F1 {q['comments']['micro_f1']:.3f}; findings micro F1 {q['findings']['micro_f1']:.3f} (target >= 0.83)")
print(f"linker: speed on one core: link {s['link_per_s']:.0f}/s, tokenise alone {s['tokenise_per_s']:.0f}/s "
      f"(x{s['link_vs_tokenise']}), target 10000/s; linker loaded in {s['load_s']} s, {s['resident_mb']} MB resident")
print(f"linker: targets: " + ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in result["pass"].items()))
print(f"linker: wrote {out}")
PY
