"""The interest-rate cap: strictly below 18 % and strictly below the rate policy in force on a date.

One function, ``validate_rate``, is called by the form, the serializer and the services, so the rule and
its message are written once; the database CHECK constraints are the last line of defence.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.models.base import STATUTORY_RATE_CAP


def policy_in_force(on: dt.date | None = None):
    """The RatePolicy in force on ``on`` (today by default), or None."""
    from financing.models import RatePolicy

    return RatePolicy.objects.in_force(on or timezone.localdate()).order_by("-effective_from").first()


def rate_cap(on: dt.date | None = None, *, policy=None) -> Decimal:
    """The exclusive upper bound of rates on ``on``: the policy cap if lower than the statutory one."""
    policy = policy if policy is not None else policy_in_force(on)
    if policy is not None and policy.cap < STATUTORY_RATE_CAP:
        return policy.cap
    return STATUTORY_RATE_CAP


def validate_rate(value, on: dt.date | None = None, *, policy=None, check_policy: bool = False) -> None:
    """Raise ValidationError unless 0 <= value < cap (statutory, and the policy when ``check_policy``)."""
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Enter the interest rate as a number."), code="rate_invalid") from None
    if not rate.is_finite():
        raise ValidationError(_("Enter the interest rate as a number."), code="rate_invalid")
    if rate < 0:
        raise ValidationError(_("The interest rate cannot be negative."), code="rate_negative")
    if rate >= STATUTORY_RATE_CAP:
        raise ValidationError(
            _("The interest rate must be below %(cap)s %%; %(cap)s %% or more is not allowed."),
            code="rate_statutory_cap",
            params={"cap": STATUTORY_RATE_CAP},
        )
    if check_policy or policy is not None:
        cap = rate_cap(on, policy=policy)
        if rate >= cap:
            raise ValidationError(
                _("The interest rate must be below the cap in force, %(cap)s %%."),
                code="rate_policy_cap",
                params={"cap": cap},
            )
