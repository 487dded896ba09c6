"""Guarantee services: the applicant adds and edits them, a reviewer verifies them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus
from financing.models import Guarantee, LoanApplication
from financing.services.common import lock_application, lock_editable_application
from revival_portal.core.identifiers import normalize_identifier
from revival_portal.exceptions import TransitionNotAllowed

GUARANTEE_FIELDS = (
    "kind",
    "counterparty_name",
    "counterparty_id",
    "mineral",
    "tonnes_per_year",
    "price_basis",
    "price_rials_per_tonne",
    "price_formula",
    "starts_on",
    "ends_on",
    "signed_document",
)


def _apply(guarantee: Guarantee, fields: dict) -> Guarantee:
    unknown = set(fields) - set(GUARANTEE_FIELDS)
    if unknown:
        raise TypeError(f"Not guarantee fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(guarantee, name, value)
    guarantee.counterparty_id = normalize_identifier(guarantee.counterparty_id)
    guarantee.full_clean()
    guarantee.save()
    return guarantee


@transaction.atomic
def guarantee_create(*, application: LoanApplication, actor, **fields) -> Guarantee:
    """Add a purchase or sales guarantee to an application its applicant may still change."""
    application = lock_editable_application(application, actor)
    return _apply(Guarantee(application=application), fields)


@transaction.atomic
def guarantee_update(*, guarantee: Guarantee, actor, **fields) -> Guarantee:
    """Change a guarantee; a change clears its verification."""
    lock_editable_application(guarantee.application_id, actor)
    guarantee = Guarantee.objects.select_for_update().get(pk=guarantee.pk)
    guarantee.verified_by = None
    guarantee.verified_at = None
    return _apply(guarantee, fields)


@transaction.atomic
def guarantee_verify(*, guarantee: Guarantee, actor) -> Guarantee:
    """A reviewer confirms the guarantee and its signed document are genuine."""
    if not actor.has_perm("financing.review_loanapplication"):
        raise PermissionDenied(_("Only reviewers can verify guarantees."))
    application = lock_application(guarantee.application_id)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        raise TransitionNotAllowed(_("Guarantees are verified while the application is being reviewed."))
    guarantee = Guarantee.objects.select_for_update().get(pk=guarantee.pk)
    guarantee.verified_by = actor
    guarantee.verified_at = timezone.now()
    guarantee.save(update_fields=["verified_by", "verified_at"])
    return guarantee
