#!/usr/bin/env python3
"""Drives a running lp-kiosk window with xdotool, using the layout the kiosk writes
(LP_KIOSK_LAYOUT_FILE) to find buttons by id. Used by the kiosk end-to-end, crash and bench
scripts."""
import json
import os
import shutil
import sqlite3
import subprocess
import time


class Kiosk:
    def __init__(self, layout_file, display, window_origin=(0, 0), window_id=None):
        self.window_id = window_id
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

    def screenshot(self, path, settle_s=0.3):
        time.sleep(settle_s)
        target = self.window_id or "root"
        subprocess.run(["import", "-window", str(target), path], env=self.env, check=True)


# ---------------------------------------------------------------------------------------------
# Process helpers shared by the kiosk scripts: Xvfb on a free display, the kiosk itself, keys.

import base64
import ctypes
import ctypes.util
import signal
import tempfile


def start_xvfb(width, height):
    """Starts Xvfb on a display number it picks itself (-displayfd), so parallel tests never collide.
    Checks the display answers (retrying on a fresh one if not)."""
    last = None
    for _ in range(3):
        proc, display = _start_xvfb_once(width, height)
        env = dict(os.environ, DISPLAY=display)
        for _ in range(50):
            if proc.poll() is not None:
                break
            r = subprocess.run(["xdotool", "getdisplaygeometry"], env=env, capture_output=True)
            if r.returncode == 0:
                return proc, display
            time.sleep(0.1)
        last = display
        stop(proc)
    raise RuntimeError("Xvfb did not answer on %s" % last)


def _start_xvfb_once(width, height):
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "%dx%dx24" % (width, height),
                             "-nolisten", "tcp", "-noreset"], pass_fds=(w,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(w)
    number = b""
    end = time.time() + 20
    while not number.endswith(b"\n") and time.time() < end:
        chunk = os.read(r, 16)
        if not chunk:
            break
        number += chunk
    os.close(r)
    if not number.strip():
        proc.kill()
        raise RuntimeError("Xvfb did not start")
    return proc, ":" + number.decode().strip()


def stop(proc, sig=signal.SIGTERM, timeout=5):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Sodium:
    """Just enough libsodium through ctypes to make keys and open sealed boxes."""

    def __init__(self):
        self.lib = ctypes.CDLL(ctypes.util.find_library("sodium") or "libsodium.so.23")
        self.lib.sodium_init()

    def keypair(self):
        pk = ctypes.create_string_buffer(32)
        sk = ctypes.create_string_buffer(32)
        self.lib.crypto_box_keypair(pk, sk)
        return pk.raw, sk.raw

    def open_sealed(self, sealed, pk, sk):
        out = ctypes.create_string_buffer(max(1, len(sealed) - 48))
        rc = self.lib.crypto_box_seal_open(out, sealed, ctypes.c_ulonglong(len(sealed)), pk, sk)
        return out.raw[: len(sealed) - 48] if rc == 0 else None


def keys_and_display(width, height):
    """A fresh sealing key pair and an Xvfb screen of width x height:
    (Sodium, public key, secret key, Xvfb process, display)."""
    na = Sodium()
    pk, sk = na.keypair()
    xvfb, display = start_xvfb(width, height)
    return na, pk, sk, xvfb, display


def only_response(na, data, pk, sk):
    """The one response in a kiosk's outbox, opened and parsed (asserts there is exactly one)."""
    db = sqlite3.connect(os.path.join(data, "kiosk.db"))
    rows = db.execute("SELECT sealed FROM outbox ORDER BY seq").fetchall()
    db.close()
    assert len(rows) == 1, rows
    return json.loads(na.open_sealed(rows[0][0], pk, sk))


def hits(k):
    """The kiosk's tap targets this frame, by id."""
    return {x["id"]: x for x in k.layout()["hits"]}


def answer_to_comment(k, shot):
    """Answers every question (yes, 4 or 3 where offered, else the school chip and Next) until
    the comment screen, shooting the chips; returns that screen's tap targets."""
    while k.layout()["screen"] == "question":
        ids = hits(k)
        for answer in ("yes", "scale_4", "scale_3"):
            if answer in ids:
                k.tap_and_wait(answer)
                break
        else:
            if "chip_school" in ids:
                k.tap("chip_school"); time.sleep(0.5); shot("chips")
            k.tap_and_wait("next")
    k.wait_screen("comment")
    return hits(k)


def tap_key(k, key, pause, tries=3):
    """Taps an on-screen key and waits until the comment has changed (the layout's comment_edit, a
    hash), tapping again when a busy machine lost the tap: a press and release that reach the kiosk
    in one frame are one event too few for Dear ImGui 1.86."""
    before = k.layout()["comment_edit"]
    for _ in range(tries):
        k.tap(key); time.sleep(pause)
        try:
            k.wait_for(lambda l: l["comment_edit"] != before, 2.0, "key " + key)
            return
        except RuntimeError:
            continue
    raise RuntimeError("key %s never reached the comment after %d taps" % (key, tries))


def type_and_send(k, keys, pause, shot):
    """On the comment screen: taps keys (pause seconds apart), then Next, Send, shooting each
    screen, and waits for the thank-you screen."""
    for key in keys:
        tap_key(k, key, pause)
    shot("comment")
    k.tap_and_wait("next"); k.wait_screen("review"); shot("review")
    k.tap_and_wait("send"); k.wait_screen("thank_you"); shot("thank_you")


def screen_test_args(argv):
    """(kiosk_bin, shots, work) from a screen test's arguments: the shots folder made, the work
    folder made empty."""
    kiosk_bin, shots, work = argv[1:4]
    os.makedirs(shots, exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    return kiosk_bin, shots, work


def make_data_dir(kiosk_bin, base, public_key=None, settings=None, pin=None):
    """A fresh kiosk data dir with kiosk.conf (defaults written by the kiosk itself)."""
    data = tempfile.mkdtemp(prefix="kiosk-", dir=base)
    subprocess.run([kiosk_bin, "status", "--data", data], check=True, stdout=subprocess.DEVNULL)
    if pin:
        subprocess.run([kiosk_bin, "set-pin", "--data", data], input=pin + "\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
    conf = os.path.join(data, "kiosk.conf")
    with open(conf, "a") as f:
        if public_key:
            f.write("sealing_public_key = %s\n" % base64.b64encode(public_key).decode())
        for k, v in (settings or {}).items():
            f.write("%s = %s\n" % (k, v))
    return data


def start_kiosk(kiosk_bin, data, display, size, layout_file, extra_env=None):
    env = dict(os.environ, DISPLAY=display, LP_KIOSK_LAYOUT_FILE=layout_file)
    env.update(extra_env or {})
    if os.path.exists(layout_file):
        os.unlink(layout_file)
    proc = subprocess.Popen([kiosk_bin, "--data", data, "--windowed", size], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return proc


def find_window(display, pid, timeout=30):
    """(window id, x, y) of the kiosk's window."""
    env = dict(os.environ, DISPLAY=display)
    end = time.time() + timeout
    while time.time() < end:
        r = subprocess.run(["xdotool", "search", "--pid", str(pid)], env=env, capture_output=True, text=True)
        for wid in r.stdout.split():
            g = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], env=env, capture_output=True,
                               text=True).stdout
            vals = dict(line.split("=", 1) for line in g.split() if "=" in line)
            if int(vals.get("WIDTH", "0")) > 100:
                return wid, int(vals["X"]), int(vals["Y"])
        time.sleep(0.1)
    raise RuntimeError("kiosk window not found")


def attach(kiosk_bin, data, display, size, layout_file, extra_env=None):
    """Starts a kiosk and returns (process, Kiosk driver) once the attract/not-set-up screen is up."""
    proc = start_kiosk(kiosk_bin, data, display, size, layout_file, extra_env)
    try:
        wid, x, y = find_window(display, proc.pid)
    except RuntimeError:
        stop(proc)
        raise RuntimeError("kiosk window not found; kiosk said: %s" % proc.stderr.read().decode(errors="replace"))
    k = Kiosk(layout_file, display, (x, y), wid)
    k.wait_for(lambda l: l["screen"] in ("attract", "not_set_up"), 15, "the first screen")
    return proc, k
