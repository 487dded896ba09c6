"""Fund officer services: contract an approved application, record disbursements and repayments."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, LoanStatus
from financing.models import Disbursement, Instalment, Loan, LoanApplication, Repayment
from financing.models.loans import ZERO, _sum
from financing.rates import policy_in_force, validate_rate
from financing.schedule import ScheduledInstalment, build_schedule
from financing.services.applications import GRACE_NOT_SHORTER
from financing.services.common import authorize, lock_application, move, notify_about
from financing.services.terms import decided_terms_errors
from revival_portal.core.identifiers import normalize_sheba
from revival_portal.core.templatetags.jalali import localdate
from revival_portal.exceptions import TransitionNotAllowed

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
    """approved -> contracted: fix the terms under the cap in force that day and build the schedule."""
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
    loan = Loan(
        application=application,
        approved_amount=approved_amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date,
        rate_policy=policy_in_force(on),
        decision=application.decision,
        contracted_by=actor,
        contracted_at=contracted_at,
    )
    loan.full_clean()
    loan.save()
    schedule = loan_schedule_preview(
        principal=approved_amount,
        rate=rate,
        term_months=term_months,
        grace_months=grace_months,
        first_due_date=first_due_date,
    )
    Instalment.objects.bulk_create(
        Instalment(
            loan=loan,
            number=row.number,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            amount=row.amount,
        )
        for row in schedule
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


def _lock_loan(
    loan: Loan | int, *, actor, permission: str, refused, statuses, wrong_status
) -> tuple[Loan, LoanApplication]:
    """Check the actor, then lock the loan and its application (always in that order, so no deadlock)
    and check the loan's status; racing tranches and repayments queue on the loan row."""
    if not actor.has_perm(permission):
        raise PermissionDenied(refused)
    pk = getattr(loan, "pk", loan)
    loan = Loan.objects.select_for_update(of=("self",)).select_related("application").get(pk=pk)
    application = lock_application(loan.application_id)
    if loan.status not in statuses:
        raise TransitionNotAllowed(wrong_status % {"status": loan.get_status_display()})
    return loan, application


def _move_loan(loan: Loan, application: LoanApplication, *, actor, status: str) -> None:
    """Move the loan and its application together (the application's timeline shows loan stages too)."""
    loan.status = status
    loan.save(update_fields=["status"])
    move(application, actor=actor, to_state=status)


@transaction.atomic
def disbursement_record(
    *, loan: Loan, actor, amount: Decimal, disbursed_on: dt.date, bank_reference: str, destination_sheba: str
) -> Disbursement:
    """Record a tranche; the loan row lock keeps the sum at or below the approved amount under races."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_disbursement",
        refused=_("Only fund officers can record disbursements."),
        statuses=(LoanStatus.CONTRACTED, LoanStatus.DISBURSING),
        wrong_status=_("No more disbursements: the loan is “%(status)s”."),
    )
    already = _sum(loan.disbursements.all(), "amount")
    remaining = loan.approved_amount - already
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("This tranche exceeds the undisbursed amount of %(remaining)s rials.")
                % {"remaining": remaining}
            }
        )
    disbursement = Disbursement(
        loan=loan,
        amount=amount,
        disbursed_on=disbursed_on,
        bank_reference=bank_reference,
        destination_sheba=normalize_sheba(destination_sheba),
        recorded_by=actor,
    )
    disbursement.full_clean()
    disbursement.save()
    if loan.status == LoanStatus.CONTRACTED:
        _move_loan(loan, application, actor=actor, status=LoanStatus.DISBURSING)
    if already + amount == loan.approved_amount:
        _move_loan(loan, application, actor=actor, status=LoanStatus.REPAYING)
        # Repayments are accepted while tranches are still paid out: if the schedule is already repaid
        # in full, nothing more can be repaid, so the loan closes here or it would stay open for ever.
        if not loan.instalments.unpaid().exists():
            _move_loan(loan, application, actor=actor, status=LoanStatus.CLOSED)
    notify_about(
        application,
        recipients=[application.applicant],
        kind="disbursed",
        subject=_("Loan application {number}: a tranche was disbursed"),
        body=format_lazy(
            _("{amount} rials were paid to {sheba} on {date} (reference {reference})."),
            amount=f"{amount:,}",
            sheba=disbursement.destination_sheba,
            date=local_date(disbursed_on),
            reference=bank_reference,
        ),
        url=loan.get_absolute_url(),
    )
    return disbursement


@transaction.atomic
def repayment_record(*, loan: Loan, actor, amount: Decimal, paid_on: dt.date, reference: str) -> Repayment:
    """Record money received and allocate it to the oldest unpaid instalments; fully repaid -> closed."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_repayment",
        refused=_("Only fund officers can record repayments."),
        statuses=(LoanStatus.DISBURSING, LoanStatus.REPAYING),
        wrong_status=_("Repayments cannot be recorded while the loan is “%(status)s”."),
    )
    unpaid = list(loan.instalments.select_for_update().filter(paid_amount__lt=F("amount")).order_by("number"))
    outstanding = sum((i.amount - i.paid_amount for i in unpaid), ZERO)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    if amount > outstanding:
        raise ValidationError(
            {
                "amount": _("This is more than the %(outstanding)s rials still due.")
                % {"outstanding": outstanding}
            }
        )
    repayment = Repayment(loan=loan, amount=amount, paid_on=paid_on, reference=reference, recorded_by=actor)
    repayment.full_clean()
    repayment.save()
    left = amount
    for instalment in unpaid:
        if left <= 0:
            break
        share = min(left, instalment.amount - instalment.paid_amount)
        instalment.paid_amount += share
        instalment.save(update_fields=["paid_amount"])
        left -= share
    if amount == outstanding and loan.status == LoanStatus.REPAYING:
        _move_loan(loan, application, actor=actor, status=LoanStatus.CLOSED)
    notify_about(
        application,
        recipients=[application.applicant],
        kind="repayment_recorded",
        subject=_("Loan application {number}: your repayment was recorded"),
        body=format_lazy(
            _("{amount} rials received on {date} (reference {reference})."),
            amount=f"{amount:,}",
            date=local_date(paid_on),
            reference=reference,
        ),
        url=loan.get_absolute_url(),
    )
    return repayment
