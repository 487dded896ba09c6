"""Rate policy services (administrators)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from financing.models import RatePolicy
from financing.models.policy import POLICY_IN_USE


@transaction.atomic
def rate_policy_create(
    *,
    actor,
    cap: Decimal,
    effective_from: dt.date,
    legal_reference: str,
    effective_to: dt.date | None = None,
    penalty_rate: Decimal | None = None,
) -> RatePolicy:
    """Record a lower cap and its late-payment rate set by a regulation; periods never overlap."""
    if not actor.has_perm("financing.add_ratepolicy"):
        raise PermissionDenied(_("Only administrators can set rate policies."))
    policy = RatePolicy(
        cap=cap,
        effective_from=effective_from,
        effective_to=effective_to,
        legal_reference=legal_reference,
        created_by=actor,
    )
    if penalty_rate is not None:
        policy.penalty_rate = penalty_rate
    policy.full_clean()
    policy.save()
    return policy


POLICY_FIELDS = ("cap", "penalty_rate", "effective_from", "effective_to", "legal_reference")


@transaction.atomic
def rate_policy_update(*, policy: RatePolicy, actor, **fields) -> RatePolicy:
    """Correct a policy nobody relied on yet; a referenced one is a fixed version (a new policy instead)."""
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    if not actor.has_perm("financing.change_ratepolicy"):
        raise PermissionDenied(_("Only administrators can set rate policies."))
    policy = RatePolicy.objects.select_for_update().get(pk=policy.pk)
    if policy.is_referenced:
        raise ValidationError(POLICY_IN_USE)
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy
