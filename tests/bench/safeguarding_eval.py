#!/usr/bin/env python3
"""Safeguarding scan figures on labelled JSON lines, through the real `lp-themes link`.

Usage: safeguarding_eval.py LP_THEMES FILE [--name NAME] [--json OUT] [--rules-only] [--floors K=V ...]
Each line: {"text", "safeguarding": bool, "category"?, "disclosure"?: explicit|indirect|none,
"idiom"?: bool}. Prints explicit recall, indirect recall, false-alarm rate overall and on idioms,
and the share of caught disclosures whose category the scan named. By default the scan is the rules
plus the fastText second opinion; --rules-only scans with the phrase rules alone. With --floors
(explicit_recall=1.0 indirect_recall=0.95 false_alarms_max=0.05 idiom_false_alarms_max=...)
exits 1 when a figure is below its floor (or above its maximum) and says which.
Only aggregate figures are printed, never the texts, so the evaluation split stays blind.
"""
import argparse, json, os, subprocess, sys

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("lp_themes")
    ap.add_argument("file")
    ap.add_argument("--name", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--floors", nargs="*", default=[])
    ap.add_argument("--rules-only", action="store_true")
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(a.file, encoding="utf-8") if l.strip()]
    texts = "".join(r["text"].replace("\n", " ") + "\n" for r in rows)
    out = subprocess.run([a.lp_themes, "link"] + (["--safeguarding-rules-only"] if a.rules_only else []), input=texts, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"safeguarding eval: lp-themes link failed: {out.stderr.strip()}")
    results = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    if len(results) != len(rows):
        sys.exit(f"safeguarding eval: {len(rows)} lines in, {len(results)} out")

    def rate(sel, pred):
        n = len(sel)
        k = sum(1 for i in sel if pred(i))
        return {"n": n, "k": k, "rate": (k / n) if n else None}

    idx = range(len(rows))
    flagged = lambda i: bool(results[i]["safeguarding"])
    concerns = [i for i in idx if rows[i]["safeguarding"]]
    def disc(i):
        d = rows[i].get("disclosure")
        return d if d in ("explicit", "indirect") else "explicit"  # unlabelled concerns count as explicit
    explicit = [i for i in concerns if disc(i) == "explicit"]
    indirect = [i for i in concerns if disc(i) == "indirect"]
    others = [i for i in idx if not rows[i]["safeguarding"]]
    idioms = [i for i in others if rows[i].get("idiom")]
    caught_cat = [i for i in concerns if flagged(i) and rows[i].get("category") not in (None, "none")]
    figures = {
        "file": os.path.basename(a.file),
        "lines": len(rows),
        "recall": rate(concerns, flagged),
        "explicit_recall": rate(explicit, flagged),
        "indirect_recall": rate(indirect, flagged),
        "false_alarms": rate(others, flagged),
        "idiom_false_alarms": rate(idioms, flagged),
        "category_named": rate(caught_cat, lambda i: rows[i]["category"] in results[i].get("safeguarding_categories", [])),
        "by_category": {},
    }
    # Read first: not flagged (no alert) but put at the top of "To read" (set aside by the cue check,
    # or a second-opinion score just under the bar). Shown beside the flags, never counted as one.
    soon = lambda i: flagged(i) or bool(results[i].get("safeguarding_read_first"))
    figures["read_first"] = {"explicit_recall": rate(explicit, soon), "indirect_recall": rate(indirect, soon),
                             "ordinary_read_first": rate(others, lambda i: bool(results[i].get("safeguarding_read_first")))}
    for c in sorted({rows[i].get("category") for i in concerns if rows[i].get("category")}):
        figures["by_category"][c] = rate([i for i in concerns if rows[i].get("category") == c], flagged)

    def fmt(r):
        return "n/a" if r["rate"] is None else f"{r['rate']:.3f} ({r['k']}/{r['n']})"
    name = a.name or figures["file"]
    print(f"safeguarding[{name}]: explicit recall {fmt(figures['explicit_recall'])}, "
          f"indirect recall {fmt(figures['indirect_recall'])}, false alarms {fmt(figures['false_alarms'])}, "
          f"on idioms {fmt(figures['idiom_false_alarms'])}, category named {fmt(figures['category_named'])}")
    if not a.rules_only:
        rf = figures["read_first"]
        print(f"safeguarding[{name}]: flagged or read first: explicit {fmt(rf['explicit_recall'])}, "
              f"indirect {fmt(rf['indirect_recall'])}; ordinary comments read first (no alert) "
              f"{fmt(rf['ordinary_read_first'])}")
    if figures["by_category"]:
        print(f"safeguarding[{name}]: recall by category " +
              ", ".join(f"{c} {fmt(r)}" for c, r in figures["by_category"].items()))
    if a.json:
        json.dump(figures, open(a.json, "w"), indent=2)

    failed = []
    for f in a.floors:
        key, _, value = f.partition("=")
        value = float(value)
        if key.endswith("_max"):
            got = figures[key[:-4]]["rate"]
            if got is not None and got > value:
                failed.append(f"{key[:-4]} {got:.3f} > {value}")
        else:
            got = figures[key]["rate"]
            if got is not None and got < value:
                failed.append(f"{key} {got:.3f} < {value}")
    if failed:
        print(f"safeguarding[{name}]: FAIL " + "; ".join(failed))
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
