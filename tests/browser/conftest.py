"""Playwright harness: Debian's /usr/bin/chromium driving the Django live server.

Playwright's sync API runs an event loop in the test thread; Django must be told that using the ORM from
that thread is fine (the loop never touches the database).
"""

import os

import pytest

from conftest import skip_or_fail

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a declared test dependency
        skip_or_fail("playwright is not installed")
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Runs in every page before its own scripts: a CSP violation is written to the console, where the
# listener below collects it (the browser's own "Refused to ..." console errors are collected too).
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
});
"""


class BrowserProblems:
    """What the pages of one test did wrong: CSP violations, requests to other hosts, failed loads."""

    def __init__(self, own_origin: str):
        self.own_origin = own_origin
        self.csp_violations: list[str] = []
        self.foreign_requests: list[str] = []
        self.failed_requests: list[str] = []

    def watch(self, context) -> None:
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        # The portal serves every asset itself: anything for another host is aborted and remembered.
        context.route("**/*", self._route)

    def watch_page(self, page) -> None:
        page.on("console", self._console)
        page.on("requestfailed", self._failed)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(self.own_origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()

    def _console(self, message) -> None:
        text = message.text
        if "CSP violation" in text or "Content Security Policy" in text:
            self.csp_violations.append(text)

    def _failed(self, request) -> None:
        if request.url.startswith(self.own_origin) and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def assert_clean(self) -> None:
        assert not self.csp_violations, f"CSP violations in the browser console: {self.csp_violations}"
        assert not self.foreign_requests, f"requests to other hosts: {self.foreign_requests}"


@pytest.fixture
def browser_problems(live_server):
    return BrowserProblems(live_server.url)


@pytest.fixture
def open_page(chromium, live_server, browser_problems):
    """Open a tab in a fresh browser context (its own cookies): one per person in a journey.

    Every tab fails its test on a CSP violation or a request to another host (checked at the end).
    """
    contexts = []

    def make(*, locale: str = "fa-IR"):
        context = chromium.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        browser_problems.watch(context)
        contexts.append(context)
        page = context.new_page()
        browser_problems.watch_page(page)
        return page

    yield make
    for context in contexts:
        context.close()
    browser_problems.assert_clean()


@pytest.fixture
def page(open_page):
    """A tab on the live server; relative URLs work: ``page.goto('/accounts/login/')``."""
    return open_page()
