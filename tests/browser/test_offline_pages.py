"""With every request to another host aborted, each main page, /api/docs/ included, renders completely:
its style sheets, scripts, fonts and images all come from the portal, and the CSP is never violated."""

import pytest

from tests.browser.helpers import log_in
from tests.core.test_security_headers import ADMIN_PAGES, PUBLIC_PAGES, REVIEWER_PAGES
from tests.factories import AdminFactory, ReviewerFactory
from tests.reports.factories import known_mines

# Everything the page asked for arrived, and it shows what it should.
RENDERED = """() => {
  const sheets = [...document.styleSheets];
  const sheetsLoaded = sheets.length > 0 && sheets.every((sheet) => sheet.cssRules.length > 0);
  const images = [...document.images].every((img) => img.complete && img.naturalWidth > 0);
  const visible = document.body.innerText.trim().length > 0;
  return {sheetsLoaded, images, visible, fonts: document.fonts.status};
}"""


def _check_rendered(page, url: str, bad_responses: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    state = page.evaluate(RENDERED)
    assert state == {"sheetsLoaded": True, "images": True, "visible": True, "fonts": "loaded"}, (url, state)
    assert not bad_responses, (url, bad_responses)


def _watch_responses(page) -> list[str]:
    bad: list[str] = []
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return bad


@pytest.mark.django_db(transaction=True)
def test_every_main_page_renders_with_other_hosts_unreachable(open_page, browser_problems):
    known_mines()
    page = open_page(locale="fa-IR")
    bad = _watch_responses(page)
    for url in PUBLIC_PAGES:
        _check_rendered(page, url, bad)
        if url == "/api/docs/":
            # Swagger UI built the page from the schema: the title and the operations are there.
            page.locator(".swagger-ui .info .title").wait_for()
            assert page.locator(".opblock").count() > 20
    ReviewerFactory(username="offline_reviewer")
    log_in(page, "offline_reviewer")
    for url in REVIEWER_PAGES:
        _check_rendered(page, url, bad)
    page.locator("#user-menu").click()  # Bootstrap's script runs: the menu opens
    page.locator(".dropdown-menu.show").wait_for()
    AdminFactory(username="offline_admin")
    admin_page = open_page(locale="en-GB")
    admin_bad = _watch_responses(admin_page)
    log_in(admin_page, "offline_admin")
    for url in ADMIN_PAGES:
        _check_rendered(admin_page, url, admin_bad)
    assert browser_problems.failed_requests == []
