#!/usr/bin/env python3
"""Writes assets/safeguarding/examples.jsonl, the labelled comments the safeguarding scan's second
opinion (a fastText model, docs/safeguarding.md) trains on: the training files
tests/data/safeguarding_train.jsonl, tests/data/safeguarding_train_blind.jsonl,
tests/data/safeguarding_train_blind2.jsonl, tests/data/safeguarding_train_blind3.jsonl,
tests/data/safeguarding_train_blind4.jsonl to safeguarding_train_blind15.jsonl and tests/data/comments.jsonl (text, safeguarding, category, disclosure, idiom only). Lines marked
"split": "eval" are refused, and a comment worded exactly like an evaluation line is left out, so
the model never sees an evaluation text."""
import pathlib
from training_examples import write_examples
root = pathlib.Path(__file__).resolve().parents[2]
data = root / "tests/data"
write_examples([data / f for f in ("safeguarding_train.jsonl", "safeguarding_train_blind.jsonl", "safeguarding_train_blind2.jsonl",
                                 "safeguarding_train_blind3.jsonl", "safeguarding_train_blind4.jsonl",
                                 "safeguarding_train_blind5.jsonl", "safeguarding_train_blind6.jsonl",
                                 "safeguarding_train_blind7.jsonl", "safeguarding_train_blind8.jsonl",
                                 "safeguarding_train_blind9.jsonl", "safeguarding_train_blind10.jsonl",
                                 "safeguarding_train_blind11.jsonl", "safeguarding_train_blind12.jsonl",
                                 "safeguarding_train_blind13.jsonl", "safeguarding_train_blind14.jsonl",
                                 "safeguarding_train_blind15.jsonl",
                                 "comments.jsonl")],
               data / "safeguarding_eval.jsonl", root / "assets/safeguarding/examples.jsonl",
               key=lambda text: text.strip().lower(), wanted=lambda j: "safeguarding" in j,
               fields=("text", "safeguarding", "category", "disclosure", "idiom"))
