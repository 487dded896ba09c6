"""The public transparency page's figures: programme totals, never a name."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from equipment.choices import BookingStatus, UnitStatus
from equipment.models import Booking, ProcessingUnit
from financing.models import Disbursement, Loan, Repayment
from mines.choices import RevivalStage, Verification
from mines.models import Mine, ProductionReport
from revival_portal.core.calendar import fiscal_year_of
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors.history import rows_as_of
from revival_portal.reports.selectors.sql import ZERO, as_int, as_money, as_tonnes, aware_range


def public_figures(period: Period | None = None) -> dict:
    """Programme totals for the public transparency page: counts and sums only, never a name.

    Taken as of ``period`` (by default the current month): the registry and the fleet as they stood at the
    end of the day the period is taken on (its last day, or today while it runs), production filed up to
    that month, and money by the dates of its rows up to that day. Provinces and fiscal years are the only
    groupings; no person, company or mine is named. 7 queries.
    """
    period = period or Period.current_month()
    on = period.as_of()
    cutoff = aware_range(on, on)[1]
    verified = Q(verification_status=Verification.VERIFIED)
    registry = rows_as_of(Mine, cutoff)
    mines = registry.aggregate(
        registered=Count("pk"),
        verified=Count("pk", filter=verified),
        revived=Count("pk", filter=verified & Q(revival_stage=RevivalStage.REVIVED)),
        active=Count("pk", filter=verified & Q(revival_stage=RevivalStage.ACTIVE)),
        jobs_before=as_int(Sum("jobs_before", filter=verified)),
        jobs_now=as_int(Sum("jobs_now", filter=verified)),
    )
    mines["jobs_created"] = mines["jobs_now"] - mines["jobs_before"]
    stage_counts = dict(
        registry.filter(verified).values_list("revival_stage").annotate(n=Count("pk")).order_by()
    )
    by_stage = [
        {"stage": stage.value, "label": str(stage.label), "mines": stage_counts.get(stage.value, 0)}
        for stage in RevivalStage
    ]
    # Only the count per province: a province's jobs or output could be one mine's own figures.
    by_province = [
        {"code": code, "mines": count}
        for code, count in registry.filter(verified)
        .values_list("province_id")
        .annotate(n=Count("pk"))
        .order_by("province_id")
    ]
    verified_ids = registry.filter(verified).values("id")
    last_year, last_month = (period.year, 12) if period.month is None else (period.year, period.month)
    production_by_year = list(
        ProductionReport.objects.filter(mine_id__in=verified_ids)
        .filter(Q(period_year__lt=last_year) | Q(period_year=last_year, period_month__lte=last_month))
        .values("period_year")
        .annotate(tonnes_mined=as_tonnes(Sum("tonnes_mined")), tonnes_sold=as_tonnes(Sum("tonnes_sold")))
        .order_by("period_year")
    )
    production = {
        "tonnes_mined": sum((row["tonnes_mined"] for row in production_by_year), ZERO),
        "tonnes_sold": sum((row["tonnes_sold"] for row in production_by_year), ZERO),
    }
    money = {
        **Loan.objects.filter(contracted_at__lt=cutoff).aggregate(
            loans=Count("pk"), approved=as_money(Sum("approved_amount"))
        ),
        **Disbursement.objects.filter(disbursed_on__lte=on).aggregate(lent=as_money(Sum("amount"))),
        **Repayment.objects.filter(paid_on__lte=on).aggregate(repaid=as_money(Sum("amount"))),
    }
    # A unit is deployed while a booking of its is (the booking's history says when; the unit's own status
    # follows it by a plain UPDATE that leaves no history row).
    deployed = rows_as_of(Booking, cutoff).filter(status=BookingStatus.DEPLOYED).values("unit_id")
    units = rows_as_of(ProcessingUnit, cutoff).aggregate(
        in_service=Count("pk", filter=~Q(status__in=[UnitStatus.RETIRED, UnitStatus.IN_PRODUCTION])),
        deployed=Count("pk", filter=Q(id__in=deployed)),
    )
    return {
        "period": str(period),
        "on": on,
        "mines": mines,
        "by_stage": by_stage,
        "by_province": by_province,
        "production": production,
        "production_by_year": production_by_year,
        "money": money,
        "units": units,
        "fiscal_year": fiscal_year_of(on),
    }
