#!/usr/bin/env python3
"""End-to-end: the real lp-kiosk under Xvfb in Polish and Romanian. Taps the language button,
answers, types accented letters with the on-screen keys, checks the stored response says its
language and carries those letters, and saves screenshots (kiosk-pl-*.png, kiosk-ro-*.png).

usage: kiosk_languages.py KIOSK_BIN SCREENSHOT_DIR WORK_DIR"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import (attach, keys_and_display, make_data_dir, only_response, screen_test_args,  # noqa: E402
                          stop, tap_key)

# Accent keys tapped per language and the letters they must type (see kiosk/src/ui/keyboard.cpp).
ACCENTS = {"pl": (["acc_3", "acc_0", "acc_6"], "łąś"), "ro": (["acc_3", "acc_4", "acc_0"], "șță")}


def run_language(kiosk_bin, shots, work, lang, size):
    w, h = (int(v) for v in size.split("x"))
    na, pk, sk, xvfb, display = keys_and_display(w, h)
    proc = None
    try:
        data = make_data_dir(kiosk_bin, work, pk)
        proc, k = attach(kiosk_bin, data, display, size, os.path.join(data, "layout.json"))
        shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-%s-%s-%s.png" % (lang, size, name)))
        k.tap("lang_" + lang)
        time.sleep(0.6)
        shot("attract")
        k.tap_and_wait("start"); k.wait_screen("age_band"); shot("age_band")
        k.tap_and_wait("age_8_12")
        first = True
        while k.layout()["screen"] == "question":
            ids = {x["id"] for x in k.layout()["hits"]}
            if first and "scale_5" in ids:
                shot("question_smiley")
                first = False
                k.tap_and_wait("scale_5")
            elif "yes" in ids:
                k.tap_and_wait("yes")
            else:
                k.tap_and_wait("skip")
        k.wait_screen("comment")
        keys, letters = ACCENTS[lang]
        if "acc_0" not in {x["id"] for x in k.layout()["hits"]}:
            k.tap_and_wait("key_numbers")  # short screens: accents sit with the numbers
            shot("comment_accents_page")
        for key in keys:
            tap_key(k, key, 0.15)
        shot("comment")
        k.tap_and_wait("next"); k.wait_screen("review"); shot("review")
        k.tap_and_wait("help"); shot("help")
        k.tap_and_wait("help_close")
        k.tap_and_wait("send"); k.wait_screen("thank_you"); shot("thank_you")

        r = only_response(na, data, pk, sk)
        assert r["language"] == lang, r["language"]
        assert r["comment"] == letters, (r["comment"], letters)
        # The next young person starts in English again.
        k.tap_and_wait("finish"); k.wait_screen("attract")
        print("%s %s ok: language=%s comment=%s" % (lang, size, r["language"], r["comment"]))
    finally:
        stop(proc)
        stop(xvfb)


def main():
    kiosk_bin, shots, work = screen_test_args(sys.argv)
    run_language(kiosk_bin, shots, work, "pl", "1280x800")
    run_language(kiosk_bin, shots, work, "ro", "800x480")


if __name__ == "__main__":
    main()
