#!/usr/bin/env python3
"""Crash test: kill -9 the kiosk straight after "Send", again and again. Every response that
reached the thank-you screen must be in the outbox, and the database must pass integrity_check.

usage: kiosk_crash.py KIOSK_BIN WORK_DIR [ROUNDS]"""
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import Sodium, attach, make_data_dir, start_xvfb, stop  # noqa: E402

MINI_SET = {
    "id": "mini", "version": 1, "title": "Crash test", "languages": ["en"],
    "questions": [
        {"id": "feel-safe", "kind": "yes_no", "themes": ["feeling-safe"],
         "text": {"8-12": "Do you feel safe?", "13-17": "Do you feel safe?", "16-25": "Do you feel safe?"}},
        {"id": "comment", "kind": "comment", "themes": [],
         "text": {"8-12": "Anything else?", "13-17": "Anything else?", "16-25": "Anything else?"}},
    ],
}


def count_and_check(db_path):
    db = sqlite3.connect(db_path)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        n = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
        seqs = [r[0] for r in db.execute("SELECT seq FROM outbox ORDER BY seq")]
    finally:
        db.close()
    return ok, n, seqs


def main(kiosk_bin, work, rounds):
    shutil.rmtree(work, ignore_errors=True)  # fresh data dir every run
    os.makedirs(work, exist_ok=True)
    assets = os.path.join(work, "assets")
    os.makedirs(os.path.join(assets, "question-sets"), exist_ok=True)
    with open(os.path.join(assets, "question-sets", "mini.json"), "w") as f:
        json.dump(MINI_SET, f)
    pk, _ = Sodium().keypair()
    data = make_data_dir(kiosk_bin, work, pk, {"question_set": "mini"})
    db_path = os.path.join(data, "kiosk.db")
    layout = os.path.join(data, "layout.json")
    xvfb, display = start_xvfb(1024, 768)
    rng = random.Random(42)
    reached = 0
    proc = None
    try:
        for i in range(rounds):
            proc, k = attach(kiosk_bin, data, display, "1024x768", layout, {"LP_ASSETS_DIR": assets})
            print("round", i, "on", display, flush=True)
            before = count_and_check(db_path)[1] if os.path.exists(db_path) else 0
            k.tap_and_wait("start")
            k.tap_and_wait("age_13_17")
            k.tap_and_wait("no")
            k.tap("key_c"); time.sleep(0.1)
            k.tap_and_wait("next")
            k.wait_screen("review")
            # Half the rounds die as soon as thank-you is on screen; the rest at a random moment
            # right after the tap (maybe before, maybe during the save).
            wait_for_thanks = i % 2 == 0
            k.tap("send")
            saw_thanks = False
            if wait_for_thanks:
                k.wait_screen("thank_you")
                saw_thanks = True
            else:
                time.sleep(rng.uniform(0.0, 0.03))
                try:
                    saw_thanks = k.layout()["screen"] == "thank_you"
                except RuntimeError:
                    saw_thanks = False
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            proc = None
            ok, after, seqs = count_and_check(db_path)
            assert ok == "ok", "integrity_check: %s" % ok
            if saw_thanks:
                reached += 1
                assert after == before + 1, "round %d reached thank-you but the outbox has %d rows (was %d)" % (
                    i, after, before)
            else:
                assert after in (before, before + 1), (before, after)
            assert seqs == list(range(1, len(seqs) + 1)), "sequence numbers have gaps: %s" % seqs
        print("ok: %d rounds, %d reached thank-you, all stored, integrity ok" % (rounds, reached))
    finally:
        stop(proc, signal.SIGKILL)
        stop(xvfb)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.stderr.write("usage: kiosk_crash.py KIOSK_BIN WORK_DIR [ROUNDS]\n")
        sys.exit(2)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else 8)
