"""Reads for the fund's portfolio: outstanding principal and arrears by bucket."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

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
