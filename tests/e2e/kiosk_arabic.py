#!/usr/bin/env python3
"""End-to-end: the real lp-kiosk under Xvfb in Arabic, at 1280x800 and 800x480. Taps العربية,
checks the layout is mirrored (Back on the right, Start again on the left, the first keyboard
row's first letter on the right), types Arabic letters with the on-screen keys, checks the stored
response keeps them, and saves screenshots (kiosk-ar-<size>-*.png) to look at.

usage: kiosk_arabic.py KIOSK_BIN SCREENSHOT_DIR WORK_DIR"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import (answer_to_comment, attach, hits, keys_and_display, make_data_dir,  # noqa: E402
                          only_response, screen_test_args, stop, type_and_send)

TYPED = ["key_u0645", "key_u0631", "key_u062d", "key_u0628", "key_u0627"]  # م ر ح ب ا
TEXT = "\u0645\u0631\u062d\u0628\u0627"


def run(kiosk_bin, shots, work, size):
    w, h = (int(v) for v in size.split("x"))
    na, pk, sk, xvfb, display = keys_and_display(w, h)
    proc = None
    try:
        data = make_data_dir(kiosk_bin, work, pk, settings={"question_set": "children-in-care"})
        proc, k = attach(kiosk_bin, data, display, size, os.path.join(data, "layout.json"))
        shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-ar-%s-%s.png" % (size, name)))
        k.tap("lang_ar"); time.sleep(0.8)
        shot("attract")
        k.tap_and_wait("start"); k.wait_screen("age_band"); shot("age_band")
        hb = hits(k)
        assert hb["back"]["x"] > w / 2, "Back is not on the right: %r" % hb["back"]
        assert hb["start_again"]["x"] < w / 2, "Start again is not on the left: %r" % hb["start_again"]
        k.tap_and_wait("age_13_17"); k.wait_screen("question"); shot("question")
        ids = answer_to_comment(k, shot)
        assert "key_u0627" in ids, "no Arabic keys: %s" % sorted(ids)[:20]
        first_row = [ids[i] for i in ("key_u0627", "key_u0628") if i in ids]
        assert first_row[0]["x"] > first_row[1]["x"], "keyboard row does not run right to left"
        type_and_send(k, TYPED, 0.15, shot)
        r = only_response(na, data, pk, sk)
        assert r["language"] == "ar", r["language"]
        assert r["comment"] == TEXT, (r["comment"], TEXT)
        print("ar %s ok: mirrored, comment %s" % (size, r["comment"]))
    finally:
        stop(proc)
        stop(xvfb)


def main():
    kiosk_bin, shots, work = screen_test_args(sys.argv)
    for size in ("1280x800", "800x480"):
        run(kiosk_bin, shots, work, size)


if __name__ == "__main__":
    main()
