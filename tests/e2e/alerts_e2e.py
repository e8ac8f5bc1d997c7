#!/usr/bin/env python3
"""Alerts end to end: a real lp-aggregator (TLS on loopback) with alert_smtp_url pointing at a real
SMTP server (Debian's python3-aiosmtpd) and alert_webhook_url at a small http.server receiver that
is DOWN at first and comes up later. A kiosk (the real kiosk flow and sync code, lp-sync-test-kiosk)
stores a help request, a flagged comment and an ordinary comment, and syncs.

Checks: each alert reaches SMTP well within 60 s of the sync, once; the webhook receiver, once up,
gets each alert exactly once with a valid HMAC-SHA256 signature; no message carries any comment's
text; the audit log and /metrics (lp_alerts_total) show the outcomes; the ordinary comment raises no
alert but waits in the "To read" queue (lp_comments_unread).

usage: alerts_e2e.py BUILD_DIR
"""
import asyncio
import ctypes
import email
import hashlib
import hmac
import http.server
import json
import os
import re
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from aiosmtpd.controller import Controller

BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
AGG = os.path.join(BUILD, "sync", "lp-aggregator")
KIOSK = os.path.join(BUILD, "tests", "lp-sync-test-kiosk")
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ASSETS = os.path.join(SRC, "assets")
SECRET = "webhook-secret-for-the-e2e-test"
SITE = "Hub A"
HELP_TEXT = "i am scared to go home tonight"
FLAGGED_TEXT = "my step dad hits me with a belt when he is drunk"
ORDINARY_TEXT = "the pool table needs new cues"
WEBHOOK_DOWN_S = 4

_libc = ctypes.CDLL(None, use_errno=True)
children = []


def log(*a):
    print("[alerts-e2e]", *a, flush=True)


def fail(msg):
    log("FAIL:", msg)
    raise SystemExit(1)


def run(args, timeout=120):
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                       preexec_fn=lambda: _libc.prctl(1, signal.SIGKILL))
    if r.returncode != 0:
        fail(f"{' '.join(args)} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message with the time it arrived."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((time.monotonic(), envelope.rcpt_tos, envelope.content.decode("utf-8")))
        return "250 OK"


class Hooks:
    def __init__(self):
        self.received = []  # (id, body, signature ok)
        self.lock = threading.Lock()


def webhook_server(port, hooks):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            want = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            ok = hmac.compare_digest(want, self.headers.get("X-LP-Signature", ""))
            doc = json.loads(body)
            with hooks.lock:
                hooks.received.append((doc["id"], body.decode("utf-8"), ok, self.headers.get("Idempotency-Key")))
            self.send_response(200 if ok else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def main():
    root = tempfile.mkdtemp(prefix="lp-alerts-")
    mailbox = Mailbox()
    smtp_port = free_port()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hook_port = free_port()  # nothing listens yet: the receiver is down
    hooks = Hooks()
    hook_srv = None
    agg = None
    try:
        data = os.path.join(root, "agg")
        run([AGG, "init", "--data", data])
        with open(os.path.join(data, "aggregator.conf"), "a") as f:
            f.write(f"\nalert_smtp_url = smtp://127.0.0.1:{smtp_port}\n"
                    "alert_from = listening-post@council.example\n"
                    "alert_to = duty@council.example\n"
                    f"alert_to.{SITE} = hub-a-duty@council.example\n"
                    f"alert_webhook_url = http://127.0.0.1:{hook_port}/lp-alerts\n"
                    f"alert_webhook_secret = {SECRET}\n"
                    "alert_retry_base_ms = 500\nalert_retry_cap_s = 1\nalert_poll_ms = 200\n"
                    "alert_connect_timeout_s = 2\n")
        stderr_log = open(os.path.join(root, "agg.log"), "w")
        agg = subprocess.Popen([AGG, "serve", "--data", data, "--listen", "127.0.0.1:0", "--assets", ASSETS],
                               stdout=subprocess.PIPE, stderr=stderr_log, text=True,
                               preexec_fn=lambda: _libc.prctl(1, signal.SIGKILL))
        m = re.search(r"listening on https://127\.0\.0\.1:(\d+)", agg.stdout.readline())
        if not m:
            fail("aggregator did not start")
        url = f"https://127.0.0.1:{m.group(1)}"

        kdir = os.path.join(root, "kiosk")
        code = re.search(r"code:\s*(\S+)", run([AGG, "enrol-code", "--data", data, "--site", SITE]).stdout).group(1)
        run([KIOSK, "enrol", "--data", kdir, "--server", url, "--code", code, "--ca", os.path.join(data, "tls.crt")])
        run([KIOSK, "say", "--data", kdir, "--comment", HELP_TEXT, "--help-request"])
        run([KIOSK, "say", "--data", kdir, "--comment", FLAGGED_TEXT])
        run([KIOSK, "say", "--data", kdir, "--comment", ORDINARY_TEXT])
        run([KIOSK, "sync", "--data", kdir])
        synced = time.monotonic()

        # The alerts the server queued: the help request (the kiosk sends a help-only row the moment
        # "Ask staff to talk to me" is pressed, then the full response with the flag again: one
        # help_request alert for both) and the flagged comment.
        db_path = os.path.join(data, "aggregator.db")
        alerts = []
        while time.monotonic() - synced < 30:
            db = sqlite3.connect(db_path, timeout=30)
            try:
                alerts = db.execute("SELECT uid, needs_help, categories FROM dash_alerts ORDER BY pk").fetchall()
            except sqlite3.OperationalError:
                alerts = []
            db.close()
            if any(not h for _, h, _ in alerts) and any(h for _, h, _ in alerts):
                break
            time.sleep(0.1)
        time.sleep(2)  # a second help_request alert for the full response would be queued by now
        db = sqlite3.connect(db_path, timeout=30)
        alerts = db.execute("SELECT uid, needs_help, categories FROM dash_alerts ORDER BY pk").fetchall()
        db.close()
        uids = {u for u, _, _ in alerts}
        if sum(1 for _, h, _ in alerts if h) != 1 or not any(not h for _, h, _ in alerts):
            fail(f"queued alerts {alerts}: want exactly one help request and a flagged comment")

        # Email: each alert once, well within 60 s of the sync.
        while time.monotonic() - synced < 60 and len(mailbox.messages) < len(uids):
            time.sleep(0.1)
        if len(mailbox.messages) < len(uids):
            fail(f"only {len(mailbox.messages)} of {len(uids)} alert emails within 60 s of the sync")
        took = max(t for t, _, _ in mailbox.messages) - synced
        log(f"{len(uids)} alert emails arrived {took:.1f} s after the sync")

        # The webhook receiver was down: the worker retried. It comes up now.
        time.sleep(max(0.0, WEBHOOK_DOWN_S - (time.monotonic() - synced)))
        hook_srv = webhook_server(hook_port, hooks)
        up = time.monotonic()
        while time.monotonic() - up < 30 and len(hooks.received) < len(uids):
            time.sleep(0.1)
        time.sleep(3)  # anything sent twice would arrive by now (retry cap 1 s, poll 0.2 s)
        mails = list(mailbox.messages)
        got = list(hooks.received)
        if len(mails) != len(uids):
            fail(f"{len(mails)} emails for {len(uids)} alerts (one each expected)")
        ids = [g[0] for g in got]
        if sorted(ids) != sorted(uids):
            fail(f"webhook got ids {ids}; expected each of {sorted(uids)} exactly once")
        if not all(g[2] for g in got):
            fail("a webhook signature did not verify")
        if any(g[3] != g[0] for g in got):
            fail("Idempotency-Key is not the alert id")
        kinds = {json.loads(g[1])["kind"] for g in got}
        if kinds != {"flagged_comment", "help_request"}:
            fail(f"webhook kinds {kinds}")
        for g in got:
            doc = json.loads(g[1])
            if doc["site"] != SITE or not re.match(r"^\d{4}-\d\d-\d\dT\d\d:00:00Z$", doc["time"]):
                fail(f"webhook body {g[1]}")
            if not doc["link"].endswith("/safeguarding"):
                fail(f"webhook link {doc['link']}")
        flagged = [json.loads(g[1]) for g in got if json.loads(g[1])["kind"] == "flagged_comment"][0]
        if "physical-abuse" not in flagged["categories"]:
            fail(f"flagged comment alert has categories {flagged['categories']}")
        msg_ids = set()
        for _, rcpt, content in mails:
            if sorted(rcpt) != ["duty@council.example", "hub-a-duty@council.example"]:
                fail(f"email recipients {rcpt}")
            msg = email.message_from_string(content)
            msg_ids.add(msg["Message-ID"])
            # Rounded down to the hour like every other time (docs/privacy.md), never the send second.
            if not re.match(r"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:00:00 \+0000$", msg["Date"] or ""):
                fail(f"email Date {msg['Date']!r} is not rounded down to the hour")
            if SITE not in content or "/safeguarding" not in content:
                fail("email without site or link:\n" + content)
        if {i.strip("<>").split("@")[0] for i in msg_ids} != uids:
            fail(f"Message-IDs {msg_ids} do not match the alert ids {sorted(uids)}")

        # Never the comment's text, in any message.
        sent_texts = [c for _, _, c in mails] + [g[1] for g in got]
        for text in (HELP_TEXT, FLAGGED_TEXT, ORDINARY_TEXT):
            if any(text in t for t in sent_texts):
                fail(f"the comment text '{text}' appears in an alert")
        for word in ("scared", "drunk", "belt", "cues"):
            if any(word in t for t in sent_texts):
                fail(f"the comment word '{word}' appears in an alert")

        # /metrics (loopback needs no token) and the audit log.
        ctx = ssl.create_default_context(cafile=os.path.join(data, "tls.crt"))
        ctx.check_hostname = False
        metrics = urllib.request.urlopen(url + "/metrics", context=ctx, timeout=10).read().decode()
        def metric(name):
            m = re.search(re.escape(name) + r" (\d+)", metrics)
            return int(m.group(1)) if m else 0
        if metric('lp_alerts_total{channel="email",outcome="sent"}') != len(uids):
            fail("lp_alerts_total email sent is not the number of alerts:\n" + metrics)
        if metric('lp_alerts_total{channel="webhook",outcome="sent"}') != len(uids):
            fail("lp_alerts_total webhook sent is not the number of alerts")
        if metric('lp_alerts_total{channel="webhook",outcome="retry"}') < 2:
            fail("the down receiver caused no retries")
        # The ordinary comment raised no alert but waits to be read, like the other two.
        if metric("lp_comments_unread") != 3:
            fail("lp_comments_unread != 3:\n" + metrics)
        db = sqlite3.connect(db_path, timeout=30)
        audit = db.execute("SELECT action, detail FROM dash_audit WHERE user = 'alerts'").fetchall()
        db.close()
        if sum(1 for a, _ in audit if a == "alert sent") != 2 * len(uids):
            fail(f"audit: {audit}")
        if any(w in d for _, d in audit for w in ("belt", "scared", "cues")):
            fail("comment text in the audit log")
        retries = metric('lp_alerts_total{channel="webhook",outcome="retry"}')
        log(f"ok: emails {len(mails)}, webhook posts {len(got)} (each once after the receiver came back), "
            f"retries {retries}, no comment text")
    finally:
        if agg and agg.poll() is None:
            agg.terminate()
            agg.wait(timeout=15)
        if hook_srv:
            hook_srv.shutdown()
        smtp.stop()


if __name__ == "__main__":
    main()
