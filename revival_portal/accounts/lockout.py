"""Sign-in lockout (django-axes): which address is the client, and what is locked after failures."""

import ipaddress
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone


def client_ip_behind_proxy(request) -> str | None:
    """The client address the TLS proxy saw: the last X-Forwarded-For entry (the one the proxy appends).

    Behind the proxy every request arrives from the proxy's own address, so locking that address out after
    a few failed sign-ins would lock out everyone. A missing or malformed entry falls back to REMOTE_ADDR.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


class AccountAndAddressLockoutHandler(AxesDatabaseHandler):
    """Lock one account from one address; lock the address alone, briefly, when many accounts fail from it.

    Failures are counted per (user name, address) pair (``AXES_LOCKOUT_PARAMETERS``), so one person's wrong
    passwords lock only their own account from their own address: the colleagues behind the same office NAT
    still sign in. Password guessing across many accounts from one address is slowed by a short cool-off
    of the address: once ``AXES_ADDRESS_USER_LIMIT`` different user names have failed from it within
    ``AXES_ADDRESS_COOLOFF`` minutes, nobody signs in from it until that many minutes pass without it.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_cooling_off(
            getattr(request, "axes_ip_address", None)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that reaches the address limit is answered with the lockout page at once.
        if request is not None and address_cooling_off(getattr(request, "axes_ip_address", None)):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def address_cooling_off(ip_address: str | None) -> bool:
    """Whether enough different user names failed from ``ip_address`` recently to pause the address."""
    if not ip_address:
        return False
    since = timezone.now() - timedelta(minutes=settings.AXES_ADDRESS_COOLOFF)
    failed_user_names = (
        AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
        .values("username")
        .distinct()
        .count()
    )
    return failed_user_names >= settings.AXES_ADDRESS_USER_LIMIT
