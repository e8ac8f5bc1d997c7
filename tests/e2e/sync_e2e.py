#!/usr/bin/env python3
"""End-to-end sync tests: real lp-aggregator (TLS on loopback), real kiosk sync code
(lp-sync-test-kiosk runs the same enrol/sync/export/worker code as lp-kiosk), lp-faultproxy.

usage: sync_e2e.py BUILD_DIR MODE   (MODE: faults | outage | wrong-pin | kill9 | export-import | revoked | too-large | conflict | cli)
Every check compares (device, id, sha256) on both sides: the server must hold each kiosk
response exactly once and every kiosk must end with nothing pending.
"""
import ctypes
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else ""
MODE = sys.argv[2] if len(sys.argv) > 2 else ""
AGG = os.path.join(BUILD, "sync", "lp-aggregator")
KIOSK = os.path.join(BUILD, "tests", "lp-sync-test-kiosk")
PROXY = os.path.join(BUILD, "tools", "lp-faultproxy")
# enrol / sync / export run through the real lp-kiosk when it was built (LP_BUILD_UI=ON); the
# test driver links the very same functions, and adds fill/dump/counts/worker.
KIOSK_CLI = os.environ.get("LP_KIOSK_EXE") or KIOSK
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ASSETS = os.path.join(SRC, "assets")
# Fast retries for tests; production keeps 2 s .. 15 min.
FAST = ["--backoff-base-ms", "50", "--backoff-cap-ms", "1000", "--low-speed-time-s", "2", "--connect-timeout-s", "2"]

children = []
_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent():
    # If this script is killed (a CTest timeout), its servers and proxies must not outlive it.
    _libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def log(*a):
    print("[sync-e2e]", *a, flush=True)


def fail(msg):
    log("FAIL:", msg)
    raise SystemExit(1)


def spawn(args, **kw):
    p = subprocess.Popen(args, preexec_fn=_die_with_parent, **kw)
    children.append(p)
    return p


def cleanup():
    for p in children:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


def run(args, timeout=120, check=True):
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout, preexec_fn=_die_with_parent)
    if check and r.returncode != 0:
        fail(f"{' '.join(args)} -> {r.returncode}\n{r.stdout}\n{r.stderr}")
    return r


class Server:
    def __init__(self, root, name="agg", conf_extra=""):
        self.data = os.path.join(root, name)
        run([AGG, "init", "--data", self.data])
        with open(os.path.join(self.data, "aggregator.conf"), "a") as f:
            # The fault test sends thousands of retried batches from one device: the per-device
            # rate limit is not what is under test here (429s come from the proxy instead).
            f.write("\ndevice_requests_per_minute = 100000\ndevice_burst = 100000\n" + conf_extra)
        self.port = 0
        self.proc = None

    def start(self):
        listen = f"127.0.0.1:{self.port}"
        for _ in range(50):
            with open(os.path.join(self.data, "requests.log"), "a") as request_log:
                self.proc = spawn([AGG, "serve", "--data", self.data, "--listen", listen, "--assets", ASSETS],
                                  stdout=subprocess.PIPE, stderr=request_log, text=True)
            line = self.proc.stdout.readline()
            m = re.search(r"listening on https://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                return
            self.proc.wait()
            time.sleep(0.2)  # the old socket may still be closing after a kill -9
        fail("aggregator did not start")

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)

    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def code(self, with_pin=False):
        out = run([AGG, "enrol-code", "--data", self.data, "--site", "hub"]).stdout
        code = re.search(r"code:\s*(\S+)", out).group(1)
        return (code, re.search(r"pin:\s*(\S+)", out).group(1)) if with_pin else code

    def rows(self):
        db = sqlite3.connect(os.path.join(self.data, "aggregator.db"), timeout=30)
        try:
            rows = db.execute("SELECT device_id, id, sha256 FROM responses").fetchall()
            conflicts = db.execute("SELECT count(*) FROM conflicts").fetchone()[0]
        finally:
            db.close()
        return rows, conflicts


class Proxy:
    def __init__(self, upstream_port, root, seed, rates, extra=()):
        self.stats = os.path.join(root, "proxy-stats.json")
        args = [PROXY, "--upstream", f"127.0.0.1:{upstream_port}", "--seed", str(seed), "--stats", self.stats,
                "--off"] + list(extra)
        for k, v in rates.items():
            args += [f"--{k}", str(v)]
        self.proc = spawn(args, stdout=subprocess.PIPE, text=True)
        self.port = int(re.search(r":(\d+)", self.proc.stdout.readline()).group(1))
        self.on = False

    def set_faults(self, on):
        if on != self.on:
            self.proc.send_signal(signal.SIGUSR1)
            self.on = on
            time.sleep(0.05)

    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def read_stats(self):
        try:
            with open(self.stats) as f:
                return json.load(f)
        except (OSError, ValueError):
            return {}


def kiosk(*args, timeout=300, check=True):
    exe = KIOSK_CLI if args and args[0] in ("enrol", "sync", "export") else KIOSK
    return run([exe] + list(args), timeout=timeout, check=check)


def enrol(server, kdir, url=None):
    kiosk("enrol", "--data", kdir, "--server", url or server.url(), "--code", server.code(),
          "--ca", os.path.join(server.data, "tls.crt"))


def server_and_kiosk(root):
    """A started server and the data dir of one kiosk enrolled with it."""
    server = Server(root)
    server.start()
    kdir = os.path.join(root, "kiosk")
    enrol(server, kdir)
    return server, kdir


def kiosk_rows(kdir):
    out = kiosk("dump", "--data", kdir).stdout.split()
    return set(zip(out[0::2], out[1::2]))


def counts(kdir):
    return json.loads(kiosk("counts", "--data", kdir).stdout)


def device_id(kdir):
    with open(os.path.join(kdir, "device.json")) as f:
        return json.load(f)["device_id"]


def verify(server, kdirs):
    rows, conflicts = server.rows()
    triples = [(d, i, h) for d, i, h in rows]
    if len(triples) != len(set(triples)):
        fail("the server holds a response twice")
    if conflicts:
        fail(f"{conflicts} conflicts on the server")
    total = 0
    for kdir in kdirs:
        c = counts(kdir)
        if c["pending"] != 0 or c["quarantined"] != 0:
            fail(f"{kdir}: {c}")
        dev = device_id(kdir)
        mine = kiosk_rows(kdir)
        theirs = {(i, h) for d, i, h in triples if d == dev}
        if mine != theirs:
            fail(f"{kdir}: kiosk has {len(mine)} rows, server {len(theirs)}; missing {len(mine - theirs)}, "
                 f"extra {len(theirs - mine)}")
        total += len(mine)
    if total != len(triples):
        fail(f"server holds {len(triples)} rows, kiosks {total}")
    log(f"verified: {total} responses, each exactly once on the server (ids and hashes match), nothing pending")
    return total


DUPLICATES = [0]


def note_duplicates(stdout):
    m = re.search(r"\((\d+) already on the server\)", stdout)
    if m:
        DUPLICATES[0] += int(m.group(1))


def sync_until_done(kdir, max_rounds=60, extra=()):
    for _ in range(max_rounds):
        r = kiosk("sync", "--data", kdir, "--attempts", "200", *FAST, *extra, check=False, timeout=240)
        note_duplicates(r.stdout)
        if r.returncode == 0:
            return
        if r.returncode == 2:
            fail(r.stderr)
    fail(f"{kdir}: still pending after {max_rounds} sync runs")


# [SECTION] Modes

def mode_faults(root):
    per_kiosk = int(os.environ.get("LP_SYNC_FAULT_RESPONSES", "10000")) // 5
    server = Server(root)
    server.start()
    proxy = Proxy(server.port, root, seed=int(os.environ.get("LP_SYNC_FAULT_SEED", "20261125")),
                  rates={"drop-request": 0.06, "drop-response": 0.06, "stall": 0.02, "throttle": 0.03,
                         "reset": 0.05, "status": 0.06},
                  extra=["--tls-cert", os.path.join(server.data, "tls.crt"), "--tls-key",
                         os.path.join(server.data, "tls.key"), "--stall-ms", "2500", "--throttle-bps", "200000"])
    kdirs = [os.path.join(root, f"kiosk{i}") for i in range(5)]
    for k in kdirs:
        enrol(server, k, proxy.url())  # faults off: a code is single-use
    proxy.set_faults(True)
    errors = []

    def life(i, kdir):
        # Young people keep answering while the kiosk syncs through a bad network.
        try:
            rounds = 4
            for r in range(rounds):
                kiosk("fill", "--data", kdir, "--count", str(per_kiosk // rounds), "--seed", str(i * 100 + r))
                note_duplicates(kiosk("sync", "--data", kdir, "--attempts", "3", *FAST, check=False).stdout)
            sync_until_done(kdir)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(f"{kdir}: {e}")

    started = time.time()
    threads = [threading.Thread(target=life, args=(i, k)) for i, k in enumerate(kdirs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        fail("; ".join(errors))
    stats = proxy.read_stats()
    log(f"synced in {time.time() - started:.1f}s; {DUPLICATES[0]} rows were acknowledged as duplicates "
        f"(their first answer was lost after the server stored them); proxy: {json.dumps(stats)}")
    total = verify(server, kdirs)
    if total < per_kiosk * 5:
        fail(f"only {total} responses, expected at least {per_kiosk * 5}")
    injected = {k: v for k, v in stats.items() if k in ("drop_request", "drop_response", "stall", "throttle", "reset",
                                                         "status_500", "status_503", "status_429")}
    if sum(1 for v in injected.values() if v > 0) < 5:
        fail(f"too few kinds of faults were injected: {injected}")
    if DUPLICATES[0] == 0:
        fail("no answer was ever lost after the server stored a batch: the drop-after-commit path was not tested")


def mode_outage(root):
    server, kdir = server_and_kiosk(root)
    down_s = float(os.environ.get("LP_SYNC_OUTAGE_S", "20"))
    # The real background worker: it must drain the backlog with nobody pressing anything.
    server.kill()
    log(f"server down for {down_s:.0f}s while young people keep answering")
    worker = spawn([KIOSK, "worker", "--data", kdir, "--fill", "1500", "--timeout-s", str(int(down_s + 60)),
                    "--backoff-base-ms", "500", "--backoff-cap-ms", "4000"], stdout=subprocess.PIPE, text=True)
    time.sleep(down_s)
    c = counts(kdir)
    if c["pending"] == 0 or c["sent"] != 0:
        worker.kill()
        out, _ = worker.communicate(timeout=30)
        fail(f"during the outage answers must wait, unsent: {c}; worker said: {out}")
    log(f"during the outage: {c}")
    server.start()
    out, _ = worker.communicate(timeout=90)
    log("worker said: " + " | ".join(out.strip().splitlines()[-3:]))
    if worker.returncode != 0:
        fail("the backlog did not drain after the server came back")
    if "Can't reach the server" not in out:
        fail("staff were never told the server was unreachable")
    verify(server, [kdir])


def mode_wrong_pin(root):
    good = Server(root, "good")
    good.start()
    kdir = os.path.join(root, "kiosk")
    # Enrolling by the pin enrol-code prints (no certificate file): a mistyped pin saves nothing.
    code, pin = good.code(with_pin=True)
    wrong = "sha256//" + ("A" * 43) + "="
    r = kiosk("enrol", "--data", kdir, "--server", good.url(), "--code", code, "--pin", wrong, check=False)
    if r.returncode != 1 or os.path.exists(os.path.join(kdir, "device.json")):
        fail("enrolment with a wrong pin must fail and save nothing: " + r.stderr)
    log("wrong pin at enrolment: " + r.stderr.strip())
    kiosk("enrol", "--data", kdir, "--server", good.url(), "--code", good.code(), "--pin", pin)
    with open(os.path.join(kdir, "device.json")) as f:
        if json.load(f)["tls_pin"] != pin:
            fail("device.json must keep the typed pin")
    kiosk("fill", "--data", kdir, "--count", "20")
    port = good.port
    good.kill()
    # An impostor on the same address. The kiosk even trusts its certificate (a CA bundle with
    # both), so only the pinned public key can tell them apart.
    bad = Server(root, "impostor")
    bad.port = port
    bad.start()
    with open(os.path.join(kdir, "device.json")) as f:
        device = json.load(f)
    bundle = os.path.join(root, "both.pem")
    with open(bundle, "w") as out:
        for d in (good.data, bad.data):
            with open(os.path.join(d, "tls.crt")) as f:
                out.write(f.read())
    device["ca_file"] = bundle
    with open(os.path.join(kdir, "device.json"), "w") as f:
        json.dump(device, f)
    r = kiosk("sync", "--data", kdir, check=False)
    log("sync said: " + r.stderr.strip())
    if r.returncode != 1:
        fail(f"sync to the impostor should exit 1, got {r.returncode}")
    if "did not prove who it is" not in r.stderr or "nothing was sent" not in r.stderr or "pin_mismatch" not in r.stderr:
        fail("the error does not say the server's identity failed")
    rows, _ = bad.rows()
    if rows:
        fail(f"the impostor received {len(rows)} responses")
    if counts(kdir)["pending"] == 0:
        fail("responses were marked sent to an impostor")
    bad.kill()
    good.port = port
    good.start()
    sync_until_done(kdir, 3)
    verify(good, [kdir])


def mode_kill9(root):
    server = Server(root)
    server.start()
    # Every request trickles through the proxy, so a sync takes long enough to be killed mid-way.
    proxy = Proxy(server.port, root, seed=1, rates={"throttle": 1.0}, extra=["--throttle-bps", "400000"])
    rng = random.Random(int(os.environ.get("LP_SYNC_KILL_SEED", "9")))
    kdirs = [os.path.join(root, f"kiosk{i}") for i in range(2)]
    for k in kdirs:
        enrol(server, k, proxy.url())
    proxy.set_faults(True)
    rounds = int(os.environ.get("LP_SYNC_KILL_ROUNDS", "12"))
    kills = {"kiosk": 0, "server": 0, "mid_sync": 0}
    phases = []
    for r in range(rounds):
        t0 = time.time()
        fills = [spawn([KIOSK, "fill", "--data", k, "--count", "150", "--seed", str(r * 10 + i)],
                       stdout=subprocess.DEVNULL) for i, k in enumerate(kdirs)]
        for p in fills:
            if p.wait(timeout=120) != 0:
                fail("fill failed")
        t1 = time.time()
        procs = [spawn([KIOSK_CLI, "sync", "--data", k, "--attempts", "100000", "--no-question-set", *FAST],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for k in kdirs]
        time.sleep(rng.uniform(0.05, 0.8))
        if any(p.poll() is None for p in procs):
            kills["mid_sync"] += 1
        victim = rng.choice(["kiosk", "server", "both"])
        if victim in ("kiosk", "both"):
            for p in procs:
                p.kill()
            kills["kiosk"] += 1
        if victim in ("server", "both"):
            server.kill()
            kills["server"] += 1
            time.sleep(rng.uniform(0.0, 0.3))
            server.start()
        for p in procs:
            try:
                p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
                fail("a sync did not finish after the server came back")
        phases.append((round(t1 - t0, 2), round(time.time() - t1, 2)))
    log(f"fill/sync seconds per round: {phases}")
    log(f"kill -9 rounds: {rounds}, {kills}")
    if kills["mid_sync"] < rounds // 2:
        fail("too few kills landed during a sync to prove anything")
    for k in kdirs:
        sync_until_done(k, 5)
    verify(server, kdirs)


def mode_export_import(root):
    server, kdir = server_and_kiosk(root)
    if oct(os.stat(os.path.join(kdir, "device.json")).st_mode & 0o777) != "0o600":
        fail("device.json holds the token: it must be mode 0600")
    kiosk("fill", "--data", kdir, "--count", "40")
    pending = counts(kdir)["pending"]
    usb = os.path.join(root, "usb.json")
    kiosk("export", "--data", kdir, "--to", usb)
    if oct(os.stat(usb).st_mode & 0o777) != "0o600":
        fail("the export file must be readable by its owner only")
    with open(usb) as f:
        body = json.load(f)
    if len(body["items"]) != pending or body["device_id"] != device_id(kdir):
        fail("the export does not hold every pending row")
    if counts(kdir)["pending"] != pending:
        fail("exporting must not mark anything sent")
    for _ in range(2):  # importing twice stores nothing twice
        run([AGG, "import", "--data", server.data, "--assets", ASSETS, usb])
        rows, _ = server.rows()
        if len(rows) != pending:
            fail(f"after import the server holds {len(rows)} rows, expected {pending}")
    sync_until_done(kdir, 2)  # the sync then gets "duplicate" for each and marks them sent
    c = counts(kdir)
    if c["sent"] != pending:
        fail(f"after sync: {c}")
    verify(server, [kdir])


def mode_revoked(root):
    server, kdir = server_and_kiosk(root)
    kiosk("fill", "--data", kdir, "--count", "10")
    first = kiosk("sync", "--data", kdir).stdout
    second = kiosk("sync", "--data", kdir).stdout
    if "question set: unchanged" not in second:
        fail("second sync should find the question set unchanged: " + second)
    with open(os.path.join(server.data, "requests.log")) as f:
        log_lines = [line for line in f if "question-sets/current" in line]
    if not any('304' in line for line in log_lines):
        fail("the question-set poll never got a 304 (If-None-Match not sent?): " + "".join(log_lines[-2:]))
    log("question set: " + first.strip().splitlines()[-1] + " then a 304 on the next poll")
    run([AGG, "revoke", "--data", server.data, device_id(kdir)])
    kiosk("fill", "--data", kdir, "--count", "5")
    waiting = counts(kdir)["pending"]
    r = kiosk("sync", "--data", kdir, "--attempts", "5", *FAST, check=False)
    log("after revoke: " + r.stderr.strip())
    if r.returncode != 1 or "This kiosk was removed from the service: enrol it again" not in r.stderr:
        fail("a revoked kiosk must stop and say it needs enrolling again")
    if "batches 1" not in r.stdout:
        fail("a 401 must stop at once, not retry: " + r.stdout)
    if counts(kdir)["pending"] != waiting:
        fail("rows were touched after a 401")
    enrol(server, kdir)  # staff enrol again; the waiting answers go under the new device id
    sync_until_done(kdir, 2)
    rows, _ = server.rows()
    if len(rows) != len(kiosk_rows(kdir)) or len({(i, h) for _, i, h in rows}) != len(rows):
        fail("after re-enrolment the server must hold every response once")
    log(f"re-enrolled; server holds all {len(rows)} responses once")


def mode_enrol_retry(root):
    # The enrolment answer is lost on the way (the kiosk never saved it): staff type the same code
    # again, and the same kiosk gets the same device and token back. Another kiosk cannot.
    server = Server(root)
    server.start()
    kdir = os.path.join(root, "kiosk")
    code = server.code()
    ca = os.path.join(server.data, "tls.crt")
    kiosk("enrol", "--data", kdir, "--server", server.url(), "--code", code, "--ca", ca)
    key_mode = os.stat(os.path.join(kdir, "enrol.key")).st_mode & 0o777
    if key_mode != 0o600:
        fail("enrol.key must be readable by the kiosk only, got %o" % key_mode)
    with open(os.path.join(kdir, "device.json")) as f:
        first = json.load(f)
    os.unlink(os.path.join(kdir, "device.json"))  # as if the answer never arrived
    kiosk("enrol", "--data", kdir, "--server", server.url(), "--code", code, "--ca", ca)
    with open(os.path.join(kdir, "device.json")) as f:
        second = json.load(f)
    if second["device_id"] != first["device_id"] or second["token"] != first["token"]:
        fail("the retry must give the same device and token: %s / %s" % (first["device_id"], second["device_id"]))
    other = os.path.join(root, "other-kiosk")
    r = kiosk("enrol", "--data", other, "--server", server.url(), "--code", code, "--ca", ca, check=False)
    if r.returncode != 1 or "did not work" not in r.stderr:
        fail("another kiosk must not reuse a used code: " + r.stderr)
    kiosk("fill", "--data", kdir, "--count", "20")
    sync_until_done(kdir, 2)
    verify(server, [kdir])
    if len(run([AGG, "devices", "--data", server.data]).stdout.strip().splitlines()) != 2:  # header + one device
        fail("the retry must not add a second device")
    log("a lost enrolment answer: the same code gave the same device %s its token again" % second["device_id"])


def mode_cli(root):
    # Every binary: --help exits 0, a usage error exits 2 with one line on stderr.
    for exe, sub_args in ((PROXY, []), (KIOSK_CLI, ["enrol"]), (KIOSK_CLI, ["sync"]), (KIOSK_CLI, ["export"])):
        name = " ".join([os.path.basename(exe)] + sub_args)
        if run([exe] + sub_args + ["--help"]).returncode != 0:
            fail(f"{name} --help")
        r = run([exe] + sub_args + ["--no-such-option"], check=False)
        if r.returncode != 2 or len(r.stderr.strip().splitlines()) != 1:
            fail(f"{name} with a bad option: exit {r.returncode}, stderr {r.stderr!r}")
    if "lp-faultproxy" not in run([PROXY, "--version"]).stdout:
        fail("lp-faultproxy --version")
    r = run([PROXY, "--upstream", "10.0.0.1:443"], check=False, timeout=10)
    if r.returncode == 0 or "loopback" not in r.stderr:
        fail("the proxy must refuse a non-loopback upstream")
    r = run([PROXY, "--upstream", "127.0.0.1:1", "--status", "0.5"], check=False, timeout=10)
    if r.returncode != 2:
        fail("status faults without the server's TLS key are a usage error")
    kdir = os.path.join(root, "k")
    r = kiosk("sync", "--data", kdir, check=False)
    if r.returncode != 1 or "not enrolled" not in r.stderr:
        fail("sync of a kiosk that was never enrolled must say so and exit 1")
    r = kiosk("enrol", "--data", kdir, "--server", "http://192.0.2.1", "--code", "X", check=False)
    if r.returncode != 1 or "https://" not in r.stderr:
        fail("plain http off loopback must be refused: " + r.stderr)
    log("command lines behave")


def mode_too_large(root):
    # A server with a small body limit answers 413: the kiosk halves its batches until they fit.
    server = Server(root, conf_extra="max_body_bytes = 40000\n")
    server.start()
    kdir = os.path.join(root, "kiosk")
    enrol(server, kdir)
    kiosk("fill", "--data", kdir, "--count", "200")
    r = kiosk("sync", "--data", kdir, check=False)
    log("sync said: " + r.stdout.strip().splitlines()[0])
    if r.returncode != 0:
        fail("sync against a small body limit: " + r.stdout + r.stderr)
    with open(os.path.join(server.data, "requests.log")) as f:
        if not any('413' in line for line in f):
            fail("the server never answered 413, so halving was not tested")
    verify(server, [kdir])


def mode_conflict(root):
    # The same id with other bytes (a restored backup, a bug) is a conflict: the server keeps the
    # first, the kiosk holds its copy back in quarantine with the reason, and staff can see it.
    import hashlib
    server, kdir = server_and_kiosk(root)
    kiosk("fill", "--data", kdir, "--count", "5")
    kiosk("sync", "--data", kdir)
    db = sqlite3.connect(os.path.join(kdir, "kiosk.db"))
    victim = db.execute("SELECT id FROM outbox ORDER BY seq LIMIT 1").fetchone()[0]
    other = os.urandom(120)
    db.execute("UPDATE outbox SET state = 'pending', sealed = ?, sha256 = ? WHERE id = ?",
               (other, hashlib.sha256(other).hexdigest(), victim))
    db.commit()
    db.close()
    r = kiosk("sync", "--data", kdir, check=False)
    log("sync said: " + " | ".join(r.stdout.strip().splitlines()))
    if r.returncode != 0 or f"held back {victim}:" not in r.stdout or "quarantined 1" not in r.stdout:
        fail("the conflicting row must be held back with its reason")
    c = counts(kdir)
    if c["quarantined"] != 1 or c["pending"] != 0:
        fail(f"after a conflict: {c}")
    rows, _ = server.rows()
    original = [h for _, i, h in rows if i == victim]
    if len(original) != 1 or original[0] == hashlib.sha256(other).hexdigest():
        fail("the server must keep the first copy and never overwrite it")


def main():
    modes = {"conflict": mode_conflict, "too-large": mode_too_large, "cli": mode_cli, "revoked": mode_revoked, "faults": mode_faults, "outage": mode_outage, "wrong-pin": mode_wrong_pin, "kill9": mode_kill9,
             "export-import": mode_export_import, "enrol-retry": mode_enrol_retry}
    if MODE not in modes or not os.path.isdir(BUILD):
        sys.stderr.write("usage: sync_e2e.py BUILD_DIR faults|outage|wrong-pin|kill9|export-import|revoked|too-large|conflict|cli|enrol-retry\n")
        return 2
    for exe in (AGG, KIOSK, PROXY):
        if not os.access(exe, os.X_OK):
            sys.stderr.write(f"missing {exe}\n")
            return 1
    root = tempfile.mkdtemp(prefix=f"lp-sync-{MODE}-", dir=os.environ.get("TMPDIR", "/tmp"))
    ok = False
    try:
        modes[MODE](root)
        ok = True
        log(f"{MODE}: PASS")
        return 0
    finally:
        cleanup()
        if ok or not os.environ.get("LP_KEEP_TMP"):
            shutil.rmtree(root, ignore_errors=True)
        else:
            log(f"kept {root}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the cleanup in main's finally
    sys.exit(main())
