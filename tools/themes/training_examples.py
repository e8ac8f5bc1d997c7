"""The one way a model's training examples are gathered (make_examples.py, make_safeguarding_examples.py):
the training files in order, each text once; a line marked "split": "eval" stops the script, and a
comment worded like an evaluation line is left out, so no model ever sees an evaluation text."""
import json, sys


def write_examples(sources, eval_file, out, key, wanted, fields):
    """key(text) says when two texts are the same; wanted(line) whether a line is an example;
    fields are the keys an example keeps (those the line has)."""
    eval_keys = {key(json.loads(l)["text"]) for l in eval_file.read_text(encoding="utf-8").splitlines() if l.strip()}
    lines, seen = [], set()
    for src in sources:
        for n, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            j = json.loads(line)
            if j.get("split") == "eval":
                sys.exit(f"{src}:{n}: an eval-split line may not become a training example")
            k = key(j["text"])
            if not wanted(j) or k in eval_keys or k in seen:
                continue
            seen.add(k)
            lines.append(json.dumps({f: j[f] for f in fields if f in j}, ensure_ascii=False))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines)} examples)")
