"""The loan portfolio on a day: outstanding principal and arrears by bucket, in one query."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Greatest

from financing.choices import ArrearsBucket
from financing.models import Disbursement, Instalment, Loan
from revival_portal.reports.selectors.sql import MONEY, ZERO, as_money


def portfolio_arrears(on: dt.date) -> dict:
    """Outstanding principal and arrears by bucket of the active loans on ``on``: 1 query.

    The same rules as ``financing.selectors.portfolio_summary`` (a loan's bucket is its oldest unpaid
    instalment past due; principal paid on the current schedule version), written as SQL so the cost does not
    grow with the portfolio. ``tests/reports`` checks that both agree.
    """
    per_loan = Instalment.objects.filter(loan=OuterRef("pk")).order_by().values("loan")
    overdue = Instalment.objects.overdue(on).filter(loan=OuterRef("pk")).order_by().values("loan")
    loans = Loan.objects.active().annotate(
        disbursed=as_money(
            Subquery(
                Disbursement.objects.filter(loan=OuterRef("pk"), disbursed_on__lte=on)
                .order_by()
                .values("loan")
                .annotate(total=Sum("amount"))
                .values("total")
            )
        ),
        paid_principal=as_money(
            Subquery(per_loan.annotate(total=Sum(F("paid_amount") - F("paid_interest"))).values("total"))
        ),
        oldest_overdue=Subquery(overdue.annotate(oldest=Min("due_date")).values("oldest")),
        overdue_amount=as_money(
            Subquery(overdue.annotate(total=Sum(F("amount") - F("paid_amount"))).values("total"))
        ),
        outstanding=Greatest(F("disbursed") - F("paid_principal"), Value(ZERO), output_field=MONEY),
    )
    limits = {
        ArrearsBucket.CURRENT: Q(oldest_overdue__isnull=True),
        ArrearsBucket.DAYS_1_30: Q(oldest_overdue__gte=on - dt.timedelta(days=30)),
        ArrearsBucket.DAYS_31_90: Q(
            oldest_overdue__gte=on - dt.timedelta(days=90), oldest_overdue__lt=on - dt.timedelta(days=30)
        ),
        ArrearsBucket.OVER_90: Q(oldest_overdue__lt=on - dt.timedelta(days=90)),
    }
    aggregates = {"outstanding_principal": as_money(Sum("outstanding")), "active_loans": Count("pk")}
    for bucket, condition in limits.items():
        key = bucket.replace("-", "_").replace("+", "_plus")
        aggregates[f"{key}_count"] = Count("pk", filter=condition)
        aggregates[f"{key}_principal"] = as_money(Sum("outstanding", filter=condition))
        aggregates[f"{key}_overdue"] = as_money(Sum("overdue_amount", filter=condition))
    totals = loans.aggregate(**aggregates)
    buckets = []
    for bucket in ArrearsBucket:
        key = bucket.value.replace("-", "_").replace("+", "_plus")
        buckets.append(
            {
                "bucket": bucket.value,
                "label": str(bucket.label),
                "count": totals.pop(f"{key}_count"),
                "principal": totals.pop(f"{key}_principal"),
                "overdue": totals.pop(f"{key}_overdue"),
            }
        )
    in_arrears = [row for row in buckets if row["bucket"] != ArrearsBucket.CURRENT]
    totals["in_arrears_principal"] = sum((row["principal"] for row in in_arrears), ZERO)
    totals["in_arrears_overdue"] = sum((row["overdue"] for row in in_arrears), ZERO)
    totals["in_arrears_count"] = sum(row["count"] for row in in_arrears)
    return {"on": on, "totals": totals, "buckets": buckets}
