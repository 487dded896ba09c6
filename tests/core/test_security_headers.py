"""Every main page answers with a strict Content-Security-Policy and a Permissions-Policy."""

import pytest

from tests.factories import AdminFactory, ReviewerFactory, signed_in

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/sign-up/",
    "/equipment/tenders/",
    "/reports/transparency/",
    "/api/docs/",
]
REVIEWER_PAGES = [
    "/dashboard/",
    "/mines/",
    "/mines/review/",
    "/financing/applications/",
    "/financing/loans/",
    "/financing/portfolio/",
    "/equipment/",
    "/equipment/bookings/",
    "/equipment/units/",
    "/equipment/utilisation/",
    "/equipment/bids/",
    "/reports/",
    "/reports/dashboard/",
    "/notifications/",
    "/accounts/api-tokens/",
]
ADMIN_PAGES = ["/admin/", "/admin/equipment/bid/", "/admin/accounts/apitoken/add/"]


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


def _check(response, url):
    assert response.status_code == 200, url
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"], url
    assert policy["script-src"] == ["'self'"], url  # no 'unsafe-inline', no 'unsafe-eval', no other host
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"], url
    assert "'unsafe-inline'" not in policy["style-src"], url
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, url


def test_every_main_page_sends_the_policies(client):
    for url in PUBLIC_PAGES:
        _check(client.get(url), url)
    reviewer = signed_in(ReviewerFactory())
    for url in REVIEWER_PAGES:
        _check(reviewer.get(url), url)
    administrator = signed_in(AdminFactory())
    for url in ADMIN_PAGES:
        _check(administrator.get(url), url)


def test_the_api_docs_use_the_portals_own_swagger_ui_and_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    assert "cdn" not in page.lower() and "//" not in page.replace("://", "")
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<script>" not in page.replace(" ", "")
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_no_template_has_an_inline_script_or_event_handler():
    import re
    from pathlib import Path

    from django.conf import settings

    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if inline_script.search(text) or handler.search(text) or "javascript:" in text:
            offenders.append(str(template))
    assert offenders == []
