"""The loan portfolio on a day: outstanding principal and arrears by bucket, in one grouped query."""

from __future__ import annotations

import datetime as dt

from financing import balances
from financing.choices import ArrearsBucket
from financing.models import Loan
from revival_portal.reports.selectors.sql import ZERO


def portfolio_arrears(on: dt.date) -> dict:
    """Outstanding principal and arrears by bucket of the loans active on ``on``.

    Loans contracted on or before ``on`` and not closed by it, with instalments due before it less
    repayments dated on or before it (``financing.balances``, the rule of the loans' stored balances):
    today from the stored balances, a past day from the dated rows, so rows dated later change nothing.
    """
    loans, _stored = balances.loans_on(on, Loan.objects.all())
    figures = balances.bucket_totals(loans)
    buckets = [
        {
            "bucket": bucket.value,
            "label": str(bucket.label),
            "count": figures["buckets"][bucket.value]["count"],
            "principal": figures["buckets"][bucket.value]["outstanding"],
            "overdue": figures["buckets"][bucket.value]["overdue"],
        }
        for bucket in ArrearsBucket
    ]
    in_arrears = [row for row in buckets if row["bucket"] != ArrearsBucket.CURRENT]
    totals = {
        "outstanding_principal": figures["all"]["outstanding"],
        "active_loans": figures["all"]["count"],
        "in_arrears_principal": sum((row["principal"] for row in in_arrears), ZERO),
        "in_arrears_overdue": sum((row["overdue"] for row in in_arrears), ZERO),
        "in_arrears_count": sum(row["count"] for row in in_arrears),
    }
    return {"on": on, "totals": totals, "buckets": buckets}
