"""E-mail verification of self-sign-up, and sign-up that never tells whether an identifier is registered.

A new operator account is inactive until its owner follows a signed link e-mailed to the address they gave
(valid for ``PASSWORD_RESET_TIMEOUT``; one use: the link no longer matches once the account is active).
A sign-up whose national ID, mobile or e-mail address belongs to an existing account creates nothing and
answers exactly like any other; the owner is told by e-mail instead (with a fresh link when that account is
itself still waiting for verification).
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from revival_portal.accounts.models import User
from revival_portal.notifications.services import email_send_later


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Signed, expiring tokens that stop matching once the account is verified (or its e-mail changes)."""

    key_salt = "revival_portal.accounts.verification.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{user.email_verified_at}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


def is_pending(user: User) -> bool:
    """A self-signed-up account whose e-mail address is not verified yet."""
    return not user.is_active and user.email_verified_at is None


def verification_link(user: User) -> str:
    path = reverse(
        "accounts:email_verify",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_verification_token.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def user_from_link(uidb64: str, token: str) -> User | None:
    """The pending account the link was made for, or None when it is malformed, expired or used."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if not is_pending(user) or not email_verification_token.check_token(user, token):
        return None
    return user


def verification_email_send(user: User) -> None:
    """E-mail ``user`` the link that activates the account (after the current transaction commits)."""
    with translation.override(user.language):
        email_send_later(
            subject=_("Confirm your e-mail address for the Small-Mine Revival Portal"),
            body=_(
                "Open this link within a day to confirm your e-mail address and activate your operator "
                "account:\n{link}\n\nIf you did not sign up, ignore this message: nothing is activated."
            ).format(link=verification_link(user)),
            to=[user.email],
        )


def accounts_holding(*, national_id: str, mobile: str, email: str) -> list[User]:
    """Every account that already holds one of these identifiers."""
    return list(User.objects.filter(Q(national_id=national_id) | Q(mobile=mobile) | Q(email__iexact=email)))


def existing_owner_notice_send(owner: User) -> None:
    """Tell ``owner`` that someone signed up with their details; a still-pending owner gets a fresh link."""
    with translation.override(owner.language):
        if is_pending(owner):
            verification_email_send(owner)
            return
        login = f"{settings.SITE_URL.rstrip('/')}{reverse('accounts:login')}"
        reset = f"{settings.SITE_URL.rstrip('/')}{reverse('accounts:password_reset')}"
        email_send_later(
            subject=_("Someone tried to sign up with your details"),
            body=_(
                "Someone tried to open a new account on the Small-Mine Revival Portal with the national ID, "
                "mobile number or e-mail address of your account. No account was created.\n\n"
                "If it was you, you already have an account: sign in at {login} (your national ID is your "
                "user name), or choose a new password at {reset}.\n\nIf it was not you, ignore this message."
            ).format(login=login, reset=reset),
            to=[owner.email],
        )
