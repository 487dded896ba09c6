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
