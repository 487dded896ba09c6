"""Every main page of every role, in Persian and in English, visited once and checked four ways:

- axe-core (vendored in ``tests/browser/vendor/axe-core``) finds no serious or critical WCAG 2.1 A/AA issue;
- at 375 px (a phone) nothing makes the page scroll sideways;
- on Persian pages no Latin digit shows, except inside identifiers marked ``class="identifier"``;
- at 1366 px the header (with the grouped staff menus) fits on one line.

The pages are listed in ``main_pages.py``; the walk runs once per module and the tests read its findings.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.helpers import log_in
from tests.browser.main_pages import DEMO_PASSWORD, PUBLIC, main_pages

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 800}
LANGUAGES = {"fa": "fa-IR", "en": "en-GB"}

AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}"""

# What a reader sees: text outside scripts and identifiers, the text boxes' values, the options of lists.
LATIN_DIGITS = r"""() => {
  const skip = (el) => el.closest("script, style, noscript, template, .identifier");
  const found = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // A Latin digit, or a Latin point or comma inside a Persian number ("۱۲.۰۰").
    if (/[0-9]|[۰-۹][.,][۰-۹]/.test(node.textContent) && !skip(node.parentElement)) {
      found.push(node.textContent.trim().slice(0, 60));
    }
  }
  const labelled = "input:not([type=hidden]), [title], [placeholder], [aria-label]";
  for (const el of document.querySelectorAll(labelled)) {
    if (skip(el)) continue;
    // A tick box's or a choice's value is sent, never shown: its label is read as text above.
    const shown = el.matches("input:not([type=checkbox], [type=radio])");
    for (const value of [shown ? el.value : "", el.getAttribute("title"),
                         el.getAttribute("placeholder"), el.getAttribute("aria-label")]) {
      if (value && /[0-9]|[۰-۹][.,][۰-۹]/.test(value)) {
        found.push(`${el.tagName.toLowerCase()}: ${value.slice(0, 60)}`);
      }
    }
  }
  return found;
}"""

OVERFLOW = """async () => {
  // Charts follow their box on the next frames (ResizeObserver); measure once they have.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))));
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // Name the widest elements that stick out, innermost first, to say what to fix.
  return [...document.querySelectorAll("body *")]
    .filter((el) => { const box = el.getBoundingClientRect();
                      return box.width > 0 && (box.right > width + 1 || box.left < -1); })
    .filter((el) => !el.closest(".table-scroll, .overflow-auto, .table-responsive"))
    .slice(-3)
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].join(".")}`
                 + ` (${Math.round(el.getBoundingClientRect().width)} px)`)
    .concat([`page ${document.documentElement.scrollWidth} px`]);
}"""


# The header's entries (links, menus, bell, language switch) all sit on one line.
NAVIGATION_LINES = """() => new Set([...document.querySelectorAll("#main-nav > .navbar-nav > .nav-item")]
  .map((item) => {
    const box = item.getBoundingClientRect();
    return Math.round(box.top + box.height / 2);
  })).size"""


@dataclass
class Findings:
    """What the walk saw on each page, keyed by ``'<language> <username> <path>'``."""

    visited: list[str] = field(default_factory=list)
    accessibility: dict[str, list[str]] = field(default_factory=dict)
    overflow: dict[str, list[str]] = field(default_factory=dict)
    latin_digits: dict[str, list[str]] = field(default_factory=dict)
    gregorian_pickers: dict[str, int] = field(default_factory=dict)
    navigation_lines: dict[str, int] = field(default_factory=dict)


def _visit(page, language: str, who: str | None, path: str, findings: Findings) -> None:
    key = f"{language} {who or 'public'} {path}"
    findings.visited.append(key)
    page.set_viewport_size(DESKTOP)
    response = page.goto(path)
    assert response is not None and response.ok, f"{key} answered {response and response.status}"
    page.wait_for_load_state("load")
    if (lines := page.evaluate(NAVIGATION_LINES)) != 1:
        findings.navigation_lines[key] = lines
    page.add_script_tag(path=str(AXE))
    if violations := page.evaluate(AXE_RUN):
        findings.accessibility[key] = violations
    if language == "fa" and (digits := page.evaluate(LATIN_DIGITS)):
        findings.latin_digits[key] = digits
    if language == "fa" and (pickers := page.locator("input[type=date], input[type=datetime-local]").count()):
        findings.gregorian_pickers[key] = pickers
    page.set_viewport_size(PHONE)
    if overflowing := page.evaluate(OVERFLOW):
        findings.overflow[key] = overflowing


@pytest.fixture(scope="module")
def findings(chromium, live_server, django_db_setup, django_db_blocker) -> Findings:
    """Seed the demo, then open every main page of every role in both languages (one tab per person)."""
    with django_db_blocker.unblock():
        try:
            call_command("seed_demo", stdout=io.StringIO())
            return _walk(chromium, live_server.url, main_pages())
        finally:
            # The other browser tests start from an empty database.
            call_command("flush", interactive=False, verbosity=0)


def _walk(chromium, base_url: str, pages: dict[str | None, list[str]]) -> Findings:
    result = Findings()
    for language, locale in LANGUAGES.items():
        for who, paths in pages.items():
            # bypass_csp: axe is added to the page by the test, not served by the portal.
            context = chromium.new_context(base_url=base_url, locale=locale, bypass_csp=True)
            context.set_default_timeout(20_000)
            context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
            page = context.new_page()
            try:
                if who is not PUBLIC:
                    log_in(page, who, DEMO_PASSWORD)
                for path in paths:
                    _visit(page, language, who, path, result)
            finally:
                context.close()
    return result


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n    " + "\n    ".join(items) for page, items in found.items())


def test_every_main_page_was_visited_in_both_languages(findings):
    per_language = {lang: [k for k in findings.visited if k.startswith(lang)] for lang in LANGUAGES}
    assert len(per_language["fa"]) == len(per_language["en"]) >= 60
    print("\n".join(findings.visited))


def test_axe_finds_no_serious_or_critical_violation(findings):
    assert not findings.accessibility, _report(findings.accessibility)


def test_no_page_scrolls_sideways_at_375px(findings):
    assert not findings.overflow, _report(findings.overflow)


def test_persian_pages_show_no_latin_digit_outside_identifiers(findings):
    assert not findings.latin_digits, _report(findings.latin_digits)


def test_persian_pages_offer_no_gregorian_date_picker(findings):
    assert not findings.gregorian_pickers, findings.gregorian_pickers


def test_the_header_fits_one_line_at_1366px(findings):
    assert not findings.navigation_lines, findings.navigation_lines
