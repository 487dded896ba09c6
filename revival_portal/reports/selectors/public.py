"""The public transparency page's figures: programme totals, never a name."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils import timezone

from equipment.choices import UnitStatus
from equipment.models import ProcessingUnit
from financing.models import Disbursement, Loan, Repayment
from mines.choices import RevivalStage, Verification
from mines.models import Mine, ProductionReport
from revival_portal.core.calendar import fiscal_year_of
from revival_portal.reports.selectors.sql import ZERO, as_int, as_money, as_tonnes


def public_figures() -> dict:
    """Programme totals for the public transparency page: counts and sums only, never a name.

    Provinces and fiscal years are the only groupings; no person, company or mine is named. 7 queries.
    """
    verified = Q(verification_status=Verification.VERIFIED)
    mines = Mine.objects.aggregate(
        registered=Count("pk"),
        verified=Count("pk", filter=verified),
        revived=Count("pk", filter=verified & Q(revival_stage=RevivalStage.REVIVED)),
        active=Count("pk", filter=verified & Q(revival_stage=RevivalStage.ACTIVE)),
        jobs_before=as_int(Sum("jobs_before", filter=verified)),
        jobs_now=as_int(Sum("jobs_now", filter=verified)),
    )
    mines["jobs_created"] = mines["jobs_now"] - mines["jobs_before"]
    stage_counts = dict(
        Mine.objects.filter(verified).values_list("revival_stage").annotate(n=Count("pk")).order_by()
    )
    by_stage = [
        {"stage": stage.value, "label": str(stage.label), "mines": stage_counts.get(stage.value, 0)}
        for stage in RevivalStage
    ]
    # Only the count per province: a province's jobs or output could be one mine's own figures.
    by_province = [
        {"code": code, "mines": count}
        for code, count in Mine.objects.filter(verified)
        .values_list("province_id")
        .annotate(n=Count("pk"))
        .order_by("province_id")
    ]
    production_by_year = list(
        ProductionReport.objects.filter(mine__verification_status=Verification.VERIFIED)
        .values("period_year")
        .annotate(tonnes_mined=as_tonnes(Sum("tonnes_mined")), tonnes_sold=as_tonnes(Sum("tonnes_sold")))
        .order_by("period_year")
    )
    production = {
        "tonnes_mined": sum((row["tonnes_mined"] for row in production_by_year), ZERO),
        "tonnes_sold": sum((row["tonnes_sold"] for row in production_by_year), ZERO),
    }
    money = {
        **Loan.objects.aggregate(loans=Count("pk"), approved=as_money(Sum("approved_amount"))),
        **Disbursement.objects.aggregate(lent=as_money(Sum("amount"))),
        **Repayment.objects.aggregate(repaid=as_money(Sum("amount"))),
    }
    units = ProcessingUnit.objects.aggregate(
        in_service=Count("pk", filter=~Q(status__in=[UnitStatus.RETIRED, UnitStatus.IN_PRODUCTION])),
        deployed=Count("pk", filter=Q(status=UnitStatus.DEPLOYED)),
    )
    return {
        "mines": mines,
        "by_stage": by_stage,
        "by_province": by_province,
        "production": production,
        "production_by_year": production_by_year,
        "money": money,
        "units": units,
        "fiscal_year": fiscal_year_of(timezone.localdate()),
    }
