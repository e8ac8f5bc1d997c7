#!/usr/bin/env python3
"""End-to-end: the real lp-kiosk under Xvfb in Dari, Pashto and Tigrinya, at 1280x800 and 800x480.
Taps each language, checks the layout is mirrored for Dari and Pashto and not for Tigrinya, types a
word with that language's on-screen keys (Tigrinya: a letter, then another vowel form of it from the
vowel row), checks the sealed response keeps it, and saves screenshots
(kiosk-<lang>-<size>-*.png) to look at.

usage: kiosk_new_languages.py KIOSK_BIN SCREENSHOT_DIR WORK_DIR"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import (answer_to_comment, attach, hits, keys_and_display, make_data_dir,  # noqa: E402
                          only_response, screen_test_args, stop, type_and_send)

# language: (right to left, keys to tap, the comment they type)
LANGUAGES = {
    "prs": (True, ["key_u0633", "key_u0644", "key_u0627", "key_u0645"], "\u0633\u0644\u0627\u0645"),  # سلام
    "ps": (True, ["key_u069a", "key_u0647"], "\u069a\u0647"),  # ښه
    "ti": (False, ["key_u1208", "vow_1", "key_u1230"], "\u1209\u1230"),  # ለ, then its u-form: ሉ; ሰ
}


def run(kiosk_bin, shots, work, size, lang):
    rtl, keys, text = LANGUAGES[lang]
    w, h = (int(v) for v in size.split("x"))
    na, pk, sk, xvfb, display = keys_and_display(w, h)
    proc = None
    try:
        here = os.path.join(work, lang + size)
        os.makedirs(here)
        data = make_data_dir(kiosk_bin, here, pk, settings={"question_set": "children-in-care"})
        proc, k = attach(kiosk_bin, data, display, size, os.path.join(data, "layout.json"))
        shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-%s-%s-%s.png" % (lang, size, name)))
        k.tap("lang_" + lang); time.sleep(0.8)
        shot("attract")
        k.tap_and_wait("start"); k.wait_screen("age_band"); shot("age_band")
        hb = hits(k)
        assert (hb["back"]["x"] > w / 2) == rtl, "Back on the wrong side for %s: %r" % (lang, hb["back"])
        k.tap_and_wait("age_13_17"); k.wait_screen("question"); shot("question")
        ids = answer_to_comment(k, shot)
        assert keys[0] in ids, "no %s keys: %s" % (lang, sorted(ids)[:20])
        type_and_send(k, keys, 0.2, shot)
        r = only_response(na, data, pk, sk)
        assert r["language"] == lang, r["language"]
        assert r["comment"] == text, (r["comment"], text)
        print("%s %s ok: %s, comment %s" % (lang, size, "mirrored" if rtl else "left to right", r["comment"]))
    finally:
        stop(proc)
        stop(xvfb)


def main():
    kiosk_bin, shots, work = screen_test_args(sys.argv)
    for lang in LANGUAGES:
        for size in ("1280x800", "800x480"):
            run(kiosk_bin, shots, work, size, lang)


if __name__ == "__main__":
    main()
