"""Personal API tokens: create, revoke, and authenticate a request with one (``Authorization: Bearer``)."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from revival_portal.accounts.models import ApiToken, User
from revival_portal.accounts.roles import Role

TOKEN_PREFIX = "rp_"  # noqa: S105 - a marker that makes a leaked token recognisable, not a secret
MAX_LIFETIME_DAYS = 365
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage(actor: User, owner: User) -> bool:
    return actor.is_active and (actor.pk == owner.pk or actor.has_role(Role.ADMIN))


@transaction.atomic
def api_token_create(*, actor: User, user: User, name: str, lifetime_days: int) -> tuple[ApiToken, str]:
    """Create a token for ``user`` (by the user or an administrator); the secret is returned only here."""
    if not _may_manage(actor, user):
        raise PermissionDenied(_("Only the owner or an administrator can create a token."))
    if not 1 <= lifetime_days <= MAX_LIFETIME_DAYS:
        raise ValidationError(
            {"lifetime_days": _("Choose between 1 and %(max)d days.") % {"max": MAX_LIFETIME_DAYS}}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:10],
        digest=token_digest(secret),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=lifetime_days),
    )
    token.full_clean(exclude=["created_at"])
    token.save()
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token at once; a revoked token answers 401 from the next request on."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not _may_manage(actor, token.user):
        raise PermissionDenied(_("Only the owner or an administrator can revoke a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer rp_…``: the token's user, with their role, permissions and scoping."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from error
        token = ApiToken.objects.usable().select_related("user").filter(digest=token_digest(secret)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
