#!/usr/bin/env python3
"""Writes assets/themes/examples.jsonl, the labelled comments the linker's classifier trains on:
tests/data/comments.jsonl, the training split tests/data/linker_train.jsonl and the blind-written
training files tests/data/linker_train_blind.jsonl, linker_train_blind2.jsonl, linker_train_blind3.jsonl and
linker_train_blind4.jsonl (four writers, each writing from the taxonomy's titles and descriptions only; text and themes
only). Lines marked "split": "eval" are refused: the evaluation split must never be trained on."""
import pathlib
from training_examples import write_examples
root = pathlib.Path(__file__).resolve().parents[2]
data = root / "tests/data"
# A comment worded exactly like one of the evaluation split (short, common sentences) is left out
# too; a text already taken from an earlier file is not trained on twice.
write_examples([data / "comments.jsonl", data / "linker_train.jsonl", data / "linker_train_blind.jsonl",
                data / "linker_train_blind2.jsonl", data / "linker_train_blind3.jsonl",
                data / "linker_train_blind4.jsonl"],
               data / "linker_eval.jsonl", root / "assets/themes/examples.jsonl",
               key=lambda text: text,
               # themed comments, and comments labelled with no theme ("hi") unless they disclose harm
               # (a disclosure's theme is left to its reader, not taught as "none")
               wanted=lambda j: bool(j.get("themes")) or (j.get("themes") == [] and not j.get("safeguarding")),
               fields=("text", "themes"))
