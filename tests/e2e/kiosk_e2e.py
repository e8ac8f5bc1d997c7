#!/usr/bin/env python3
"""End-to-end: a real lp-kiosk window under Xvfb, tapped with xdotool. Checks the outbox row
(sealed, opens with the secret key, hash matches) and saves a screenshot of every screen type.

usage: kiosk_e2e.py flow|sizes KIOSK_BIN SCREENSHOT_DIR WORK_DIR"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import attach, keys_and_display, make_data_dir, stop, tap_key  # noqa: E402


def answer_everything(k, shot=None):
    """Answers every question with something, taking one screenshot per kind."""
    seen = set()
    while True:
        l = k.layout()
        if l["screen"] != "question":
            return l
        ids = {h["id"] for h in l["hits"]}
        if "chip_housing" in ids or any(i.startswith("chip_") for i in ids):
            chips = sorted(i for i in ids if i.startswith("chip_"))
            k.tap(chips[0]); time.sleep(0.15)
            k.tap(chips[-1]); time.sleep(0.15)
            if shot and "chips" not in seen:
                seen.add("chips"); shot("question_chips")
            k.tap_and_wait("next")
        elif "scale_4" in ids:
            if shot and "smiley" not in seen:
                seen.add("smiley"); shot("question_smiley")
            k.tap_and_wait("scale_4")
        elif "scale_2" in ids:
            k.tap_and_wait("scale_2")
        else:
            if shot and "yes_no" not in seen:
                seen.add("yes_no"); shot("question_yes_no")
            k.tap_and_wait("yes")


def flow(kiosk_bin, shots, work):
    na, pk, sk, xvfb, display = keys_and_display(1280, 800)
    proc = None
    try:
        data = make_data_dir(kiosk_bin, work, pk, {"staff_long_press_s": "1.5", "site_name": "Test hub"}, pin="2468")
        layout = os.path.join(data, "layout.json")
        proc, k = attach(kiosk_bin, data, display, "1280x800", layout)
        shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-%s.png" % name))
        shot("attract")
        k.tap_and_wait("settings"); shot("accessibility")
        k.tap_and_wait("done")
        k.tap_and_wait("start"); k.wait_screen("age_band"); shot("age_band")
        k.tap_and_wait("age_16_25")
        l = answer_everything(k, shot)
        assert l["screen"] == "comment", l["screen"]
        for key in ["key_shift", "key_m", "key_y", "key_space", "key_p", "key_a", "key_space", "emoji_2"]:
            # With the note before the box, the emoji may be on the keyboard's second page.
            on_second_page = key == "emoji_2" and key not in [h["id"] for h in k.layout()["hits"]]
            if on_second_page:
                k.tap("key_numbers")  # wait for the page, not a fixed time: a loaded machine draws late
                k.wait_for(lambda l: any(h["id"] == key for h in l["hits"]), 10, "the keyboard's second page")
            if key == "key_shift":
                k.tap(key); time.sleep(0.12)
            else:
                tap_key(k, key, 0.12)  # confirmed in the comment, tapped again if a busy machine lost it
        shot("comment")
        k.tap_and_wait("next"); k.wait_screen("review"); shot("review")
        k.tap_and_wait("help"); shot("help")
        k.tap_and_wait("help_flag"); shot("help_flagged")
        k.tap_and_wait("help_close")
        k.tap_and_wait("send")
        k.wait_screen("thank_you"); shot("thank_you")

        # The outbox: a help-only row and the response, both sealed to our key.
        db = sqlite3.connect(os.path.join(data, "kiosk.db"))
        rows = db.execute("SELECT id, seq, sealed, sha256, needs_help, age_band, question_set_id, state "
                          "FROM outbox ORDER BY seq").fetchall()
        db.close()
        assert len(rows) == 2, rows
        responses = []
        for (rid, seq, sealed, sha, help_flag, band, qs, state) in rows:
            assert hashlib.sha256(sealed).hexdigest() == sha, "hash mismatch"
            assert state == "pending" and help_flag == 1 and band == "16-25" and qs == "care-leavers"
            assert b"My pa" not in sealed
            plain = na.open_sealed(sealed, pk, sk)
            assert plain is not None, "sealed payload does not open with the secret key"
            r = json.loads(plain)
            assert r["id"] == rid and r["seq"] == seq
            responses.append(r)
        assert responses[0]["answers"] == [] and responses[0]["needs_help"] is True
        final = responses[1]
        assert final["comment"] == "My pa \u2764", final["comment"]
        assert final["answers"][0] == {"question": "say-in-plans", "value": 4}, final["answers"][0]
        status = json.loads(subprocess.run([kiosk_bin, "status", "--data", data], capture_output=True,
                                           text=True, check=True).stdout)
        assert status["stored"] == 2 and status["pending"] == 2 and status["quarantined"] == 0, status
        assert status["question_set"]["id"] == "care-leavers" and status["device_id"] is None, status

        # Staff mode: long press in the corner, PIN, status screen.
        k.tap_and_wait("finish"); k.wait_screen("attract")
        ox, oy = k.origin
        k.long_press(ox + 15, oy + 15, 2.0)
        k.wait_screen("staff_pin"); shot("staff_pin")
        for d in "2468":
            k.tap("pin_" + d); time.sleep(0.12)
        k.tap("pin_ok")
        k.wait_screen("staff", 15); shot("staff")
        k.tap_and_wait("staff_enrol")
        k.tap("enrol_code"); time.sleep(0.2)
        for key in ["key_a", "key_b", "key_1"]:
            k.tap(key); time.sleep(0.12)
        shot("staff_enrol")
        k.tap_and_wait("enrol_cancel")
        k.tap_and_wait("staff_leave"); k.wait_screen("attract")

        # High contrast, larger text, easier letters.
        k.tap_and_wait("settings")
        for t in ["larger_text", "high_contrast", "dyslexia_font"]:
            k.tap(t); time.sleep(0.4)
        shot("accessibility_on")
        k.tap_and_wait("done"); k.tap_and_wait("start"); k.tap_and_wait("age_8_12")
        shot("question_high_contrast")

        # An unwritable database: someone else holds the write lock past the busy timeout.
        k.tap_and_wait("start_again"); k.wait_screen("attract")
        k.tap_and_wait("start"); k.tap_and_wait("age_unsaid")
        while k.layout()["screen"] == "question":
            k.tap_and_wait("skip")
        k.tap_and_wait("next"); k.wait_screen("review")
        locker = sqlite3.connect(os.path.join(data, "kiosk.db"), timeout=1, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            k.tap("send")
            k.wait_screen("save_failed", 20); shot("save_failed")
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        status = json.loads(subprocess.run([kiosk_bin, "status", "--data", data], capture_output=True,
                                           text=True, check=True).stdout)
        assert status["stored"] == 2, status  # nothing half-written
        assert proc.poll() is None, "kiosk died"
    finally:
        stop(proc)
        stop(xvfb)


def sizes(kiosk_bin, shots, work):
    """Small, portrait and idle: 800x480 and 480x800 windows, the idle warning and reset, not set up."""
    _, pk, _, xvfb, display = keys_and_display(1280, 900)
    proc = None
    try:
        for size in ["800x480", "480x800"]:
            data = make_data_dir(kiosk_bin, work, pk, {"idle_reset_s": "7", "idle_warning_s": "5"})
            layout = os.path.join(data, "layout.json")
            proc, k = attach(kiosk_bin, data, display, size, layout)
            shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-%s-%s.png" % (name, size)))
            shot("attract")
            k.tap_and_wait("start"); k.tap_and_wait("age_13_17")
            shot("question")
            while k.layout()["screen"] == "question":
                k.tap_and_wait("skip")
            k.tap("key_h"); time.sleep(0.15)
            if "emoji_0" not in {h["id"] for h in k.layout()["hits"]}:
                shot("comment_letters")
                k.tap("key_numbers"); time.sleep(0.3)  # short screens: emoji live on the "123" page
            k.tap("emoji_0"); time.sleep(0.15)
            shot("comment")
            # Stop touching: the warning comes after 2 s, the reset after 7 s.
            l = k.wait_for(lambda l: l["idle_warning"], 10, "the idle warning")
            shot("idle_warning")
            l = k.wait_for(lambda l: l["screen"] == "attract", 12, "the idle reset")
            assert l["session"] >= 1
            stop(proc)
            proc = None
        # No key at all: the staff-only "not set up" screen.
        data = make_data_dir(kiosk_bin, work, None)
        proc, k = attach(kiosk_bin, data, display, "1280x800", os.path.join(data, "layout.json"))
        assert k.layout()["screen"] == "not_set_up"
        k.screenshot(os.path.join(shots, "kiosk-not_set_up.png"))
    finally:
        stop(proc)
        stop(xvfb)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("flow", "sizes"):
        sys.stderr.write(__doc__.splitlines()[-1] + "\n")
        sys.exit(2)
    os.makedirs(sys.argv[3], exist_ok=True)
    shutil.rmtree(sys.argv[4], ignore_errors=True)  # fresh data dirs every run
    os.makedirs(sys.argv[4], exist_ok=True)
    {"flow": flow, "sizes": sizes}[sys.argv[1]](sys.argv[2], sys.argv[3], sys.argv[4])
    print("ok")
