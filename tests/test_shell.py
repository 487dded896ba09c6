"""The page shell: direction and language, Jalali dates, vendored assets, navigation per role."""

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from revival_portal.accounts.models import User
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_persian_is_the_default_and_right_to_left_even_if_the_browser_asks_for_english(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html


def test_switching_to_english_gives_left_to_right_and_is_remembered_for_the_user(client):
    user = OperatorFactory(language="fa")
    client.force_login(user)

    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/dashboard/"})

    assert response.url == "/dashboard/"
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html
    user.refresh_from_db()
    assert user.language == "en"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert "django_language" not in response.cookies


def test_jalali_dates_on_persian_pages_and_gregorian_on_english():
    template = Template("{{ day|localdate }}")
    with translation.override("fa"):
        assert template.render(Context({"day": dt.date(2025, 3, 21)})) == "۱۴۰۴/۰۱/۰۱"
    with translation.override("en"):
        assert template.render(Context({"day": dt.date(2025, 3, 21)})) == "2025-03-21"


def test_every_asset_is_served_by_the_portal(client):
    html = client.get(reverse("accounts:sign_up")).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
    assert external == []
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200, asset


def test_the_persian_font_is_vendored(client):
    css = b"".join(client.get("/static/css/portal.css").streaming_content).decode()
    assert "Vazirmatn-Regular.woff2" in css
    assert client.get("/static/vendor/vazirmatn/fonts/Vazirmatn-Regular.woff2").status_code == 200


@pytest.mark.parametrize("factory", [OperatorFactory, ReviewerFactory, FundOfficerFactory])
def test_dashboard_renders_for_each_role(client, factory):
    client.force_login(factory())
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert 'id="dashboard-title"' in response.content.decode()


def test_pages_are_usable_on_a_phone(client):
    html = client.get(reverse("home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert "navbar-toggler" in html


def test_health_check(client):
    assert client.get("/health/").json() == {"status": "ok"}


def test_health_check_answers_the_container_probe_over_http_as_localhost(client, settings):
    # In production the probe is neither an allowed host nor HTTPS; other pages still refuse that host.
    settings.ALLOWED_HOSTS = ["portal.example.ir"]
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/", HTTP_HOST="localhost").status_code == 200
    assert client.get(reverse("home"), HTTP_HOST="localhost").status_code == 400


def test_seed_demo_creates_one_user_per_role_and_is_idempotent(capsys):
    from django.core.management import call_command

    call_command("seed_demo")
    first = User.objects.count()
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert User.objects.count() == first
    assert "already present" in out
    for username in ("admin", "reviewer", "reviewer2", "fund_officer", "partner", "operator"):
        assert User.objects.get(username=username).check_password("Demo-pass-1404")
        assert username in out


def test_seed_demo_prints_the_sign_in_address_of_the_server_it_prepares(capsys):
    from django.core.management import call_command

    call_command("seed_demo", host="127.0.0.1", port="8101")
    assert "Sign in at http://127.0.0.1:8101/accounts/login/ with:" in capsys.readouterr().out


def test_make_run_serves_and_prints_the_port_it_is_given():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8101"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "seed_demo --host 127.0.0.1 --port 8101" in dry_run
    assert "Serving the portal on http://127.0.0.1:8101/" in dry_run
    assert "runserver 127.0.0.1:8101" in dry_run and ":8000" not in dry_run


def test_favicon_is_served_by_the_portal_and_linked_from_every_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO header
    html = client.get(reverse("home")).content.decode()
    assert 'rel="icon" href="/static/favicon.ico"' in html and "img/favicon.svg" in html
