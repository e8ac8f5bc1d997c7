#!/usr/bin/env python3
"""'You said, we did' end to end: a real lp-aggregator (init, add-manager,
import-report from the reports' text, serve on a free loopback port); a manager logs in to the
real dashboard (CSRF token from the login form, cookie jar) and posts a reply; a real kiosk
enrols and runs `lp-kiosk sync`, which writes DIR/you-said-we-did.json; the kiosk's attract
screen under Xvfb shows it (screenshot saved and checked: the area under Start is no longer
blank), and at 800x480 the panel stays away from the Start button.

usage: you_said_we_did_e2e.py --aggregator BIN --kiosk BIN --assets DIR --build DIR
"""
import glob
import html
import http.cookiejar
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_driver  # noqa: E402
from e2e_support import Failure, check, parse_args  # noqa: E402

PASSWORD = "correct horse battery staple 42"
REPLY = "We asked every social worker to reply to your messages within two days."
REPLY2 = "Your ideas chose the new games room."


def run(argv, stdin=None, timeout=60, ok=True):
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout)
    if ok and r.returncode != 0:
        raise Failure("%s exited %d: %s%s" % (" ".join(argv[:2]), r.returncode, r.stdout, r.stderr))
    return r


def stop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Browser:
    """A tiny form-posting client with a cookie jar, trusting only the aggregator's certificate."""

    def __init__(self, base, ca_file):
        self.base = base
        ctx = ssl.create_default_context(cafile=ca_file)
        ctx.check_hostname = False  # the self-signed certificate names localhost/127.0.0.1
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  urllib.request.HTTPSHandler(context=ctx))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=15) as r:
            return r.geturl(), r.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=15) as r:
            return r.geturl(), r.read().decode()


def csrf_of(page):
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    check(m, "no CSRF token in the page")
    return html.unescape(m.group(1))


def region_stddev(png, x, y, w, h):
    out = subprocess.run(["convert", png, "-crop", "%dx%d+%d+%d" % (w, h, x, y), "+repage", "-colorspace", "gray",
                          "-format", "%[fx:standard_deviation]", "info:"], capture_output=True, text=True, timeout=30)
    check(out.returncode == 0, "convert failed: " + out.stderr)
    return float(out.stdout.strip())


def attract_shot(kiosk_bin, kdir, size, work, png, then=None):
    """Screenshot of the attract screen; `then(k)` runs while the kiosk is still up."""
    w, h = (int(v) for v in size.split("x"))
    xvfb, display = kiosk_driver.start_xvfb(w + 40, h + 40)
    proc = None
    try:
        layout = os.path.join(work, "layout-%s.json" % size)
        proc, k = kiosk_driver.attach(kiosk_bin, kdir, display, size, layout)
        k.wait_screen("attract", 15)
        time.sleep(1.0)  # a few frames: fonts built, panel drawn
        k.screenshot(png)
        lay = k.layout()
        start = [hit for hit in lay["hits"] if hit["id"] == "start"]
        check(start, "no Start button on the attract screen at %s" % size)
        if then is not None:
            then(k)
        return lay, start[0]
    finally:
        stop(proc)
        kiosk_driver.stop(xvfb)


def help_flag_y(kiosk_bin, kdir, work, png):
    """Opens the help sheet on a real kiosk under Xvfb; returns where 'Ask staff to talk to me' is."""
    xvfb, display = kiosk_driver.start_xvfb(1320, 840)
    proc = None
    try:
        proc, k = kiosk_driver.attach(kiosk_bin, kdir, display, "1280x800", os.path.join(work, "layout-help.json"))
        k.wait_screen("attract", 15)
        k.tap_and_wait("start")
        k.wait_screen("age_band")
        k.tap_and_wait("help")
        k.wait_for(lambda l: any(h["id"] == "help_flag" for h in l["hits"]), 10, "the help sheet")
        time.sleep(0.5)
        k.screenshot(png)
        return k.hit("help_flag")["y"]
    finally:
        stop(proc)
        kiosk_driver.stop(xvfb)


CONTACT_NAME = "Hub duty team"
CONTACT_PHONE = "01484 000000"


def unread_metric(base, ca):
    ctx = ssl.create_default_context(cafile=ca)
    ctx.check_hostname = False
    text = urllib.request.urlopen(base + "/metrics", context=ctx, timeout=15).read().decode()
    m = re.search(r"^lp_comments_unread (\d+)", text, re.M)
    check(m, "no lp_comments_unread on /metrics")
    return int(m.group(1))


def check_to_read(b, base, ca, data):
    """Unflagged comments from the kiosk wait in "To read" and lp_comments_unread until read."""
    import sqlite3
    db = sqlite3.connect(os.path.join(data, "aggregator.db"), timeout=30)
    comments = db.execute("SELECT response, text FROM comments ORDER BY response").fetchall()
    db.close()
    check(comments, "the simulated young people left no comment")
    deadline = time.time() + 15
    while unread_metric(base, ca) < len(comments) and time.time() < deadline:
        time.sleep(0.2)  # the indexer looks once a second
    check(unread_metric(base, ca) == len(comments),
          "lp_comments_unread is %d, the kiosk sent %d comments" % (unread_metric(base, ca), len(comments)))
    db = sqlite3.connect(os.path.join(data, "aggregator.db"), timeout=30)
    flagged = {r for (r,) in db.execute("SELECT response FROM dash_safeguarding")}
    db.close()
    unflagged = [(r, t) for r, t in comments if r not in flagged]
    check(unflagged, "every sample comment was flagged: nothing shows the scan-missed path")
    _, page = b.get("/to-read")
    for _, text in comments:
        check(text in html.unescape(page), "comment %r is not in To read" % text)
    first = unflagged[0][0]
    comments = [unflagged[0]] + [c for c in comments if c[0] != first]
    url, page = b.post("/to-read/read", {"one": str(first), "csrf": csrf_of(page)})
    check("done=read" in url, "Mark read landed on " + url)
    check(unread_metric(base, ca) == len(comments) - 1, "lp_comments_unread did not drop after Mark read")
    still = [t for _, t in comments[1:]]
    _, page = b.get("/to-read")
    check(all(t in html.unescape(page) for t in still), "an unread comment left To read")
    check(page.count('name="one" value="%d"' % first) == 0, "the comment read is still in To read")
    print("To read: %d comments from the kiosk waited until read; one marked read, %d left"
          % (len(comments), len(comments) - 1))


def main():
    a = parse_args(["aggregator", "kiosk", "assets", "build"])
    started = time.time()
    work = tempfile.mkdtemp(prefix="lp-ysd-")
    server = None
    try:
        data = os.path.join(work, "agg")
        run([a.aggregator, "init", "--data", data])
        run([a.aggregator, "add-manager", "--data", data, "--user", "mo"], stdin=PASSWORD + "\n")
        reports = sorted(glob.glob(os.path.join(a.assets, "reports", "kirklees", "*.txt")))
        out = run([a.aggregator, "import-report", "--data", data, "--assets", a.assets] + reports).stdout
        check("loaded 5 reports" in out, "import-report said: " + out)
        log = open(os.path.join(work, "server.log"), "w")
        server = subprocess.Popen([a.aggregator, "serve", "--data", data, "--listen", "127.0.0.1:0", "--assets",
                                   a.assets], stdout=subprocess.PIPE, stderr=log, text=True)
        line = server.stdout.readline().strip()
        m = re.match(r"listening on (https://127\.0\.0\.1:\d+)", line)
        check(m, "server did not start: " + line)
        base = m.group(1)
        ca = os.path.join(data, "tls.crt")

        # A manager posts a reply through the real forms.
        b = Browser(base, ca)
        _, page = b.get("/login")
        url, page = b.post("/login", {"user": "mo", "password": PASSWORD, "csrf": csrf_of(page)})
        check("/login" not in url, "login failed: landed on " + url)
        _, page = b.get("/replies")
        themes = re.findall(r'<option value="([^"]+)"', page)
        check(themes, "no themes to reply to on /replies")
        catalogue_themes = {t["id"]: t for t in json.load(open(os.path.join(a.assets, "themes", "kirklees.json")))["themes"]}
        theme = themes[0]
        young_title = catalogue_themes[theme]["young_title"]
        url, page = b.post("/replies", {"theme": theme, "text": REPLY, "csrf": csrf_of(page)})
        check("reply-added" in url, "posting the reply landed on " + url)
        url, page = b.post("/replies", {"theme": themes[-1], "text": REPLY2, "csrf": csrf_of(page)})
        check("reply-added" in url, "posting the second reply landed on " + url)

        # A real kiosk enrols and syncs.
        kdir = os.path.join(work, "kiosk")
        os.makedirs(kdir)
        code = re.search(r"^code: (\S+)", run([a.aggregator, "enrol-code", "--data", data, "--site", "Hub"]).stdout,
                         re.M).group(1)
        run([a.kiosk, "enrol", "--data", kdir, "--server", base, "--code", code, "--ca", ca])
        # The manager sets the site's own help contact; the kiosk gets it with its question set.
        _, page = b.get("/devices")
        url, page = b.post("/sites/contact", {"site": "Hub", "name": CONTACT_NAME, "phone": CONTACT_PHONE,
                                              "csrf": csrf_of(page)})
        check("contact-saved" in url, "saving the site contact landed on " + url)
        check(CONTACT_PHONE in page, "the devices page does not show the saved contact")
        # Young people answer on the real kiosk (its own flow and store); the scan flags none of
        # these sample comments, and every one must still wait in "To read" until a person reads it.
        run([a.kiosk, "simulate", "--data", kdir, "--count", "12", "--seed", "7"])
        r = run([a.kiosk, "sync", "--data", kdir])
        check("you said, we did: updated" in r.stdout, "lp-kiosk sync said: " + r.stdout)
        delivered = json.load(open(os.path.join(kdir, "question-set.json")))
        check(delivered.get("site_contact") == {"name": CONTACT_NAME, "phone": CONTACT_PHONE},
              "the delivered question set has no site contact: %r" % delivered.get("site_contact"))
        check_to_read(b, base, ca, data)
        path = os.path.join(kdir, "you-said-we-did.json")
        check(os.path.exists(path), "no you-said-we-did.json after sync")
        got = json.load(open(path))["replies"]
        mine = [r for r in got if r["text"] == REPLY]
        check(len(got) == 2 and len(mine) == 1 and mine[0]["young_title"] == young_title and
              any(r["text"] == REPLY2 for r in got), "you-said-we-did.json holds %r" % got)
        again = run([a.kiosk, "sync", "--data", kdir]).stdout
        check("you said, we did: unchanged" in again, "second sync (ETag) said: " + again)
        print("sync wrote the reply for theme %s (%s)" % (theme, young_title))

        stop(server)
        server = None

        # The attract screen shows it, with room to spare under Start.
        shots = os.path.join(a.build, "screenshots")
        os.makedirs(shots, exist_ok=True)
        png = os.path.join(shots, "kiosk-you-said-we-did.png")
        rotated = os.path.join(work, "rotated.png")

        def wait_rotation(k):
            time.sleep(8.5)  # one turn of the panel (you_said_rotate_s = 8)
            k.screenshot(rotated)

        lay, start = attract_shot(a.kiosk, kdir, "1280x800", work, png, then=wait_rotation)
        sy0, sy1 = start["y"], start["y"] + start["h"]
        below = region_stddev(png, 100, int(sy1) + 30, 1080, 80)
        print("attract 1280x800: Start at y %d..%d, grey stddev under it %.4f" % (sy0, sy1, below))
        check(below > 0.02, "nothing drawn under Start: the reply panel is missing")
        crop = "1080x80+100+%d" % (int(sy1) + 30)
        diff = subprocess.run(["compare", "-metric", "AE", "-crop", crop, png, rotated, "null:"],
                              capture_output=True, text=True, timeout=30).stderr.strip()
        print("pixels changed in the panel after one turn: %s" % diff)
        check(diff.split()[0].replace(".", "").isdigit() and float(diff.split()[0]) > 500,
              "the panel did not rotate to the next reply (%s)" % diff)

        # Without the file the same area is blank: the panel really is the reply.
        os.rename(path, path + ".off")
        plain = os.path.join(work, "plain.png")
        picked_up = []

        def deliver_while_running(k):
            # A new file arriving while the kiosk waits between people shows without a restart.
            t0 = time.time()
            os.rename(path + ".off", path)
            k.wait_for(lambda l: any(h["id"] == "start" and h["h"] < plain_h[0] for h in l["hits"]), 15,
                       "the running kiosk to show the new reply")
            picked_up.append(time.time() - t0)

        plain_h = [1e9]
        def shot_then(k):
            plain_h[0] = k.hit("start")["h"]
            deliver_while_running(k)

        _, plain_start = attract_shot(a.kiosk, kdir, "1280x800", work, plain, then=shot_then)
        check(plain_start["h"] > start["h"], "Start is not bigger without replies")
        blank = region_stddev(plain, 100, int(plain_start["y"] + plain_start["h"]) + 30, 1080, 80)
        print("attract 1280x800 without replies: grey stddev under Start %.4f" % blank)
        check(blank < below / 4, "the area under Start is busy even without replies (%.4f)" % blank)
        print("a running kiosk showed a newly delivered reply after %.1f s" % picked_up[0])

        # The help sheet shows the site's contact: its buttons sit a line lower than without it.
        with_contact = help_flag_y(a.kiosk, kdir, work, os.path.join(shots, "kiosk-help-site-contact.png"))
        qs_path = os.path.join(kdir, "question-set.json")
        delivered = json.load(open(qs_path))
        del delivered["site_contact"]
        json.dump(delivered, open(qs_path, "w"))
        without = help_flag_y(a.kiosk, kdir, work, os.path.join(work, "help-plain.png"))
        print("help sheet: 'Ask staff to talk to me' at y %.0f with the site contact, %.0f without" %
              (with_contact, without))
        check(with_contact > without + 10, "the help sheet is no taller with the site contact")

        # 800x480: Start keeps its room (the panel hides rather than crowding it).
        small = os.path.join(shots, "kiosk-you-said-we-did-800x480.png")
        _, start_small = attract_shot(a.kiosk, kdir, "800x480", work, small)
        check(start_small["h"] >= 72 and start_small["y"] + start_small["h"] <= 480,
              "Start is squeezed at 800x480: %r" % start_small)
        elapsed = time.time() - started
        print("PASS in %.1f s (screenshots: %s)" % (elapsed, shots))
        check(elapsed < 90, "took %.1f s, over the 90 s budget" % elapsed)
        return 0
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        return 1
    finally:
        stop(server)
        if os.environ.get("LP_KEEP"):
            print("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
