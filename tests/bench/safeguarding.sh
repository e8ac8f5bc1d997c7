#!/usr/bin/env bash
# Safeguarding scan benchmark (run by `tools/lp bench` with LP_BUILD_DIR set): explicit recall,
# indirect recall and false-alarm rate (overall and on idioms), for the phrase rules alone and for
# the rules + fastText second opinion, on the tuning files and on the blind evaluation split,
# through the real `lp-themes`; then comments/s against tokenising alone. The model is trained on
# the tuning files, so on them rules + model is measured by 5-fold cross-validation (each fold
# scanned by a model that never saw it). Writes $LP_BUILD_DIR/bench/safeguarding.json. Exits 1 when
# the eval split misses the issue's targets (explicit recall 1.0, indirect >= 0.95, false alarms
# <= 5 %) with rules + model, so the summary says FAIL honestly.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
bin="$build/tools/lp-themes"
need_built safeguarding "$bin"
export LP_ASSETS_DIR="$root/assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$root/tests/data"
eval_py="$root/tests/bench/safeguarding_eval.py"

# Rules alone, every file (the rules were written on all but the eval split).
train_files="safeguarding_train safeguarding_train_blind safeguarding_train_blind2 safeguarding_train_blind3 safeguarding_train_blind4
  safeguarding_train_blind5 safeguarding_train_blind6 safeguarding_train_blind7 safeguarding_train_blind8
  safeguarding_train_blind9 safeguarding_train_blind10 safeguarding_train_blind11
  safeguarding_train_blind12 safeguarding_train_blind13 safeguarding_train_blind14 safeguarding_train_blind15"
for f in $train_files comments safeguarding_eval; do
  python3 "$eval_py" "$bin" "$data/$f.jsonl" --name "$f, rules" --rules-only --json "$tmp/$f.rules.json" | sed -n 1p
done
# Rules + model on the tuning files, each writer's file scored by a model that never saw it, at the
# shipped threshold and cue-check bar.
"$bin" safeguarding-cv --leave-file-out 1 $(for f in $train_files; do echo "$data/$f.jsonl"; done) > "$tmp/cv.jsonl"
header="$root/shared/include/lp/shared/safeguarding_model.hpp"
threshold=$(grep -o 'kSafeguardingThreshold = [0-9.]*' "$header" | grep -o '[0-9.]*$')
bar=$(grep -o 'kSafeguardingSetAsideBelow = [0-9.]*' "$header" | grep -o '[0-9.]*$')
python3 - "$tmp/cv.jsonl" "$threshold" "$tmp/cv.json" "$bar" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
t, bar = float(sys.argv[2]), float(sys.argv[4])
row = next(r for r in rows if r["way"] == "rules+model" and abs(r["threshold"] - t) < 1e-9
           and abs(r["set_aside_below"] - bar) < 1e-9)
def fmt(f):
    return (f"explicit recall {f['explicit_recall']:.3f} ({f['explicit'][0]}/{f['explicit'][1]}), "
            f"indirect recall {f['indirect_recall']:.3f} ({f['indirect'][0]}/{f['indirect'][1]}), "
            f"false alarms {f['false_alarms']:.3f} ({f['others'][0]}/{f['others'][1]}), on idioms {f['idiom_false_alarms']:.3f}")
print(f"safeguarding[train files, rules+model, each writer left out, threshold {t}, cue check {bar}]: {fmt(row['figures'])}")
for name, f in row["by_file"].items():
    print(f"safeguarding[  {name.split('/')[-1]}]: {fmt(f)}")
json.dump({"threshold": t, "set_aside_below": bar, "all": row["figures"], "by_file": row["by_file"]}, open(sys.argv[3], "w"), indent=2)
PY
# Rules + model on the blind evaluation split: the figure that counts.
status=0
python3 "$eval_py" "$bin" "$data/safeguarding_eval.jsonl" --name "safeguarding_eval, rules+model" \
  --json "$tmp/eval.json" --floors explicit_recall=1.0 indirect_recall=0.95 false_alarms_max=0.05 || status=1
# Speed on one core: the training split scanned, against tokenising alone (like the linker bench).
"$bin" safeguarding-bench --seconds 2 "$data/safeguarding_train_blind.jsonl" > "$tmp/speed.json"
python3 - "$tmp/speed.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"safeguarding speed (one core, {j['texts']} comments): tokenise alone {j['tokenise_per_s']:.0f}/s, "
      f"rules {j['scan_rules_per_s']:.0f}/s (x{j['rules_vs_tokenise']}), "
      f"rules+model {j['scan_rules_and_model_per_s']:.0f}/s (x{j['rules_and_model_vs_tokenise']})")
PY

python3 - "$build/bench/safeguarding.json" "$tmp" "$status" <<'PY'
import json, sys
out, tmp, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
load = lambda n: json.load(open(f"{tmp}/{n}"))
result = {
    "bench": "safeguarding",
    "rules": {n: load(f"{n}.rules.json") for n in ("safeguarding_train", "safeguarding_train_blind", "safeguarding_train_blind2",
                                                  "safeguarding_train_blind3", "safeguarding_train_blind4", "comments",
                                                  "safeguarding_eval")},
    "rules_and_model": {"train_cv": load("cv.json"), "eval": load("eval.json")},
    "speed": load("speed.json"),
    "targets": {"explicit_recall": 1.0, "indirect_recall": 0.95, "false_alarms_max": 0.05},
    "pass": status == 0,
}
json.dump(result, open(out, "w"), indent=2)
print(f"safeguarding: wrote {out}; eval targets {'PASS' if status == 0 else 'FAIL'}")
PY
exit $status
