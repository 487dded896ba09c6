"""Rate policy services (administrators)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from financing.models import RatePolicy


@transaction.atomic
def rate_policy_create(
    *, actor, cap: Decimal, effective_from: dt.date, legal_reference: str, effective_to: dt.date | None = None
) -> RatePolicy:
    """Record a lower cap set by a regulation; periods of two policies never overlap."""
    if not actor.has_perm("financing.add_ratepolicy"):
        raise PermissionDenied(_("Only administrators can set rate policies."))
    policy = RatePolicy(
        cap=cap,
        effective_from=effective_from,
        effective_to=effective_to,
        legal_reference=legal_reference,
        created_by=actor,
    )
    policy.full_clean()
    policy.save()
    return policy
