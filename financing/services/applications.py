"""Operator-side services: draft, edit, submit, answer an information request, withdraw."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus
from financing.models import LoanApplication
from financing.rates import validate_rate
from financing.services.common import (
    NOTE_REQUIRED,
    authorize,
    lock_application,
    lock_editable_application,
    move,
    notify_about,
)
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role

EDITABLE_FIELDS = ("mine", "amount_requested", "purpose", "term_months", "grace_months", "proposed_rate")

GRACE_NOT_SHORTER = _("The grace period must be shorter than the term.")


def grace_period_check(term_months: int | None, grace_months: int | None) -> None:
    """The grace period is shorter than the term (once both are known): the one rule the terms form,
    the serializer and the draft services all call; the database CHECK constraint is the last line."""
    if term_months is not None and grace_months is not None and grace_months >= term_months:
        raise ValidationError({"grace_months": ValidationError(GRACE_NOT_SHORTER, code="grace_not_shorter")})


def _check_rate(application: LoanApplication, *, check_policy: bool) -> None:
    """The shared cap rule as an error on ``proposed_rate``."""
    if application.proposed_rate is None:
        return
    try:
        validate_rate(application.proposed_rate, check_policy=check_policy)
    except ValidationError as error:
        raise ValidationError({"proposed_rate": error.messages}) from None


def _check_mine(application: LoanApplication) -> None:
    """An operator applies only for a mine they operate."""
    if application.mine.operator_id != application.applicant_id:
        raise ValidationError({"mine": _("Choose one of your own mines.")})


def _draft_save(application: LoanApplication) -> LoanApplication:
    """Save a draft: own mine, the statutory cap (the policy cap is checked on submission), the model."""
    _check_mine(application)
    _check_rate(application, check_policy=False)
    grace_period_check(application.term_months, application.grace_months)
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def loan_application_create(
    *,
    applicant,
    mine,
    amount_requested: Decimal,
    purpose: str = "",
    term_months: int | None = None,
    grace_months: int = 0,
    proposed_rate: Decimal | None = None,
) -> LoanApplication:
    """Save a new draft; the remaining steps may be filled in later."""
    if not applicant.is_operator:
        raise ValidationError(_("Only mine operators can file loan applications."))
    application = LoanApplication(
        applicant=applicant,
        mine=mine,
        amount_requested=amount_requested,
        purpose=purpose,
        term_months=term_months,
        grace_months=grace_months,
        proposed_rate=proposed_rate,
    )
    return _draft_save(application)


@transaction.atomic
def loan_application_update(*, application: LoanApplication, actor, **fields) -> LoanApplication:
    """Change a draft (or an application whose information was requested) — only its applicant may."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    application = lock_editable_application(application, actor)
    for name, value in fields.items():
        setattr(application, name, value)
    return _draft_save(application)


@transaction.atomic
def loan_application_submit(*, application: LoanApplication, actor) -> LoanApplication:
    """draft -> submitted: the mine must be eligible and every step complete; reviewers are told."""
    application = lock_application(application)
    authorize("submit", application, actor)
    _check_mine(application)
    problem = application.mine.eligibility_problem()
    if problem:
        raise ValidationError({"mine": problem})
    missing = application.missing_for_submission()
    if missing:
        raise ValidationError(_("Please complete: %(fields)s.") % {"fields": ", ".join(missing)})
    if not application.guarantees.exists():
        raise ValidationError(_("Add at least one purchase or sales guarantee before submitting."))
    _check_rate(application, check_policy=True)
    application.full_clean()
    move(application, actor=actor, to_state=ApplicationStatus.SUBMITTED)
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at"])
    notify_about(
        application,
        recipients=User.objects.with_role(Role.REVIEWER),
        kind="submitted",
        subject=_("Loan application {number} was submitted"),
        body=_("A new application is waiting for review."),
    )
    return application


@transaction.atomic
def loan_application_withdraw(*, application: LoanApplication, actor, note: str = "") -> LoanApplication:
    """draft|submitted|under_review|info_requested -> withdrawn, by the applicant."""
    application = lock_application(application)
    authorize("withdraw", application, actor)
    move(application, actor=actor, to_state=ApplicationStatus.WITHDRAWN, note=note)
    return application


@transaction.atomic
def loan_application_resubmit(*, application: LoanApplication, actor, note: str) -> LoanApplication:
    """info_requested -> under_review: the applicant answers the reviewer's question."""
    application = lock_application(application)
    authorize("resubmit", application, actor)
    if not note.strip():
        raise ValidationError({"note": NOTE_REQUIRED})
    _check_rate(application, check_policy=True)
    event = move(application, actor=actor, to_state=ApplicationStatus.UNDER_REVIEW, note=note)
    asker = application.events.filter(to_state=ApplicationStatus.INFO_REQUESTED).exclude(pk=event.pk).last()
    notify_about(
        application,
        recipients=[asker.actor] if asker and asker.actor else [],
        kind="resubmitted",
        subject=_("Loan application {number}: the applicant answered your request"),
        body=note,
    )
    return application
