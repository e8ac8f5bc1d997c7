#!/usr/bin/env bash
# Safeguarding scan benchmark (run by `tools/lp bench` with LP_BUILD_DIR set): explicit recall,
# indirect recall and false-alarm rate (overall and on idioms) on the tuning split and on the
# blind evaluation split, through the real `lp-themes link`. Writes
# $LP_BUILD_DIR/bench/safeguarding.json. Exits 1 when the eval split misses the issue's targets
# (explicit recall 1.0, indirect >= 0.95, false alarms <= 5 %), so the summary says FAIL honestly.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/start.sh"
bin="$build/tools/lp-themes"
need_built safeguarding "$bin"
export LP_ASSETS_DIR="$root/assets"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

eval_py="$root/tests/bench/safeguarding_eval.py"
python3 "$eval_py" "$bin" "$root/tests/data/safeguarding_train.jsonl" --name train --json "$tmp/train.json"
python3 "$eval_py" "$bin" "$root/tests/data/comments.jsonl" --name comments --json "$tmp/comments.json"
status=0
python3 "$eval_py" "$bin" "$root/tests/data/safeguarding_eval.jsonl" --name eval --json "$tmp/eval.json" \
  --floors explicit_recall=1.0 indirect_recall=0.95 false_alarms_max=0.05 || status=1

python3 - "$build/bench/safeguarding.json" "$tmp" "$status" <<'PY'
import json, sys
out, tmp, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
result = {
    "bench": "safeguarding",
    "train": json.load(open(f"{tmp}/train.json")),
    "comments": json.load(open(f"{tmp}/comments.json")),
    "eval": json.load(open(f"{tmp}/eval.json")),
    "targets": {"explicit_recall": 1.0, "indirect_recall": 0.95, "false_alarms_max": 0.05},
    "pass": status == 0,
}
json.dump(result, open(out, "w"), indent=2)
print(f"safeguarding: wrote {out}; eval targets {'PASS' if status == 0 else 'FAIL'}")
PY
exit $status
