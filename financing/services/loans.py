"""Fund officer services: contract an approved application (servicing the loan is in ``servicing``)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, ScheduleVersionReason
from financing.models import Loan, LoanApplication, ScheduleVersion
from financing.rates import policy_in_force, validate_rate
from financing.schedule import ScheduledInstalment, build_schedule
from financing.services.applications import GRACE_NOT_SHORTER
from financing.services.common import authorize, lock_application, move, notify_about
from financing.services.terms import decided_terms_errors
from revival_portal.core.templatetags.jalali import localdate

# Rendered in each recipient's language when notify() renders the message: Jalali dates in Persian.
local_date = lazy(localdate, str)


def loan_schedule_preview(
    *, principal: Decimal, rate: Decimal, term_months: int, grace_months: int, first_due_date: dt.date
) -> list[ScheduledInstalment]:
    """The schedule a contract with these terms would have (the contract form shows it before saving)."""
    return build_schedule(
        principal=principal,
        annual_percent=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date,
    )


# The first instalment falls due within a year of the contract: a later date is a typing error, and a
# date far in the future would push the schedule beyond the calendar (a 500, not a field error).
FIRST_DUE_WITHIN = dt.timedelta(days=366)


def contract_terms_check(
    application, *, approved_amount, rate, term_months, grace_months, first_due_date, on: dt.date
) -> None:
    """Raise a ValidationError by field unless the terms may be contracted on ``on``.

    The contract form calls this for its field errors and ``loan_contract`` calls it again under the
    row lock, so each rule (amount, cap in force, term, first due date) is written once.
    """
    errors = {}
    if approved_amount is None or approved_amount <= 0:
        errors["approved_amount"] = _("The approved amount must be positive.")
    elif approved_amount > application.amount_requested:
        errors["approved_amount"] = _(
            "The approved amount cannot exceed the amount requested (%(amount)s)."
        ) % {"amount": application.amount_requested}
    try:
        validate_rate(rate, on, check_policy=True)
    except ValidationError as error:
        errors["rate"] = error.messages
    if not term_months or term_months < 1:
        errors["term_months"] = _("The term must be at least one month.")
    elif grace_months is None or grace_months < 0 or grace_months >= term_months:
        errors["grace_months"] = GRACE_NOT_SHORTER
    if first_due_date is None or first_due_date <= on:
        errors["first_due_date"] = _("The first due date must be after the contract date.")
    elif first_due_date > on + FIRST_DUE_WITHIN:
        errors["first_due_date"] = _("The first due date must be within a year of the contract date.")
    for name, messages in decided_terms_errors(
        application, approved_amount=approved_amount, rate=rate
    ).items():
        errors[name] = [*ValidationError(errors.get(name, [])).messages, *messages]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def loan_contract(
    *,
    application: LoanApplication,
    actor,
    approved_amount: Decimal,
    rate: Decimal,
    term_months: int,
    grace_months: int,
    first_due_date: dt.date,
    contracted_on: dt.date | None = None,
) -> Loan:
    """approved -> contracted: fix the terms under the cap in force that day (schedule version 1, empty)."""
    application = lock_application(application)
    authorize("contract", application, actor)
    on = contracted_on or timezone.localdate()
    contract_terms_check(
        application,
        approved_amount=approved_amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date,
        on=on,
    )
    contracted_at = timezone.now()
    if contracted_on is not None:
        contracted_at = timezone.make_aware(dt.datetime.combine(contracted_on, dt.time(10)))
    policy = policy_in_force(on)
    loan = Loan(
        application=application,
        approved_amount=approved_amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date,
        rate_policy=policy,
        penalty_rate=policy.penalty_rate if policy else 0,
        decision=application.decision,
        contracted_by=actor,
        contracted_at=contracted_at,
        # Nothing is paid out yet: every running balance is 0 today.
        balance_as_of=timezone.localdate(),
    )
    loan.full_clean()
    loan.save()
    # Interest runs on what is paid out: the schedule is empty until the first tranche regenerates it.
    ScheduleVersion.objects.create(
        loan=loan, number=1, reason=ScheduleVersionReason.CONTRACT, effective_on=on, created_by=actor
    )
    move(application, actor=actor, to_state=ApplicationStatus.CONTRACTED)
    notify_about(
        application,
        recipients=[application.applicant],
        kind="contracted",
        subject=_("Loan application {number}: the loan contract is signed"),
        url=loan.get_absolute_url(),
    )
    return loan
