#!/usr/bin/env python3
"""End-to-end: an under-8 answers on the real lp-kiosk window under Xvfb, driven with xdotool.
From the attract screen to "Thank you" in at most 7 taps with read-aloud on from the first
question (the speech program is a stand-in that logs what it was asked to say), "A grown-up
helped me" recorded in the sealed response; screenshots kiosk-under8-<size>-*.png.

usage: kiosk_under_8s.py KIOSK_BIN SCREENSHOT_DIR WORK_DIR"""
import os
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_driver import (Sodium, attach, make_data_dir, only_response, screen_test_args, start_xvfb,  # noqa: E402
                          stop)

MAX_TAPS = 7


def run(kiosk_bin, shots, work, size):
    na = Sodium()
    pk, sk = na.keypair()
    w, h = (int(v) for v in size.split("x"))
    spoken = os.path.join(work, "spoken-%s.txt" % size)
    speaker = os.path.join(work, "speak-%s.sh" % size)
    with open(speaker, "w") as f:
        # Like espeak-ng, it lists its voices when asked (the kiosk offers read-aloud only for those).
        f.write('#!/bin/sh\nif [ "$1" = --voices ]; then\n'
                '  echo "Pty Language Age/Gender VoiceName File Other Languages"\n'
                '  echo " 5  en-gb  --/M  English gmw/en"; exit 0\nfi\n'
                'for a in "$@"; do last="$a"; done\nprintf "%%s\\n" "$last" >> %s\n' % spoken)
    os.chmod(speaker, os.stat(speaker).st_mode | stat.S_IXUSR)
    xvfb, display = start_xvfb(w, h)
    proc = None
    try:
        data = make_data_dir(kiosk_bin, work, pk,
                             settings={"question_set": "children-in-care", "speech_command": speaker})
        proc, k = attach(kiosk_bin, data, display, size, os.path.join(data, "layout.json"))
        shot = lambda name: k.screenshot(os.path.join(shots, "kiosk-under8-%s-%s.png" % (size, name)))
        taps = 0

        def tap(hit_id):
            nonlocal taps
            k.tap_and_wait(hit_id)
            taps += 1

        tap("start"); k.wait_screen("age_band"); shot("age_band")
        tap("age_4_7"); k.wait_screen("question")
        ids = {x["id"] for x in k.layout()["hits"]}
        assert "read_again" in ids, "read-aloud is not on from the start: %s" % sorted(ids)
        assert "back" not in ids and "rather_not_say" not in ids and "skip" not in ids, sorted(ids)
        assert {"scale_1", "scale_2", "scale_3", "next"} <= ids and "scale_4" not in ids, sorted(ids)
        shot("question")
        faces = ["scale_3", "scale_1", "scale_2", "scale_3", "scale_2"]
        i = 0
        while k.layout()["screen"] == "question":
            tap(faces[i]); i += 1
        k.wait_screen("review"); shot("all_done")
        tap("send_grown_up_helped")
        k.wait_screen("thank_you"); shot("thank_you")
        assert taps <= MAX_TAPS, "took %d taps" % taps

        r = only_response(na, data, pk, sk)
        assert r["age_band"] == "4-7", r["age_band"]
        assert r.get("assisted") is True, r
        assert len(r["answers"]) == i, r["answers"]
        assert r["comment"] == ""
        # Speech runs on a worker; give it a moment to write what it said.
        deadline = time.time() + 5
        said = ""
        while time.time() < deadline and "safe" not in said:
            said = open(spoken).read() if os.path.exists(spoken) else ""
            time.sleep(0.1)
        assert "Do you feel safe at home?" in said, said
        print("under-8s %s ok: %d taps, %d answers, assisted, read aloud: %r" % (size, taps, i, said.splitlines()[:2]))
    finally:
        stop(proc)
        stop(xvfb)


def main():
    kiosk_bin, shots, work = screen_test_args(sys.argv)
    run(kiosk_bin, shots, work, "1280x800")
    run(kiosk_bin, shots, work, "800x480")


if __name__ == "__main__":
    main()
