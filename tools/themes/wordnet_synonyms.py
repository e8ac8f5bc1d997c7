#!/usr/bin/env python3
"""Proposes lexicon synonyms from WordNet (Debian's wordnet-base, /usr/share/wordnet), offline.

  tools/themes/wordnet_synonyms.py propose   # writes tools/themes/wordnet_review.tsv
  (review: set the last column to "yes" for additions that keep the theme's meaning)
  tools/themes/wordnet_synonyms.py apply     # adds the "yes" rows to assets/themes/taxonomy.json

Only single-word lexicon entries of full weight are expanded, only through their most common
sense (the first synset WordNet lists for each part of speech), and a synonym another theme
already uses is never proposed. Applied synonyms get weight 0.5: a synonym is weaker evidence
than the word a person chose. The linker never reads WordNet at run time."""
import json, pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "assets/themes/taxonomy.json"
REVIEW = ROOT / "tools/themes/wordnet_review.tsv"
WORDNET = pathlib.Path("/usr/share/wordnet")
POS = ["noun", "verb", "adj", "adv"]
WEIGHT = 0.5


def first_senses():
    """lemma -> list of synonyms from its first synset in each part of speech."""
    data = {}
    for pos in POS:
        offsets = {}
        for line in (WORDNET / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            f = line.split()
            p_cnt = int(f[3])
            synsets = f[6 + p_cnt:]
            if synsets:
                offsets[f[0]] = synsets[0]
        wanted = set(offsets.values())
        words_of = {}
        with open(WORDNET / f"data.{pos}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue
                f = line.split()
                if f[0] not in wanted:
                    continue
                n = int(f[3], 16)
                words_of[f[0]] = [f[4 + 2 * i].split("(")[0].replace("_", " ").lower() for i in range(n)]
        for lemma, off in offsets.items():
            data.setdefault(lemma.replace("_", " "), []).extend(words_of.get(off, []))
    return data


def phrase_of(item):
    return (item if isinstance(item, str) else item["phrase"]).split("^")[0]


def weight_of(item):
    s = item if isinstance(item, str) else item["phrase"]
    return float(s.split("^")[1]) if "^" in s else (1.0 if isinstance(item, str) else item.get("weight", 1.0))


def propose():
    tax = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    used = {phrase_of(x).lower() for t in tax["themes"] for x in t["lexicon"]}
    senses = first_senses()
    rows = []
    for t in tax["themes"]:
        for item in t["lexicon"]:
            word = phrase_of(item).lower()
            if " " in word or "*" in word or weight_of(item) < 1.0 or len(word) < 4:
                continue
            for syn in dict.fromkeys(senses.get(word, [])):
                if syn == word or syn in used or len(syn) < 4 or not syn.replace(" ", "").isalpha():
                    continue
                rows.append((t["id"], word, syn))
    old = {}
    if REVIEW.exists():
        for line in REVIEW.read_text(encoding="utf-8").splitlines()[1:]:
            f = line.split("\t")
            if len(f) == 4:
                old[tuple(f[:3])] = f[3]
    with open(REVIEW, "w", encoding="utf-8") as out:
        out.write("theme\tword\tsynonym\taccept\n")
        for r in rows:
            out.write("\t".join(r) + "\t" + old.get(r, "?") + "\n")
    print(f"wrote {REVIEW} ({len(rows)} proposals)")


def apply():
    tax = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    by_id = {t["id"]: t for t in tax["themes"]}
    added = 0
    for line in REVIEW.read_text(encoding="utf-8").splitlines()[1:]:
        theme, word, syn, accept = line.split("\t")
        if accept != "yes":
            continue
        lex = by_id[theme]["lexicon"]
        if syn not in {phrase_of(x) for x in lex}:
            lex.append(f"{syn}^{WEIGHT}")
            added += 1
    TAXONOMY.write_text(json.dumps(tax, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"added {added} reviewed synonyms to {TAXONOMY}")


if __name__ == "__main__":
    {"propose": propose, "apply": apply}.get(sys.argv[1] if len(sys.argv) > 1 else "", lambda: sys.exit(__doc__))()
