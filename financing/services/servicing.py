"""Fund officer services that move money on a loan: tranches, repayments, cancelling the remainder, waivers.

Each service locks the loan row, checks the actor, the status and the date, writes its dated row, replays
the loan (``financing.servicing``) and stores what the replay says: a new schedule version when the
schedule was regenerated, the paid parts of the current instalments, and the loan's status.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from financing import servicing
from financing.balances import loan_balances_store
from financing.choices import LoanStatus
from financing.models import (
    Disbursement,
    Instalment,
    Loan,
    LoanApplication,
    PenaltyWaiver,
    RemainderCancellation,
    Repayment,
    ScheduleVersion,
)
from financing.schedule import add_jalali_months
from financing.selectors import last_movement_date, loan_replay
from financing.services.common import lock_application, move, notify_about
from financing.services.loans import local_date
from revival_portal.core.identifiers import normalize_sheba
from revival_portal.exceptions import TransitionNotAllowed

ZERO = Decimal(0)
OPEN = (LoanStatus.CONTRACTED, LoanStatus.DISBURSING, LoanStatus.REPAYING)
DISBURSED = (LoanStatus.DISBURSING, LoanStatus.REPAYING)


def movement_date_check(
    loan: Loan, *, kind: str, on: dt.date | None, field: str, today: dt.date | None = None
):
    """Raise a field ValidationError unless a ``kind`` movement may be dated ``on``.

    A tranche is dated from the contract to today; a repayment, cancellation or waiver from the first
    tranche to today; and no movement before the last one recorded, so paid instalments never change.
    The forms, the serializers and the services all call this.
    """
    today = today or timezone.localdate()
    if on is None:
        return
    if on > today:
        raise ValidationError({field: _("The date cannot be in the future.")})
    contract_date = timezone.localtime(loan.contracted_at).date()
    if kind == "tranche":
        if on < contract_date:
            raise ValidationError({field: _("A tranche cannot be dated before the contract.")})
        # At least one month must be left to repay it (the last month may already be paid off).
        if on >= add_jalali_months(loan.first_due_date, max(loan.term_months - 2, 0)):
            raise ValidationError({field: _("A tranche must be paid out before the last month of the term.")})
    else:
        first = loan.disbursements.order_by("disbursed_on").values_list("disbursed_on", flat=True).first()
        if first is None or on < first:
            raise ValidationError({field: _("The date cannot be before the first tranche.")})
    last = last_movement_date(loan)
    if last is not None and on < last:
        raise ValidationError(
            {
                field: _("The date cannot be before the last movement recorded on this loan (%(date)s).")
                % {"date": local_date(last)}
            }
        )


def _lock_loan(loan: Loan | int, *, actor, permission: str, refused, statuses, wrong_status):
    """Check the actor, then lock the loan and its application (always in that order, so no deadlock)
    and check the loan's status; racing movements queue on the loan row."""
    if not actor.has_perm(permission):
        raise PermissionDenied(refused)
    pk = getattr(loan, "pk", loan)
    loan = Loan.objects.select_for_update(of=("self",)).select_related("application").get(pk=pk)
    application = lock_application(loan.application_id)
    if loan.status not in statuses:
        raise TransitionNotAllowed(wrong_status % {"status": loan.get_status_display()})
    return loan, application


def loan_status(state: servicing.Loan) -> str:
    """Contracted until a tranche; disbursing while some remains to pay out; repaying once nothing does;
    closed exactly when nothing is outstanding and nothing remains undisbursed."""
    if state.closed:
        return LoanStatus.CLOSED
    if state.disbursed == 0:
        return LoanStatus.CONTRACTED
    return LoanStatus.DISBURSING if state.undisbursed > 0 else LoanStatus.REPAYING


def _paid_fields(row: servicing.Row) -> dict:
    return {
        "paid_amount": row.paid_amount,
        "paid_interest": row.paid_interest,
        "penalty_paid": row.penalty_paid,
        "penalty_waived": row.penalty_waived,
    }


def loan_sync(loan: Loan, application: LoanApplication, *, actor) -> servicing.Loan:
    """Store what the replay of the loan's rows says: new schedule versions, paid parts, status."""
    state = loan_replay(loan)
    stored = set(loan.schedule_versions.values_list("number", flat=True))
    new = [version for version in state.versions if version.number not in stored]
    if new:
        loan.schedule_versions.filter(is_current=True).update(is_current=False)
    for version in new:
        running = ZERO
        cumulative = []
        for row in version.rows:
            running += row.amount
            cumulative.append(running)
        record = ScheduleVersion.objects.create(
            loan=loan,
            number=version.number,
            reason=version.reason,
            effective_on=version.on,
            is_current=version is new[-1],
            created_by=actor,
        )
        Instalment.all_versions.bulk_create(
            Instalment(
                loan=loan,
                version=record,
                number=row.number,
                due_date=row.due_date,
                principal=row.principal,
                interest=row.interest,
                amount=row.amount,
                cumulative_amount=total,
                **_paid_fields(row),
            )
            for row, total in zip(version.rows, cumulative, strict=True)
        )
    current = {instalment.number: instalment for instalment in loan.instalments.all()}
    if set(current) != set(state.rows):
        raise AssertionError("The stored schedule differs from the replayed one.")
    for number, row in state.rows.items():
        instalment, fields = current[number], _paid_fields(row)
        if any(getattr(instalment, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(instalment, name, value)
            instalment.save(update_fields=list(fields))
    _repayment_parts_store(state)
    status = loan_status(state)
    if status != loan.status:
        loan.status = status
        fields = ["status"]
        if status == LoanStatus.CLOSED:
            loan.closed_on, fields = state.on, [*fields, "closed_on"]
        loan.save(update_fields=fields)
        move(application, actor=actor, to_state=status)
    loan_balances_store(loan)
    return state


def _repayment_parts_store(state: servicing.Loan) -> None:
    """Keep on each repayment how the replay allocated it (principal, interest, penalty)."""
    for line in state.lines:
        if line.kind != "repayment":
            continue
        repayment = line.ref
        parts = {
            "principal_part": -line.principal,
            "interest_part": line.interest,
            "penalty_part": line.penalty,
        }
        if any(getattr(repayment, name) != value for name, value in parts.items()):
            Repayment.objects.filter(pk=repayment.pk).update(**parts)
            for name, value in parts.items():
                setattr(repayment, name, value)


def _notify(application, loan, *, kind, subject, body):
    notify_about(
        application,
        recipients=[application.applicant],
        kind=kind,
        subject=subject,
        body=body,
        url=loan.get_absolute_url(),
    )


@transaction.atomic
def disbursement_record(
    *, loan: Loan, actor, amount: Decimal, disbursed_on: dt.date, bank_reference: str, destination_sheba: str
) -> Disbursement:
    """Record a tranche and regenerate the unpaid schedule on what is now paid out; the loan row lock
    keeps the sum at or below the approved amount under races."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_disbursement",
        refused=_("Only fund officers can record disbursements."),
        statuses=(LoanStatus.CONTRACTED, LoanStatus.DISBURSING),
        wrong_status=_("No more disbursements: the loan is “%(status)s”."),
    )
    remaining = loan.undisbursed
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _("This tranche exceeds the undisbursed amount of %(remaining)s rials.")
                % {"remaining": remaining}
            }
        )
    movement_date_check(loan, kind="tranche", on=disbursed_on, field="disbursed_on")
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
    loan_sync(loan, application, actor=actor)
    _notify(
        application,
        loan,
        kind="disbursed",
        subject=_("Loan application {number}: a tranche was disbursed"),
        body=format_lazy(
            _("{amount} rials were paid to {sheba} on {date} (reference {reference})."),
            amount=f"{amount:,}",
            sheba=disbursement.destination_sheba,
            date=local_date(disbursed_on),
            reference=bank_reference,
        ),
    )
    return disbursement


def repayment_limit(loan: Loan, on: dt.date) -> Decimal:
    """The most a payment on ``on`` can be: the payoff quote of that day."""
    return loan_replay(loan, on).payoff_quote()["total"]


@transaction.atomic
def repayment_record(
    *,
    loan: Loan,
    actor,
    amount: Decimal,
    paid_on: dt.date,
    reference: str,
    prepayment_mode: str = servicing.Mode.LOWER_INSTALMENT,
) -> Repayment:
    """Record money received: due instalments oldest first (penalty → interest → principal), the rest
    pays the month's accrued interest and principal ahead, and the schedule is recomputed."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_repayment",
        refused=_("Only fund officers can record repayments."),
        statuses=DISBURSED,
        wrong_status=_("Repayments cannot be recorded while the loan is “%(status)s”."),
    )
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    movement_date_check(loan, kind="payment", on=paid_on, field="paid_on")
    limit = repayment_limit(loan, paid_on)
    if amount > limit:
        raise ValidationError(
            {
                "amount": _("This is more than the %(outstanding)s rials that pay off the loan on that day.")
                % {"outstanding": limit}
            }
        )
    repayment = Repayment(
        loan=loan,
        amount=amount,
        paid_on=paid_on,
        reference=reference,
        prepayment_mode=prepayment_mode,
        recorded_by=actor,
    )
    repayment.full_clean()
    repayment.save()
    loan_sync(loan, application, actor=actor)
    _notify(
        application,
        loan,
        kind="repayment_recorded",
        subject=_("Loan application {number}: your repayment was recorded"),
        body=format_lazy(
            _("{amount} rials received on {date} (reference {reference})."),
            amount=f"{amount:,}",
            date=local_date(paid_on),
            reference=reference,
        ),
    )
    return repayment


@transaction.atomic
def remainder_cancel(*, loan: Loan, actor, cancelled_on: dt.date, reason: str) -> RemainderCancellation:
    """Cancel what is left undisbursed; the schedule runs on what was paid out and the loan closes once
    that is repaid (at once if it already is)."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_remaindercancellation",
        refused=_("Only fund officers can cancel the undisbursed remainder."),
        statuses=(LoanStatus.DISBURSING,),
        wrong_status=_("Only a loan still being paid out has a remainder to cancel (it is “%(status)s”)."),
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    movement_date_check(loan, kind="cancellation", on=cancelled_on, field="cancelled_on")
    cancellation = RemainderCancellation(
        loan=loan,
        amount=loan.undisbursed,
        cancelled_on=cancelled_on,
        reason=reason.strip(),
        recorded_by=actor,
    )
    cancellation.full_clean()
    cancellation.save()
    loan_sync(loan, application, actor=actor)
    _notify(
        application,
        loan,
        kind="remainder_cancelled",
        subject=_("Loan application {number}: the undisbursed remainder was cancelled"),
        body=format_lazy(
            _("{amount} rials will not be paid out. Reason: {reason}"),
            amount=f"{cancellation.amount:,}",
            reason=cancellation.reason,
        ),
    )
    return cancellation


@transaction.atomic
def penalty_waive(
    *, loan: Loan, actor, instalment_number: int, amount: Decimal, waived_on: dt.date, reason: str
) -> PenaltyWaiver:
    """Forgive (part of) the penalty charged on one instalment up to ``waived_on``, with a reason."""
    loan, application = _lock_loan(
        loan,
        actor=actor,
        permission="financing.add_penaltywaiver",
        refused=_("Only fund officers can waive penalties."),
        statuses=DISBURSED,
        wrong_status=_("Penalties cannot be waived while the loan is “%(status)s”."),
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give the reason.")})
    movement_date_check(loan, kind="waiver", on=waived_on, field="waived_on")
    row = loan_replay(loan, waived_on).rows.get(instalment_number)
    due = row.penalty_due if row else Decimal(0)
    if amount is None or amount <= 0 or amount > due:
        raise ValidationError(
            {
                "amount": _("Waive between 1 and the %(due)s rials of penalty due on this instalment.")
                % {"due": due}
            }
        )
    waiver = PenaltyWaiver(
        loan=loan,
        instalment_number=instalment_number,
        amount=amount,
        waived_on=waived_on,
        reason=reason.strip(),
        recorded_by=actor,
    )
    waiver.full_clean()
    waiver.save()
    loan_sync(loan, application, actor=actor)
    _notify(
        application,
        loan,
        kind="penalty_waived",
        subject=_("Loan application {number}: a late-payment penalty was waived"),
        body=format_lazy(
            _("{amount} rials of penalty on instalment {instalment} were waived. Reason: {reason}"),
            amount=f"{amount:,}",
            instalment=instalment_number,
            reason=waiver.reason,
        ),
    )
    return waiver
