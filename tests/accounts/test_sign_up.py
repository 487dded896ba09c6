"""Operator self-sign-up: an inactive account until the e-mailed link is followed; a taken national ID,
mobile or e-mail answers exactly like any other sign-up and tells the owner by e-mail instead."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from revival_portal.accounts import verification
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.notifications.models import Notification
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "علی",
    "last_name": "رضایی",
    "national_id": "۰۴۹۹۳۷۰۸۹۹",
    "mobile": "+989121234567",
    "email": "ali@example.ir",
    "company_name": "",
    "company_legal_id": "",
    "password1": "Kavir-mine-1404",
    "password2": "Kavir-mine-1404",
}


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def post(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:sign_up"), {**VALID, **changes})

    return post


def page_text(response) -> str:
    """The page without its CSRF tokens (masked afresh on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def link_in(message) -> str:
    return re.search(r"https?://\S+(/accounts/verify/\S+/)", message.body).group(1)


def test_sign_up_creates_an_inactive_operator_and_emails_a_verification_link(client, post):
    response = post()

    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_up_sent")
    user = User.objects.get()
    assert user.username == user.national_id == "0499370899"
    assert user.mobile == "09121234567"
    assert user.role_names == {Role.OPERATOR}
    assert user.language == "fa"
    assert not user.is_active and user.email_verified_at is None
    [message] = mail.outbox
    assert message.to == ["ali@example.ir"]
    assert message.subject == "نشانی رایانامهٔ خود را در درگاه احیای معادن کوچک تأیید کنید"  # page language
    assert "/accounts/verify/" in message.body
    assert 'id="sign-up-sent"' in client.get(response.url).content.decode()


def test_an_unverified_account_cannot_sign_in(client, post):
    post()
    response = client.post(
        reverse("accounts:login"), {"username": "0499370899", "password": VALID["password1"]}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_link_activates_signs_in_and_welcomes_once(client, post, django_capture_on_commit_callbacks):
    post()
    link = link_in(mail.outbox[0])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(link)

    assert response.status_code == 302 and response.url == reverse("dashboard")
    user = User.objects.get()
    assert user.is_active and user.email_verified_at is not None
    assert client.get(reverse("dashboard")).status_code == 200
    assert Notification.objects.filter(recipient=user, kind="account.welcome").count() == 1
    client.logout()
    used = client.get(link)
    assert used.status_code == 200 and 'id="verify-failed"' in used.content.decode()
    assert client.post(
        reverse("accounts:login"), {"username": "0499370899", "password": VALID["password1"]}
    ).url == reverse("dashboard")


def test_an_expired_or_forged_link_activates_nothing(client, post, monkeypatch):
    post()
    link = link_in(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(days=2)
    monkeypatch.setattr(verification.EmailVerificationTokenGenerator, "_now", lambda self: later)

    assert 'id="verify-failed"' in client.get(link).content.decode()
    monkeypatch.undo()
    assert 'id="verify-failed"' in client.get(link[:-3] + "xx/").content.decode()
    assert 'id="verify-failed"' in client.get("/accounts/verify/zzz/abc-def/").content.decode()
    assert not User.objects.get().is_active


@pytest.mark.parametrize(
    "taken",
    [{"national_id": "0499370899"}, {"mobile": "09121234567"}, {"email": "ALI@example.ir"}],
    ids=["national_id", "mobile", "email"],
)
def test_a_taken_identifier_answers_like_any_sign_up_and_tells_the_owner(client, post, taken):
    fresh = post(national_id="0013542419", mobile="09351234567", email="new@example.ir")
    fresh_page = page_text(client.get(fresh.url))
    mail.outbox.clear()
    owner = OperatorFactory(**{"email": "owner@example.ir", "language": "en", **taken})

    response = post()

    assert (response.status_code, response.url) == (fresh.status_code, fresh.url)
    assert page_text(client.get(response.url)) == fresh_page
    assert User.objects.filter(national_id="0499370899").count() == (1 if "national_id" in taken else 0)
    assert User.objects.count() == 2  # the fresh sign-up and the owner; nothing new
    [notice] = mail.outbox
    assert notice.to == [owner.email]
    assert notice.subject == "Someone tried to sign up with your details"
    assert "/accounts/login/" in notice.body and "/accounts/verify/" not in notice.body


def test_a_taken_identifier_is_never_a_field_error(post):
    OperatorFactory(national_id="0499370899", mobile="09121234567", email="ali@example.ir")
    response = post()
    assert response.status_code == 302
    assert response.url == reverse("accounts:sign_up_sent")


def test_signing_up_again_before_verifying_emails_a_fresh_link_to_the_first_address(post):
    post()
    post(email="other@example.ir")

    assert [message.to for message in mail.outbox] == [["ali@example.ir"], ["ali@example.ir"]]
    assert "/accounts/verify/" in mail.outbox[1].body
    assert User.objects.count() == 1


def test_sign_up_with_a_company_needs_a_valid_legal_entity_id(post):
    response = post(company_name="Kavir Co.", company_legal_id="10380284791")
    assert response.status_code == 200
    assert "company_legal_id" in response.context["form"].errors

    response = post(company_name="Kavir Co.", company_legal_id="10380284790")
    assert response.status_code == 302
    assert User.objects.get().company_legal_id == "10380284790"


def test_bad_national_id_keeps_what_was_typed_and_shows_a_persian_field_error(post):
    response = post(national_id="0499370898")

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'id="error-national_id"' in html
    assert "کد ملی" in response.context["form"].errors["national_id"][0]
    for typed in ("علی", "رضایی", "ali@example.ir", "0499370898", "+989121234567"):
        assert f'value="{typed}"' in html


@pytest.mark.parametrize("mobile", ["0912123456", "08121234567", "abc"])
def test_malformed_mobile_is_a_field_error_not_a_crash(post, mobile):
    response = post(mobile=mobile)
    assert response.status_code == 200
    assert "mobile" in response.context["form"].errors
    assert not User.objects.exists()


def test_a_sign_up_that_loses_a_race_answers_the_same_and_tells_the_winner(post, monkeypatch):
    # Both requests looked before either inserted: the second insert meets the unique constraint.
    winner = OperatorFactory(national_id="0499370899", email="winner@example.ir")
    looks = iter([[], [winner]])
    monkeypatch.setattr(verification, "accounts_holding", lambda **identifiers: next(looks))
    monkeypatch.setattr(User, "full_clean", lambda user, *args, **kwargs: None)

    response = post()

    assert response.status_code == 302 and response.url == reverse("accounts:sign_up_sent")
    assert User.objects.filter(national_id="0499370899").count() == 1
    assert [message.to for message in mail.outbox] == [["winner@example.ir"]]
