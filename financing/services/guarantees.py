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


# While an application is in one of these states a counterparty may still confirm a guarantee on it.
OPEN_FOR_GUARANTEES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.INFO_REQUESTED,
    }
)


@transaction.atomic
def guarantee_create_confirmed(
    *, application: LoanApplication | int, counterparty_account, **fields
) -> Guarantee:
    """Add a guarantee the counterparty confirmed from their own account (for example an accepted offer).

    The caller has checked that the counterparty and the applicant agreed; this only refuses applications
    that are already decided or closed.
    """
    application = lock_application(application)
    if application.status not in OPEN_FOR_GUARANTEES:
        raise TransitionNotAllowed(
            _("A guarantee cannot be added while the application is “%(status)s”.")
            % {"status": application.get_status_display()}
        )
    guarantee = Guarantee(
        application=application, counterparty_account=counterparty_account, confirmed_at=timezone.now()
    )
    return _apply(guarantee, fields)


@transaction.atomic
def guarantee_update(*, guarantee: Guarantee, actor, **fields) -> Guarantee:
    """Change a guarantee the applicant typed in; a change clears its verification."""
    lock_editable_application(guarantee.application_id, actor)
    guarantee = Guarantee.objects.select_for_update().get(pk=guarantee.pk)
    if guarantee.is_confirmed_by_counterparty:
        raise TransitionNotAllowed(_("A guarantee confirmed by the counterparty cannot be changed."))
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
