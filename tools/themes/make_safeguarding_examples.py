#!/usr/bin/env python3
"""Writes assets/safeguarding/examples.jsonl, the labelled comments the safeguarding scan's second
opinion (a fastText model, docs/safeguarding.md) trains on: the training files
tests/data/safeguarding_train.jsonl, tests/data/safeguarding_train_blind.jsonl and
tests/data/comments.jsonl (text, safeguarding, category, disclosure, idiom only). Lines marked
"split": "eval" are refused, and a comment worded exactly like an evaluation line is left out, so
the model never sees an evaluation text."""
import json, pathlib, sys
root = pathlib.Path(__file__).resolve().parents[2]
sources = [root / "tests/data" / f for f in ("safeguarding_train.jsonl", "safeguarding_train_blind.jsonl", "comments.jsonl")]
out = root / "assets/safeguarding/examples.jsonl"
eval_texts = {json.loads(l)["text"].strip().lower() for l in (root / "tests/data/safeguarding_eval.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()}
lines, seen = [], set()
for src in sources:
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        j = json.loads(line)
        if j.get("split") == "eval":
            sys.exit(f"{src}:{n}: an eval-split line may not become a training example")
        key = j["text"].strip().lower()
        if "safeguarding" not in j or key in eval_texts or key in seen:
            continue
        seen.add(key)
        keep = {k: j[k] for k in ("text", "safeguarding", "category", "disclosure", "idiom") if k in j}
        lines.append(json.dumps(keep, ensure_ascii=False))
out.parent.mkdir(parents=True, exist_ok=True)
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(lines)} examples)")
