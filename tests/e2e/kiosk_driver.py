#!/usr/bin/env python3
"""Drives a running lp-kiosk window with xdotool, using the layout the kiosk writes
(LP_KIOSK_LAYOUT_FILE) to find buttons by id. Used by the kiosk end-to-end, crash and bench
scripts."""
import json
import os
import subprocess
import time


class Kiosk:
    def __init__(self, layout_file, display, window_origin=(0, 0)):
        self.layout_file = layout_file
        self.display = display
        self.origin = window_origin
        self.env = dict(os.environ, DISPLAY=display)

    def layout(self):
        for _ in range(50):
            try:
                with open(self.layout_file) as f:
                    return json.load(f)
            except (OSError, ValueError):
                time.sleep(0.05)
        raise RuntimeError("no layout from the kiosk")

    def wait_for(self, pred, timeout=10.0, what="state"):
        end = time.time() + timeout
        last = None
        while time.time() < end:
            try:
                last = self.layout()
                if pred(last):
                    return last
            except RuntimeError:
                pass
            time.sleep(0.05)
        raise RuntimeError("timed out waiting for %s; last layout: %s" % (what, json.dumps(last)[:400]))

    def wait_screen(self, screen, timeout=10.0):
        return self.wait_for(lambda l: l["screen"] == screen, timeout, "screen " + screen)

    def hit(self, hit_id, layout=None):
        layout = layout or self.layout()
        for h in layout["hits"]:
            if h["id"] == hit_id:
                return h
        raise RuntimeError("no button %r on screen %s (have %s)" % (
            hit_id, layout["screen"], [h["id"] for h in layout["hits"]]))

    def xdo(self, *args):
        subprocess.run(["xdotool"] + [str(a) for a in args], env=self.env, check=True)

    def tap(self, hit_id, hold_s=0.05):
        """Taps the middle of a button and waits until the kiosk has drawn what follows."""
        before = self.layout()
        h = self.hit(hit_id, before)
        x = int(self.origin[0] + h["x"] + h["w"] / 2)
        y = int(self.origin[1] + h["y"] + h["h"] / 2)
        self.xdo("mousemove", x, y)
        time.sleep(0.03)
        self.xdo("mousedown", 1)
        time.sleep(hold_s)
        self.xdo("mouseup", 1)
        return before

    def tap_and_wait(self, hit_id, timeout=10.0):
        before = self.tap(hit_id)
        key = lambda l: (l["screen"], l["question"], l["help"], l["session"], len(l["hits"]), l["idle_warning"])
        return self.wait_for(lambda l: key(l) != key(before), timeout, "a change after tapping " + hit_id)

    def long_press(self, x, y, seconds):
        self.xdo("mousemove", x, y)
        self.xdo("mousedown", 1)
        time.sleep(seconds)
        self.xdo("mouseup", 1)

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)
