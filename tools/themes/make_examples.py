#!/usr/bin/env python3
"""Writes assets/themes/examples.jsonl, the labelled comments the linker's classifier trains on:
tests/data/comments.jsonl, the training split tests/data/linker_train.jsonl and the blind-written
training file tests/data/linker_train_blind.jsonl (written from the taxonomy's titles and
descriptions only; text and themes only). Lines marked "split": "eval" are refused: the evaluation split must never be trained on."""
import json, pathlib, sys
root = pathlib.Path(__file__).resolve().parents[2]
sources = [root / "tests/data/comments.jsonl", root / "tests/data/linker_train.jsonl",
           root / "tests/data/linker_train_blind.jsonl"]
out = root / "assets/themes/examples.jsonl"
# A comment that happens to be worded exactly like one of the evaluation split (short, common
# sentences) is left out too, so the model never sees an evaluation text.
eval_texts = {json.loads(l)["text"] for l in (root / "tests/data/linker_eval.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()}
lines = []
seen = set()  # a text already taken from an earlier file is not trained on twice
for src in sources:
    for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        j = json.loads(line)
        if j.get("split") == "eval":
            sys.exit(f"{src}:{n}: an eval-split line may not become a training example")
        if j.get("themes") and j["text"] not in eval_texts and j["text"] not in seen:
            seen.add(j["text"])
            lines.append(json.dumps({"text": j["text"], "themes": j["themes"]}, ensure_ascii=False))
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {out} ({len(lines)} examples)")
