"""Reads for the fund's portfolio: outstanding principal and arrears by bucket."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from financing import servicing
from financing.choices import ArrearsBucket
from financing.models import Instalment, Loan
from financing.models.loans import outstanding_principal
from financing.schedule import arrears_bucket

ZERO = Decimal(0)


def loan_arrears(loan: Loan, on: dt.date) -> tuple[int, Decimal]:
    """The loan's worst days past due and the amount overdue (instalments must be prefetched)."""
    days, overdue = 0, ZERO
    for instalment in loan.instalments.all():
        late = instalment.days_past_due(on)
        if late > 0:
            days = max(days, late)
            overdue += instalment.remaining
    return days, overdue


def portfolio_summary(user, on: dt.date | None = None) -> dict:
    """Outstanding principal and arrears buckets (1–30, 31–90, over 90 days) for the loans ``user`` sees."""
    on = on or timezone.localdate()
    loans = (
        Loan.objects.for_user(user)
        .active()
        .select_related("application__mine", "application__applicant")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("number")), "disbursements"
        )
    )
    buckets = {bucket: {"count": 0, "overdue": ZERO, "principal": ZERO} for bucket in ArrearsBucket.values}
    rows = []
    totals = defaultdict(lambda: ZERO)
    for loan in loans:
        days, overdue = loan_arrears(loan, on)
        disbursed = sum((d.amount for d in loan.disbursements.all()), ZERO)
        outstanding = outstanding_principal(disbursed, loan.instalments.all())
        bucket = arrears_bucket(days)
        buckets[bucket]["count"] += 1
        buckets[bucket]["overdue"] += overdue
        buckets[bucket]["principal"] += outstanding
        totals["approved"] += loan.approved_amount
        totals["disbursed"] += disbursed
        totals["outstanding"] += outstanding
        totals["overdue"] += overdue
        rows.append(
            {"loan": loan, "days": days, "overdue": overdue, "outstanding": outstanding, "bucket": bucket}
        )
    return {
        "on": on,
        "rows": rows,
        "buckets": [(ArrearsBucket(key).label, key, value) for key, value in buckets.items()],
        "totals": dict(totals),
    }


def loan_terms(loan: Loan) -> servicing.Terms:
    return servicing.Terms(
        approved_amount=loan.approved_amount,
        rate=loan.rate,
        penalty_rate=loan.penalty_rate,
        term_months=loan.term_months,
        grace_months=loan.grace_months,
        first_due_date=loan.first_due_date,
        contract_date=timezone.localtime(loan.contracted_at).date(),
    )


def loan_movements(loan: Loan) -> list[servicing.Movement]:
    """Every dated row of the loan in the order it happened (same day: the order it was recorded)."""
    movements = [
        (d.disbursed_on, d.recorded_at, servicing.Movement("tranche", d.disbursed_on, d.amount, ref=d))
        for d in loan.disbursements.select_related("recorded_by")
    ]
    movements += [
        (
            r.paid_on,
            r.recorded_at,
            servicing.Movement("payment", r.paid_on, r.amount, r.prepayment_mode, ref=r),
        )
        for r in loan.repayments.select_related("recorded_by")
    ]
    movements += [
        (c.cancelled_on, c.recorded_at, servicing.Movement("cancellation", c.cancelled_on, c.amount, ref=c))
        for c in loan.cancellations.select_related("recorded_by")
    ]
    movements += [
        (
            w.waived_on,
            w.recorded_at,
            servicing.Movement("waiver", w.waived_on, w.amount, number=w.instalment_number, ref=w),
        )
        for w in loan.waivers.select_related("recorded_by")
    ]
    return [movement for *_, movement in sorted(movements, key=lambda item: (item[0], item[1]))]


def loan_replay(loan: Loan, on: dt.date | None = None) -> servicing.Loan:
    """The loan replayed from its dated rows and advanced to ``on`` (never before its last movement)."""
    return servicing.replay(loan_terms(loan), loan_movements(loan), on=on)


def last_movement_date(loan: Loan) -> dt.date | None:
    dates = [
        *loan.disbursements.values_list("disbursed_on", flat=True),
        *loan.repayments.values_list("paid_on", flat=True),
        *loan.cancellations.values_list("cancelled_on", flat=True),
        *loan.waivers.values_list("waived_on", flat=True),
    ]
    return max(dates, default=None)


def payoff_quote(loan: Loan, on: dt.date) -> dict:
    """What pays the loan off on ``on``: principal outstanding, interest accrued to that day, penalties."""
    return loan_replay(loan, on).payoff_quote()
