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
# The loan's dated rows the servicing replay reads, by related name.
MOVEMENTS = ("disbursements", "repayments", "cancellations", "waivers")


def loan_arrears(loan: Loan, on: dt.date) -> tuple[int, Decimal]:
    """The loan's worst days past due and the amount overdue (instalments must be prefetched)."""
    days, overdue = 0, ZERO
    for instalment in loan.instalments.all():
        late = instalment.days_past_due(on)
        if late > 0:
            days = max(days, late)
            overdue += instalment.remaining
    return days, overdue


def penalty_due(loan: Loan, on: dt.date) -> Decimal:
    """The late-payment penalty accrued and not yet paid or waived on ``on``, from the servicing replay
    (the same figure as the loan page and the statement)."""
    state = loan_replay(loan, on)
    return sum((row.penalty_due for row in state.rows.values()), ZERO)


def portfolio_summary(user, on: dt.date | None = None) -> dict:
    """Outstanding principal, arrears buckets (1–30, 31–90, over 90 days) and the late-payment penalty
    accrued for the loans ``user`` sees (every related row prefetched: the query count does not grow)."""
    on = on or timezone.localdate()
    loans = (
        Loan.objects.for_user(user)
        .active()
        .select_related("application__mine", "application__applicant")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("number")),
            *MOVEMENTS,
        )
    )
    buckets = {
        bucket: {"count": 0, "overdue": ZERO, "principal": ZERO, "penalty": ZERO}
        for bucket in ArrearsBucket.values
    }
    rows = []
    totals = defaultdict(lambda: ZERO, penalty=ZERO)
    for loan in loans:
        days, overdue = loan_arrears(loan, on)
        disbursed = sum((d.amount for d in loan.disbursements.all()), ZERO)
        outstanding = outstanding_principal(disbursed, loan.instalments.all())
        penalty = penalty_due(loan, on) if days else ZERO
        bucket = arrears_bucket(days)
        buckets[bucket]["count"] += 1
        buckets[bucket]["overdue"] += overdue
        buckets[bucket]["principal"] += outstanding
        buckets[bucket]["penalty"] += penalty
        totals["approved"] += loan.approved_amount
        totals["disbursed"] += disbursed
        totals["outstanding"] += outstanding
        totals["overdue"] += overdue
        totals["penalty"] += penalty
        rows.append(
            {
                "loan": loan,
                "days": days,
                "overdue": overdue,
                "penalty": penalty,
                "outstanding": outstanding,
                "bucket": bucket,
            }
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


def _dated_rows(loan: Loan, name: str):
    """The loan's ``name`` rows: the prefetched ones when a list page prefetched them, else one query."""
    manager = getattr(loan, name)
    if name in getattr(loan, "_prefetched_objects_cache", {}):
        return manager.all()
    return manager.select_related("recorded_by")


def loan_movements(loan: Loan) -> list[servicing.Movement]:
    """Every dated row of the loan in the order it happened (same day: the order it was recorded)."""
    movements = [
        (d.disbursed_on, d.recorded_at, servicing.Movement("tranche", d.disbursed_on, d.amount, ref=d))
        for d in _dated_rows(loan, "disbursements")
    ]
    movements += [
        (
            r.paid_on,
            r.recorded_at,
            servicing.Movement("payment", r.paid_on, r.amount, r.prepayment_mode, ref=r),
        )
        for r in _dated_rows(loan, "repayments")
    ]
    movements += [
        (c.cancelled_on, c.recorded_at, servicing.Movement("cancellation", c.cancelled_on, c.amount, ref=c))
        for c in _dated_rows(loan, "cancellations")
    ]
    movements += [
        (
            w.waived_on,
            w.recorded_at,
            servicing.Movement("waiver", w.waived_on, w.amount, number=w.instalment_number, ref=w),
        )
        for w in _dated_rows(loan, "waivers")
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
