#!/usr/bin/python3
"""Keyboard-only use of the dashboard in headless Chromium (the manual checks of
docs/accessibility-statement.md, made repeatable).

Starts a real `lp-aggregator` filled through the real enrol + sealed-batch path (the Dashboard
helper of dashboard_browser_test.py), then, with the Tab and Enter keys only:
- logs in (user name, password, the button);
- on each manager page: the first Tab lands on a visible "skip to content" link, Enter moves to
  the main content, and the next Tab is inside it (or after it, when it has no control);
- walks the page with Tab to its end: no element takes focus out of reading order (no positive
  tabindex, each focus after the last in the document), every focused element shows a focus
  indicator (an outline or box shadow, measured from its computed style), and focus leaves the
  page within a bounded number of presses (no keyboard trap);
- takes screenshots (BUILD/screenshots/keyboard-*.png) of the skip link and of a focused control.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_browser_test import PASSWORD, Failure, check, parse_args, run_with_dashboard  # noqa: E402

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

PAGES = ["/", "/comments", "/to-read", "/safeguarding", "/devices", "/replies", "/audit", "/themes/personal-advisers",
         "/history", "/reach", "/actions", "/evidence"]
MAX_TABS = 400

# What the focused element is and how its focus shows (computed style while focused).
DESCRIBE = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const s = getComputedStyle(e);
const r = e.getBoundingClientRect();
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
const shadow = s.boxShadow && s.boxShadow !== 'none';
return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.value || e.name || e.id || '').trim().slice(0, 40),
        href: e.getAttribute('href') || '', cls: e.className || '', indicator: outline || shadow,
        outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
        ringColours: [s.outlineColor, s.boxShadow || ''].join(' '),
        pageColour: getComputedStyle(document.body).backgroundColor,
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth,
        inMain: !!e.closest('main'), tabindex: e.getAttribute('tabindex'),
        // at or after the start of main: inside it, or past it when main has nothing to focus
        pastSkip: !!document.querySelector('main') && (document.querySelector('main').contains(e) ||
                  !!(document.querySelector('main').compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING))};
"""
def _luminance(rgb):
    def channel(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _colours(text):
    import re
    return [tuple(int(float(v)) for v in m.groups()[:3])
            for m in re.finditer(r"rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)", text)]


def ring_contrast(f):
    """The best contrast (WCAG formula) of any colour in the focus ring against the page."""
    page = _colours(f["pageColour"]) or [(255, 255, 255)]
    lp = _luminance(page[0])
    best = 0.0
    for c in _colours(f["ringColours"]):
        lc = _luminance(c)
        hi, lo = max(lc, lp), min(lc, lp)
        best = max(best, (hi + 0.05) / (lo + 0.05))
    return best


# Whether a (the previous) element comes before the focused one in document order.
MARK = "document.activeElement && document.activeElement.setAttribute('data-kb-prev', '1');"
AFTER_PREV = """
const prev = document.querySelector('[data-kb-prev]');
const e = document.activeElement;
if (prev) prev.removeAttribute('data-kb-prev');
if (prev && prev === e) return 'same';  // within one control: a date field's day, month and year
if (!prev || !e) return true;
return !!(prev.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
"""


def tab(d, shift=False):
    chain = ActionChains(d)
    if shift:
        chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT)
    else:
        chain.send_keys(Keys.TAB)
    chain.perform()


def shot(d, shots, name):
    d.save_screenshot(os.path.join(shots, name + ".png"))


def keyboard_login(d, base):
    d.get(base + "/login")
    # Tab to the user name field: every stop before it must be a link (skip link, language links).
    for _ in range(20):
        tab(d)
        f = d.execute_script(DESCRIBE)
        if f and f["tag"] == "input":
            break
    else:
        raise Failure("Tab never reached the user name field on /login")
    ActionChains(d).send_keys("alice").perform()
    tab(d)
    ActionChains(d).send_keys(PASSWORD).perform()
    ActionChains(d).send_keys(Keys.ENTER).perform()
    deadline = time.time() + 10
    while time.time() < deadline and "/login" in d.current_url:
        time.sleep(0.1)
    check("/login" not in d.current_url, "logging in with the keyboard alone failed: still at " + d.current_url)


def walk_page(d, base, path, shots):
    """Skip link, tab order, focus indicators and no trap on one page; returns the number of stops."""
    d.get(base + path)
    check(d.execute_script("return document.querySelectorAll('[tabindex]:not([tabindex=\"-1\"]):not([tabindex=\"0\"])').length") == 0,
          path + ": an element has a positive tabindex (focus out of reading order)")
    tab(d)
    first = d.execute_script(DESCRIBE)
    check(first and first["href"] == "#main", "%s: the first Tab is not the skip link: %r" % (path, first))
    check(first["visible"], path + ": the skip link does not appear on screen when focused")
    check(first["indicator"], path + ": the skip link shows no focus indicator")
    name = "keyboard" + (path.replace("/", "-") if path != "/" else "-matrix")
    shot(d, shots, name + "-skip-link")
    ActionChains(d).send_keys(Keys.ENTER).perform()
    tab(d)
    after_skip = d.execute_script(DESCRIBE)
    # The next Tab is the first control of the main content (or, on a page whose main content has
    # none, the first one after it): never back in the header's navigation.
    check(after_skip and after_skip["pastSkip"],
          "%s: after the skip link, the next Tab is not in or after the main content: %r" % (path, after_skip))
    # Walk from the top of the page to its end.
    d.get(base + path)
    stops = []
    shot_taken = False
    for _ in range(MAX_TABS):
        d.execute_script(MARK)
        tab(d)
        f = d.execute_script(DESCRIBE)
        in_order = d.execute_script(AFTER_PREV)
        if f is None:  # focus left the document: the end of the page
            break
        if in_order == "same":  # Tab moved between a date field's parts; the browser marks the part
            continue
        if stops and f["href"] == "#main" and f["tag"] == "a":
            break  # wrapped round to the skip link
        check(in_order, "%s: focus moved backwards in the document at %r" % (path, f))
        check(f["indicator"], "%s: no focus indicator on %r (outline %s)" % (path, f, f["outline"]))
        # WCAG 1.4.11: some part of the focus ring stands 3:1 against the page.
        check(ring_contrast(f) >= 3.0, "%s: focus ring %s is below 3:1 against the page %s" %
              (path, f["ringColours"], f["pageColour"]))
        stops.append(f)
        if not shot_taken and f["inMain"] and f["tag"] in ("a", "button", "select", "input"):
            shot(d, shots, name + "-focused-control")
            shot_taken = True
    else:
        raise Failure("%s: focus did not leave the page after %d Tab presses (a keyboard trap?)" % (path, MAX_TABS))
    # Shift+Tab goes back to where it came from.
    if len(stops) >= 2:
        d.get(base + path)
        tab(d)
        tab(d)
        tab(d, shift=True)
        back = d.execute_script(DESCRIBE)
        check(back and back["href"] == "#main", "%s: Shift+Tab did not return to the skip link: %r" % (path, back))
    return len(stops)


def main():
    args = parse_args(["aggregator", "seed", "assets", "build"], ["keep"])

    def walks(dash, shots, open_driver):
        dash.seed("Dewsbury drop-in", 60, 1)
        dash.wait_indexed(60)
        driver = open_driver()
        keyboard_login(driver, dash.base)
        report = []
        for path in PAGES:
            report.append("%s %d stops" % (path, walk_page(driver, dash.base, path, shots)))
        print("ok: keyboard only: login; skip link, tab order, focus indicators and no trap on: %s; screenshots in %s"
              % (", ".join(report), shots))
        return 0

    return run_with_dashboard(args, "lp-dash-kb-", "keyboard-failure", walks)


if __name__ == "__main__":
    sys.exit(main())
