#!/usr/bin/env python3
"""Proposes spelling corrections for young people's words, offline, from hunspell-en-gb.

  tools/themes/spelling_table.py propose   # writes tools/themes/spelling_review.tsv
  (review: set the last column to "yes" where the correction is what the writer meant)
  tools/themes/spelling_table.py apply     # adds the "yes" rows to the taxonomy's "synonyms"

A word of the training comments (tests/data/comments.jsonl, tests/data/linker_train.jsonl; never
the evaluation split) that Debian's en_GB dictionary (/usr/share/hunspell/en_GB.dic) does not know
is matched to the nearest word (edit distance 1, or 2 for longer words) that the dictionary knows
and the comments or the lexicon use, preferring the most frequent. The linker's own run-time
speller fixes one typo in long words; this table covers short words and bigger slips."""
import collections, json, pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "assets/themes/taxonomy.json"
REVIEW = ROOT / "tools/themes/spelling_review.tsv"
DIC = pathlib.Path("/usr/share/hunspell/en_GB.dic")
SOURCES = [ROOT / "tests/data/comments.jsonl", ROOT / "tests/data/linker_train.jsonl"]


def dictionary():
    words = set()
    for line in DIC.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        words.add(line.split("/")[0].strip().lower())
    return words


def known(word, dic):
    if word in dic:
        return True
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "ers"):
        if word.endswith(suffix) and (word[: -len(suffix)] in dic or word[: -len(suffix)] + "e" in dic):
            return True
    return False


def distance(a, b, limit):
    """Damerau-Levenshtein (optimal string alignment), stopping early past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def words_of(text):
    return re.findall(r"[a-z]+", text.lower().replace("'", "").replace("\u2019", ""))


def propose():
    tax = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    dic = dictionary()
    counts = collections.Counter()
    for src in SOURCES:
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                assert j.get("split") != "eval", f"{src}: eval-split line"
                counts.update(words_of(j["text"]))
    lexicon_words = collections.Counter()
    for t in tax["themes"]:
        for item in t["lexicon"]:
            lexicon_words.update(words_of((item if isinstance(item, str) else item["phrase"]).split("^")[0]))
    synonyms = tax.get("synonyms", {})
    targets = {w: counts[w] + 5 * lexicon_words[w] for w in set(counts) | set(lexicon_words)
               if len(w) >= 3 and known(w, dic)}
    rows = []
    for word, n in sorted(counts.items()):
        if len(word) < 4 or known(word, dic) or word in synonyms or word in lexicon_words:
            continue
        limit = 1 if len(word) <= 5 else 2
        best = sorted(((distance(word, t, limit), -f, t) for t, f in targets.items()), key=lambda x: x[:2])[:1]
        if best and best[0][0] <= limit:
            rows.append((word, best[0][2], str(n)))
    old = {}
    if REVIEW.exists():
        for line in REVIEW.read_text(encoding="utf-8").splitlines()[1:]:
            f = line.split("\t")
            if len(f) == 4:
                old[(f[0], f[1])] = f[3]
    with open(REVIEW, "w", encoding="utf-8") as out:
        out.write("written\tmeant\tseen\taccept\n")
        for r in rows:
            out.write("\t".join(r) + "\t" + old.get(r[:2], "?") + "\n")
    print(f"wrote {REVIEW} ({len(rows)} proposals)")


def apply():
    tax = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    synonyms = tax.setdefault("synonyms", {})
    added = 0
    for line in REVIEW.read_text(encoding="utf-8").splitlines()[1:]:
        written, meant, _, accept = line.split("\t")
        if accept == "yes" and written not in synonyms:
            synonyms[written] = meant
            added += 1
    TAXONOMY.write_text(json.dumps(tax, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"added {added} reviewed spellings to {TAXONOMY}")


if __name__ == "__main__":
    {"propose": propose, "apply": apply}.get(sys.argv[1] if len(sys.argv) > 1 else "", lambda: sys.exit(__doc__))()
