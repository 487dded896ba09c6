"""Sign-in, sign-out, password change and reset (the reset e-mail goes through Celery)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, OperatorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_login_accepts_the_national_id_in_persian_digits(client):
    OperatorFactory(username="0499370899", national_id="0499370899")

    response = client.post(reverse("accounts:login"), {"username": "۰۴۹۹۳۷۰۸۹۹", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_shows_the_form_again(client):
    OperatorFactory(username="0499370899")
    response = client.post(reverse("accounts:login"), {"username": "0499370899", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_logout_needs_post_and_ends_the_session(client):
    client.force_login(OperatorFactory())
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_change(client):
    user = ReviewerFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pass-1405",
            "new_password2": "Another-pass-1405",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-1405")


def test_password_reset_mail_is_sent_by_a_task_after_commit_and_the_link_works(
    client, django_capture_on_commit_callbacks
):
    user = OperatorFactory(email="ali@example.ir")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": "ali@example.ir"})

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "Brand-new-1405", "new_password2": "Brand-new-1405"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-1405")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.ir"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("name", "title"),
    [("accounts:password_reset", "Reset your password"), ("accounts:password_change", "Change password")],
)
def test_password_pages_render_their_title(client, name, title):
    client.force_login(OperatorFactory())
    client.cookies["django_language"] = "en"
    assert f'<h1 class="h4 mb-3">{title}</h1>' in client.get(reverse(name)).content.decode()


def test_the_reset_link_uses_the_configured_site_address_not_the_host_header(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.ir/"
    settings.ALLOWED_HOSTS = ["portal.example.ir", "attacker.example"]
    OperatorFactory(email="ali@example.ir")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:password_reset"), {"email": "ali@example.ir"}, HTTP_HOST="attacker.example"
        )

    assert "https://portal.example.ir/accounts/password/reset/" in mail.outbox[0].body
    assert "attacker.example" not in mail.outbox[0].body


def test_too_many_wrong_passwords_lock_the_sign_in_with_a_translated_page(client, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    OperatorFactory(username="0499370899")
    for _attempt in range(2):
        client.post(reverse("accounts:login"), {"username": "0499370899", "password": "nope"})

    response = client.post(reverse("accounts:login"), {"username": "0499370899", "password": PASSWORD})

    assert response.status_code == 429
    html = response.content.decode()
    assert 'id="locked-out"' in html and 'dir="rtl"' in html


def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended(rf):
    from revival_portal.accounts.lockout import client_ip_behind_proxy

    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7", REMOTE_ADDR="172.18.0.2")
    assert client_ip_behind_proxy(request) == "198.51.100.7"
    for forwarded in ("", "not-an-address", "1.2.3.4, \x00"):
        request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="172.18.0.2")
        assert client_ip_behind_proxy(request) == "172.18.0.2"
