#!/usr/bin/python3
"""Dashboard end-to-end test in a real browser.

Starts a real `lp-aggregator` (init, add-manager, import-report, serve on a free loopback port),
fills it through the real enrol + sealed-batch path (lp_dashboard_seed), then drives headless
Chromium with selenium: log in, matrix, filter, theme page, comments, To read (bulk and one by
one), safeguarding acknowledgement, CSV export, devices, replies, evidence pack, audit log, logout; a viewer is
refused manager routes; small groups are suppressed. Every page is checked with axe-core (zero
serious/critical violations) at phone (390 px) and desktop (1366 px) widths, and screenshots go
to BUILD/screenshots/.
"""
import json
import os
import re
import shutil
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_support import Failure, check, parse_args  # noqa: E402,F401  (Failure and check: for the keyboard test too)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

PASSWORD = "correct horse battery"


def page_replaced(old):
    """A wait condition: the page that held `old` has gone. EC.staleness_of, except that
    chromedriver sometimes answers a check made mid-navigation with "Node with given id does not
    belong to the document" instead of a stale-element error; that means the same thing."""
    def gone(_driver):
        try:
            return EC.staleness_of(old)(_driver)
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return gone
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60, **kw)


def install_axe(build):
    """npm install axe-core into the build dir (once); returns the axe.min.js source."""
    prefix = os.path.join(build, "e2e-node")
    path = os.path.join(prefix, "node_modules", "axe-core", "axe.min.js")
    if not os.path.exists(path):
        try:
            subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent",
                            "--fetch-retries=1", "--fetch-timeout=30000", "axe-core@4"],
                           check=True, capture_output=True, text=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as e:
            detail = getattr(e, "stderr", "") or str(e)
            print("WARNING: could not install axe-core from the npm registry (offline?): " + detail.strip()[-300:] +
                  "\nThe accessibility checks are SKIPPED. Run `npm install --prefix %s axe-core@4` once with network"
                  " access, then re-run." % prefix, file=sys.stderr)
            return None
    with open(path, encoding="utf-8") as f:
        return f.read()


class Dashboard:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.data = os.path.join(work, "data")
        self.server = None
        self.base = None

    def agg(self, *argv, stdin=None):
        return run([self.args.aggregator, *argv], input=stdin)

    def start(self):
        a = self.args
        self.agg("init", "--data", self.data)
        self.agg("add-manager", "--data", self.data, "--user", "alice", stdin=PASSWORD + "\n")
        self.agg("add-manager", "--data", self.data, "--user", "victor", "--role", "viewer", stdin=PASSWORD + "\n")
        out = self.agg("import-report", "--data", self.data, "--assets", a.assets,
                       os.path.join(a.assets, "themes", "kirklees.json")).stdout
        check("reports" in out, "import-report said: " + out)
        self.log = open(os.path.join(self.work, "server.log"), "w")
        self.server = subprocess.Popen([a.aggregator, "serve", "--data", self.data, "--listen", "127.0.0.1:0",
                                        "--assets", a.assets], stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.server.stdout.readline().strip()
        m = re.match(r"listening on (https://127\.0\.0\.1:\d+)", line)
        check(m, "server did not start: " + line)
        self.base = m.group(1)

    def seed(self, site, count, seed):
        out = self.agg("enrol-code", "--data", self.data, "--site", site).stdout
        code = re.search(r"^code: (\S+)", out, re.M).group(1)
        run([self.args.seed, "--url", self.base, "--code", code, "--count", str(count), "--seed", str(seed),
             "--name", site + " kiosk"])

    def wait_indexed(self, total):
        deadline = time.time() + 30
        while time.time() < deadline:
            db = sqlite3.connect("file:%s?mode=ro" % os.path.join(self.data, "aggregator.db"), uri=True, timeout=5)
            try:
                row = db.execute("SELECT value FROM dash_state WHERE key = 'cursor'").fetchone()
                n = db.execute("SELECT count(*) FROM responses").fetchone()[0]
            finally:
                db.close()
            if row and int(row[0]) >= n == total:
                return
            time.sleep(0.3)
        raise Failure("the background indexer did not catch up within 30 s")

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


def make_driver(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--ignore-certificate-errors", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                 "--window-size=1366,900"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


class Browser:
    def __init__(self, driver, base, axe, shots, args=None, work=None):
        self.args = args
        self.work = work
        self.d = driver
        self.base = base
        self.axe = axe
        self.shots = shots
        self.checked = []

    def get(self, path):
        self.d.get(self.base + path)

    def source(self):
        return self.d.page_source

    def set_width(self, name):
        w, h = WIDTHS[name]
        self.d.set_window_size(w, h)
        # Headless window size includes no chrome; also pin the layout viewport for screenshots.
        self.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": name == "phone"})

    def screenshot(self, name):
        import base64
        metrics = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = int(size["width"])
        height = min(int(size["height"]), 6000)
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        with open(os.path.join(self.shots, name + ".png"), "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def check_page(self, name):
        """Static checks (no inline script/style), axe-core, screenshots at both widths."""
        html = self.source()
        check(not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name + ": inline <script> found")
        check(not re.search(r"\sstyle=", html), name + ": inline style attribute found")
        check("<h1" in html, name + ": no h1")
        for width in ("phone", "desktop"):
            self.set_width(width)
            if self.axe is None:
                self.screenshot("dashboard-%s-%s" % (name, width))
                continue
            self.d.execute_script(self.axe)
            result = self.d.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations))"
                ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
            bad = [v for v in result if v.get("impact") in ("serious", "critical")]
            if bad:
                details = "; ".join("%s (%s): %s at %s" % (v["id"], v["impact"], v["help"],
                                                          [n.get("target") for n in v["nodes"][:3]]) for v in bad)
                raise Failure("%s at %s: axe-core found serious violations: %s" % (name, width, details))
            self.screenshot("dashboard-%s-%s" % (name, width))
        self.set_width("desktop")
        # Network 4xx answers are part of the journey (a wrong password is a 401); CSP refusals and
        # script errors are not.
        errors = [e for e in self.d.get_log("browser") if e.get("level") == "SEVERE" and
                  (e.get("source") != "network" or "Content Security Policy" in e.get("message", ""))]
        check(not errors, name + ": browser console errors (CSP?): %s" % errors)
        self.checked.append(name)

    def login(self, user):
        self.get("/login")
        self.d.find_element(By.ID, "user").send_keys(user)
        self.d.find_element(By.ID, "password").send_keys(PASSWORD)
        self.submit(self.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
        check("Log out" in self.source(), "login as %s failed: %s" % (user, self.d.current_url))

    def submit(self, button):
        """Clicks a submit button and waits for the next page to load."""
        old = self.d.find_element(By.TAG_NAME, "html")
        button.click()
        WebDriverWait(self.d, 15).until(page_replaced(old))
        WebDriverWait(self.d, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def fetch(self, path):
        """Fetches a path with the browser's own session (same origin): (status, text)."""
        return self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'})"
            ".then(r => r.text().then(t => done([r.status, t]))).catch(e => done([0, String(e)]));", path)

    def logout(self):
        self.submit(self.d.find_element(By.CSS_SELECTOR, ".who form button"))
        check("/login" in self.d.current_url, "logout did not land on the login page")


def manager_journey(b):
    b.get("/login")
    b.check_page("login")
    # A wrong password is refused.
    b.d.find_element(By.ID, "user").send_keys("alice")
    b.d.find_element(By.ID, "password").send_keys("wrong password!")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    check("not right" in b.source(), "a wrong password was not refused")
    b.login("alice")

    # Matrix: grouped by judgement area, with findings, figures, sparklines and status words.
    html = b.source()
    check("The experiences and progress of care leavers" in html, "matrix: no care leavers group")
    check("<svg class=\"spark\"" in html, "matrix: no sparkline")
    check(re.search(r"Young people (agree|disagree)|Mixed", html), "matrix: no status word")
    check("safeguarding" in html and "need" in html, "matrix: unacknowledged safeguarding count missing")
    b.check_page("matrix")

    # Comments no theme holds yet: counted (rounded) on the matrix, one click from their filter.
    check(re.search(r"\b\d+ comments are not linked to any theme yet", html), "matrix: no count of unlinked comments")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "p.unlinked a"))
    check("unlinked=1" in b.d.current_url, "the unlinked count went to " + b.d.current_url)
    check(b.d.find_element(By.ID, "f-unlinked").is_selected(), "comments: 'No theme yet' is not ticked")
    quotes = [e.text for e in b.d.find_elements(By.CSS_SELECTOR, "ol.comments blockquote")]
    check(any("nothing else to say" in q for q in quotes), "No theme yet: the unlinked comment is missing")
    check(not any("PA never rings back" in q for q in quotes), "No theme yet lists a linked comment")
    b.check_page("comments-unlinked")
    b.get("/")

    # Filter by site (the select submits the form through dashboard.js).
    old = b.d.find_element(By.TAG_NAME, "html")
    Select(b.d.find_element(By.ID, "f-site")).select_by_visible_text("Dewsbury drop-in")
    WebDriverWait(b.d, 15).until(page_replaced(old))
    check("site=Dewsbury" in b.d.current_url, "filter did not apply: " + b.d.current_url)
    check(re.search(r"Young people (agree|disagree)|>Mixed<", b.source()), "a 160-response site shows no figures")
    old = b.d.find_element(By.TAG_NAME, "html")
    Select(b.d.find_element(By.ID, "f-site")).select_by_visible_text("Batley small group")
    WebDriverWait(b.d, 15).until(page_replaced(old))
    check("fewer than 5" in b.source() and "Not enough answers yet" in b.source(),
          "small site was not suppressed on the matrix")
    status, body = b.fetch("/api/v1/dashboard/matrix?site=Batley+small+group")
    data = json.loads(body)
    check(status == 200 and all(t["suppressed"] and t["mean_score"] is None for t in data["themes"]),
          "matrix JSON leaks a small group")
    b.get("/")

    # Theme page.
    b.submit(next(e for e in b.d.find_elements(By.CSS_SELECTOR, "table.matrix th a") if "adviser" in e.text.lower()))
    html = b.source()
    check("/themes/personal-advisers" in b.d.current_url, "theme link went to " + b.d.current_url)
    check("<svg class=\"bars\"" in html and "What inspectors found" in html, "theme page: no bar chart or findings")
    check("matched:" in html and "<mark>" in html, "theme page: comments without matched words")
    check("Batley small group ·" not in html, "a comment names a site with fewer than 5 responses")
    b.check_page("theme")

    # Comments: escaping of <script>, quotes and emoji; correct a link.
    # Raw server HTML (fetch), not the browser's re-serialised DOM.
    status, html = b.fetch("/comments?q=script")
    check(status == 200 and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and "<script>alert" not in html,
          "comment HTML was not escaped")
    status, html = b.fetch("/comments?q=listen")
    check("Staff &quot;listen&quot; but nothing changes 😕" in html, "quotes/emoji not escaped/kept")
    b.get("/comments?q=script")
    check(b.d.find_element(By.CSS_SELECTOR, "ol.comments blockquote").text.startswith("<script>"),
          "escaped comment not shown as text")
    b.get("/comments")
    b.check_page("comments")
    Select(b.d.find_element(By.CSS_SELECTOR, "form.add-link select")).select_by_value("somewhere-to-live")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form.add-link button"))
    check("Link added" in b.source(), "link correction failed")

    # To read: every comment waits until someone marks it read, flagged ones on top; ticked comments
    # are marked read in bulk (unflagged only, there are no boxes on flagged ones), flagged one by one.
    b.get("/to-read")
    html = b.source()
    m = re.search(r"<strong>(\d+)</strong> comments to read", html)
    check(m is not None, "To read: no count of comments to read")
    before = int(m.group(1))
    items = b.d.find_elements(By.CSS_SELECTOR, "ol.to-read > li")
    check(len(items) > 0, "To read is empty")
    check("flagged" in (items[0].get_attribute("class") or ""), "To read: a flagged comment is not on top")
    check(not b.d.find_elements(By.CSS_SELECTOR, "ol.to-read > li.flagged input[type=checkbox]"),
          "To read: a flagged comment can be ticked for bulk marking")
    b.check_page("to-read")
    boxes = b.d.find_elements(By.CSS_SELECTOR, "ol.to-read input[type=checkbox]")
    check(len(boxes) >= 2, "To read: fewer than two unflagged comments to tick")
    boxes[0].click()
    boxes[1].click()
    b.submit(b.d.find_element(By.CSS_SELECTOR, "button[name=bulk]"))
    check("Marked read" in b.source(), "To read: bulk marking failed")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "ol.to-read > li.flagged button[name=one]"))
    check("Marked read" in b.source(), "To read: marking a flagged comment read failed")
    m = re.search(r"<strong>(\d+)</strong> comments? to read", b.source())
    check(m is not None and int(m.group(1)) == before - 3, "To read: the count did not drop by 3")

    # Safeguarding: acknowledge the newest item with a note.
    b.get("/safeguarding")
    before = len(b.d.find_elements(By.CSS_SELECTOR, "ol.queue > li"))
    check(before > 0, "safeguarding queue empty")
    check("step dad hits me" in b.source(), "scan hit missing from the queue")
    b.check_page("safeguarding")
    first = b.d.find_element(By.CSS_SELECTOR, "ol.queue > li textarea")
    first.send_keys("Called the hub manager; young person seen today.")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "ol.queue > li form button"))
    check("Acknowledged" in b.source(), "acknowledgement failed")
    check(len(b.d.find_elements(By.CSS_SELECTOR, "ol.queue > li")) == before - 1, "item still waiting after ack")

    # CSV export (hour-rounded time and site only; small groups suppressed).
    status, csv = b.fetch("/evidence.csv")
    check(status == 200 and csv.startswith("kind,theme,title"), "CSV export failed: %s %s" % (status, csv[:80]))
    check("dev-" not in csv, "CSV names a device")
    check(not re.search(r"T\d\d:[0-5][1-9]:", csv), "CSV has exact times")
    status, small = b.fetch("/evidence.csv?site=Batley+small+group")
    check("fewer than 5" in small and "comment," not in small, "CSV leaks a small group")
    check("Batley" not in csv.replace("Batley small group,", ""), "CSV comment names a small site")
    with open(os.path.join(b.shots, "dashboard-evidence.csv"), "w", encoding="utf-8") as f:
        f.write(csv)

    # Evidence pack, devices (enrolment code), replies, audit log.
    b.get("/evidence")
    b.check_page("evidence")
    b.get("/devices")
    b.d.find_element(By.ID, "site").send_keys("Cleckheaton hub")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/devices/enrol-code'] button"))
    check("Enrolment code for Cleckheaton hub" in b.source(), "no enrolment code made")
    b.check_page("devices")
    b.get("/replies")
    Select(b.d.find_element(By.ID, "theme")).select_by_value("personal-advisers")
    b.d.find_element(By.ID, "text").send_keys("You said PAs don't ring back. We now answer within one working day.")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/replies'] button"))
    check("Reply saved" in b.source(), "reply not saved")
    b.check_page("replies")
    # Since the last inspection: every imported report oldest first, grades by area, the points.
    b.get("/history")
    html = b.source()
    check("Since the last inspection" in html and "Grades by area" in html, "history page: no grades table")
    check(html.find("2011-08-11") < html.find("2019-06-21"), "history page: reports not oldest first")
    check("Requires improvement to be good" in html and "What needs to improve" in html,
          "history page: grades or improvement points missing")
    b.check_page("history")

    # Upload a report's PDF (made by lp-make-report), see what was found, confirm; it joins the history.
    pdf = os.path.join(b.work, "brackenfield.pdf")
    run([b.args.make_report, "--pdf", pdf, "--header", "Brackenfield inspection of children's social care services",
         os.path.join(b.args.assets, "..", "tests", "data", "reports", "train", "brackenfield-2018-ilacs-standard.txt")])
    b.get("/reports/upload")
    b.check_page("upload")
    b.d.find_element(By.ID, "report").send_keys(pdf)
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/reports/upload'] button"))
    html = b.source()
    check("What was found in brackenfield.pdf" in html and "Improvement points" in html,
          "upload: nothing shown for the PDF: " + b.d.current_url)
    b.check_page("upload-found")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/reports/upload/confirm'] button"))
    html = b.source()
    check("/history" in b.d.current_url and "Report imported" in html, "upload: not confirmed")
    check("Brackenfield" in html or "brackenfield" in html, "upload: the report is not on the history page")
    b.get("/audit")
    html = b.source()
    for action in ("login", "acknowledged safeguarding item", "exported evidence CSV", "viewed safeguarding queue",
                   "marked comments read", "marked comment read"):
        check(action in html, "audit log lacks '%s'" % action)
    b.check_page("audit")
    b.logout()
    b.get("/comments")
    check("/login" in b.d.current_url, "a logged-out browser reached /comments")


def reporting_journey(b):
    """Reach with cohort sizes entered through its form, the board pack download, the action tracker."""
    b.login("alice")
    b.get("/reach")
    quarter = b.d.find_element(By.ID, "c-quarter").get_attribute("value")
    for site, size in (("Dewsbury drop-in", "400"), ("Huddersfield hub", "200"), ("Batley small group", "60")):
        field = b.d.find_element(By.ID, "c-site")
        field.clear()
        field.send_keys(site)
        b.d.find_element(By.ID, "c-size").send_keys(size)
        b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/reach/cohorts'] button"))
        check("Cohort size saved" in b.source(), "cohort for %s not saved" % site)
    html = b.source()
    # The seeds spread over months: each site's count this quarter, with its rate beside it.
    check(re.search(r"Dewsbury drop-in</th><td[^>]*>\d+ \(\d+%\)", html) and
          re.search(r"Huddersfield hub</th><td[^>]*>\d+ \(\d+%\)", html), "reach: rates beside counts missing")
    check("not hearing enough from" in html, "reach: the small site under 20% is not flagged")
    check("Batley small group" in html and "fewer than 5" in html, "reach: small site not suppressed")
    b.check_page("reach")
    status, body = b.fetch("/board-pack.pdf?quarter=" + quarter)
    check(status == 200 and body.startswith("%PDF-"), "board pack download failed: %s" % status)
    b.get("/actions")
    b.d.find_element(By.ID, "new-title").send_keys("Advisers answer messages within two working days")
    b.d.find_element(By.ID, "new-young").send_keys("Your PA now answers within two days")
    b.d.find_element(By.ID, "new-owner").send_keys("Leaving care team")
    b.d.execute_script("document.getElementById('new-due').value = '2020-01-31'")
    Select(b.d.find_element(By.ID, "new-themes")).select_by_value("personal-advisers")
    b.submit(b.d.find_element(By.CSS_SELECTOR, "form[action='/actions'] button"))
    check("Action added" in b.source(), "action not added")
    check("overdue" in b.source(), "an action past its due date is not marked overdue")
    b.check_page("actions")
    b.logout()


def viewer_journey(b):
    b.login("victor")
    check("Comments" not in b.d.find_element(By.TAG_NAME, "nav").text, "viewer sees the comments link")
    for path in ("/comments", "/to-read", "/safeguarding", "/evidence.csv", "/devices", "/replies", "/audit",
                 "/evidence"):
        status, body = b.fetch(path)
        check(status == 403, "viewer got %s for %s" % (status, path))
    b.get("/themes/personal-advisers")
    check("What young people wrote" not in b.source(), "viewer sees comments on the theme page")
    b.get("/safeguarding")
    check("Managers only" in b.source(), "viewer page for /safeguarding")
    b.check_page("viewer-denied")
    b.logout()


def kiosk_replies(dash):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    req = urllib.request.Request(dash.base + "/api/v1/you-said-we-did", headers={"Authorization": "Bearer " + "0" * 64})
    try:
        urllib.request.urlopen(req, context=ctx, timeout=10)
        raise Failure("you-said-we-did accepted a bad token")
    except urllib.error.HTTPError as e:
        check(e.code == 401, "you-said-we-did without a valid token gave %s" % e.code)
    head = urllib.request.urlopen(urllib.request.Request(dash.base + "/login"), context=ctx, timeout=10)
    csp = head.headers.get("Content-Security-Policy", "")
    check("default-src 'self'" in csp and "unsafe-inline" not in csp, "weak CSP: " + csp)


def run_with_dashboard(args, prefix, failure_shot, body):
    """Starts a dashboard in a fresh work folder and returns body(dash, shots, open_driver)'s exit code,
    or 1 on a Failure (with a screenshot named failure_shot); stops everything either way."""
    shots = os.path.join(args.build, "screenshots")
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("TMPDIR"))
    dash = Dashboard(args, work)
    drivers = []

    def open_driver():
        drivers.append(make_driver(os.path.join(work, "chromium-profile")))
        return drivers[-1]

    try:
        dash.start()
        return body(dash, shots, open_driver)
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
        if drivers:
            try:
                drivers[-1].save_screenshot(os.path.join(shots, failure_shot + ".png"))
                print("at %s (screenshot %s.png)" % (drivers[-1].current_url, failure_shot), file=sys.stderr)
            except Exception:
                pass
        return 1
    finally:
        for driver in drivers:
            driver.quit()
        dash.stop()
        if args.keep:
            print("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def main():
    args = parse_args(["aggregator", "seed", "assets", "build", "make-report"], ["keep"])
    started = time.time()

    def journeys(dash, shots, open_driver):
        axe = install_axe(args.build)
        dash.seed("Dewsbury drop-in", 160, 1)
        dash.seed("Huddersfield hub", 90, 2)
        dash.seed("Batley small group", 3, 3)
        dash.wait_indexed(253)
        driver = open_driver()
        driver.set_script_timeout(30)
        b = Browser(driver, dash.base, axe, shots, args, dash.work)
        manager_journey(b)
        reporting_journey(b)
        viewer_journey(b)
        kiosk_replies(dash)
        if axe is None:
            print("SKIPPED accessibility (axe-core not installed); everything else passed: %s" % ", ".join(b.checked))
            return 77
        print("ok: pages checked with axe-core at 390 and 1366 px: %s; screenshots in %s; %.1f s" %
              (", ".join(b.checked), shots, time.time() - started))
        return 0

    return run_with_dashboard(args, "lp-dash-e2e-", "dashboard-failure", journeys)


if __name__ == "__main__":
    sys.exit(main())
