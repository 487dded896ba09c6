"""Personal API tokens: created and revoked by their owner or an administrator, stored hashed, scoped
to the owner's role, expiring, recording their last use, and throttled per token and per address."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from revival_portal.accounts.models import ApiToken
from revival_portal.accounts.tokens import api_token_create, api_token_revoke, token_digest
from tests.factories import AdminFactory, OperatorFactory, ReviewerFactory, signed_in
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_token_is_stored_hashed_and_acts_as_its_user_with_their_scope():
    operator = OperatorFactory()
    own, other = MineFactory(operator=operator), MineFactory()
    token, secret = api_token_create(actor=operator, user=operator, name="script", lifetime_days=30)
    assert secret.startswith("rp_") and secret not in (token.digest, token.prefix)
    assert token.digest == token_digest(secret) and not ApiToken.objects.filter(digest=secret).exists()
    response = bearer(secret).get("/api/v1/mines/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert bearer(secret).get(f"/api/v1/mines/{other.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_gets_401():
    operator = OperatorFactory()
    token, secret = api_token_create(actor=operator, user=operator, name="script", lifetime_days=30)
    api_token_revoke(actor=operator, token=token)
    response = bearer(secret).get("/api/v1/mines/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_token_gets_401():
    operator = OperatorFactory()
    token, secret = api_token_create(actor=operator, user=operator, name="script", lifetime_days=1)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3), expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert bearer(secret).get("/api/v1/mines/").status_code == 401


def test_an_unknown_token_gets_401_and_a_deactivated_users_token_too():
    assert bearer("rp_not-a-token").get("/api/v1/mines/").status_code == 401
    operator = OperatorFactory()
    _token, secret = api_token_create(actor=operator, user=operator, name="script", lifetime_days=5)
    operator.is_active = False
    operator.save()
    assert bearer(secret).get("/api/v1/mines/").status_code == 401


def test_only_the_owner_or_an_administrator_manages_a_token():
    operator, reviewer = OperatorFactory(), ReviewerFactory()
    with pytest.raises(PermissionDenied):
        api_token_create(actor=reviewer, user=operator, name="x", lifetime_days=5)
    token, _secret = api_token_create(actor=AdminFactory(), user=operator, name="x", lifetime_days=5)
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=reviewer, token=token)
    assert api_token_revoke(actor=operator, token=token).revoked_at is not None


def test_a_lifetime_beyond_a_year_is_refused():
    operator = OperatorFactory()
    with pytest.raises(ValidationError):
        api_token_create(actor=operator, user=operator, name="x", lifetime_days=366)


def test_the_profile_page_creates_shows_once_and_revokes_a_token():
    operator = OperatorFactory()
    client = signed_in(operator)
    page = client.post(reverse("accounts:api_tokens"), {"name": "nightly export", "lifetime_days": "۳۰"})
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret and secret in page.content.decode()
    token = operator.api_tokens.get()
    assert token.name == "nightly export"
    assert secret not in client.get(reverse("accounts:api_tokens")).content.decode()
    assert bearer(secret).get("/api/v1/mines/").status_code == 200
    stranger = OperatorFactory()
    other_token, _ = api_token_create(actor=stranger, user=stranger, name="x", lifetime_days=1)
    assert client.post(reverse("accounts:api_token_revoke", args=[other_token.pk])).status_code == 404
    assert client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 302
    assert bearer(secret).get("/api/v1/mines/").status_code == 401


def test_an_administrator_creates_a_token_for_a_user_in_the_admin():
    operator = OperatorFactory()
    client = signed_in(AdminFactory())
    response = client.post(
        reverse("admin:accounts_apitoken_add"),
        {"user": operator.pk, "name": "machine", "lifetime_days": "10"},
        follow=True,
    )
    assert response.status_code == 200
    token = operator.api_tokens.get()
    secret = next(m.message for m in response.context["messages"]).rsplit(" ", 1)[-1]
    assert token_digest(secret) == token.digest and token.created_by.is_superuser


def test_the_token_throttle_answers_429_with_retry_after(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "3/minute"}}
    operator = OperatorFactory()
    _token, secret = api_token_create(actor=operator, user=operator, name="script", lifetime_days=5)
    client = bearer(secret)
    codes = [client.get("/api/v1/mines/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/mines/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    # Another token of the same user has a bucket of its own.
    _other, other_secret = api_token_create(actor=operator, user=operator, name="other", lifetime_days=5)
    assert bearer(other_secret).get("/api/v1/mines/").status_code == 200


def test_anonymous_calls_are_throttled_per_address(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "5/minute"}}
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    codes = [client.get("/api/v1/mines/").status_code for _ in range(6)]
    assert codes[:5] == [403] * 5 or codes[:5] == [401] * 5
    assert codes[5] == 429
    response = client.get("/api/v1/mines/")
    assert int(response["Retry-After"]) > 0
    assert APIClient(REMOTE_ADDR="203.0.113.8").get("/api/v1/mines/").status_code != 429


def test_basic_auth_is_off_in_production_settings_unless_turned_on():
    from revival_portal.settings.base import api_authentication_classes

    assert not any("Basic" in name for name in api_authentication_classes(False))
    assert any("Basic" in name for name in api_authentication_classes(True))
