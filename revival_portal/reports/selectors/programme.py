"""The programme report's figures for a period, each as it stood at the end of the period's last day.

Nothing here reads today's state of a row that changes: mines, applications, the fleet and bookings are read
from their simple-history tables or event log as they stood at the cut-off (Tehran midnight after the day the
figures are taken on), loans and money from their dated rows. Rows recorded later with an earlier date (a
repayment entered late, say) do count: that is a correction, and building the report again shows it.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce

from django.db.models import (
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from equipment.choices import BookingStatus, UnitStatus
from equipment.models import Booking, ProcessingUnit
from equipment.selectors import fleet_utilisation
from financing.choices import ApplicationStatus, LoanStatus
from financing.models import (
    ApplicationEvent,
    Disbursement,
    Loan,
    LoanApplication,
    PenaltyWaiver,
    RemainderCancellation,
    Repayment,
)
from mines.choices import RevivalStage, Verification
from mines.models import Mine, Mineral, ProductionReport
from revival_portal.core.calendar import to_jalali
from revival_portal.core.models import Province
from revival_portal.reports.selectors.history import rows_as_of
from revival_portal.reports.selectors.portfolio import portfolio_arrears
from revival_portal.reports.selectors.sql import ZERO, as_int, as_money, as_tonnes, aware_range

# --- Mines --------------------------------------------------------------------------------------------
# Annotation names may not shadow model fields (``jobs_before``), so they carry a prefix that is dropped.
PREFIX = "figure_"


def _mine_aggregates() -> dict:
    verified = Q(verification_status=Verification.VERIFIED)
    aggregates = {
        "mines": Count("pk"),
        "verified": Count("pk", filter=verified),
        "jobs_before": as_int(Sum("jobs_before")),
        "jobs_now": as_int(Sum("jobs_now")),
        "verified_jobs_before": as_int(Sum("jobs_before", filter=verified)),
        "verified_jobs_now": as_int(Sum("jobs_now", filter=verified)),
        "annual_output_tonnes": as_tonnes(Sum("annual_output_tonnes")),
        "verified_annual_output_tonnes": as_tonnes(Sum("annual_output_tonnes", filter=verified)),
        "proven_reserve_tonnes": as_tonnes(Sum("proven_reserve_tonnes")),
    }
    return {PREFIX + key: value for key, value in aggregates.items()}


def _unprefix(row: dict) -> dict:
    return {key.removeprefix(PREFIX): value for key, value in row.items()}


def _roll_up(groups: list[dict], field: str, keys: list[str]) -> dict:
    """The sums of ``keys`` over ``groups`` per value of ``field`` (every mine aggregate is a count or a
    sum, so the groups add up)."""
    totals: dict = {}
    for row in groups:
        into = totals.setdefault(row[field], dict.fromkeys(keys, 0))
        for key in keys:
            into[key] += row[key]
    return totals


def _mine_figures(cutoff: dt.datetime) -> dict:
    """Mines by stage, province and primary mineral (all and verified), jobs, output and reserves, as the
    registry stood at ``cutoff`` (its history): one scan grouped by the three at once, rolled up here, and
    the names of the provinces and minerals found: 3 queries."""
    aggregates = _mine_aggregates()
    keys = [key.removeprefix(PREFIX) for key in aggregates]
    groups = [
        _unprefix(row)
        for row in rows_as_of(Mine, cutoff)
        .values("revival_stage", "province_id", "primary_mineral_id")
        .annotate(**aggregates)
        .order_by()
    ]
    stages = _roll_up(groups, "revival_stage", keys)
    by_stage = [
        {
            "stage": stage.value,
            "label": str(stage.label),
            **{key: stages.get(stage.value, {}).get(key, 0) for key in keys},
        }
        for stage in RevivalStage
    ]
    provinces = _roll_up(groups, "province_id", keys)
    by_province = [
        {
            "code": province.code,
            "name_fa": province.name_fa,
            "name_en": province.name_en,
            "latitude": province.latitude,
            "longitude": province.longitude,
            **provinces[province.code],
        }
        for province in Province.objects.filter(code__in=provinces).order_by("code")
    ]
    minerals = _roll_up(groups, "primary_mineral_id", keys)
    by_mineral = [
        {"code": mineral.code, "name_fa": mineral.name_fa, "name_en": mineral.name_en, **minerals[mineral.pk]}
        for mineral in Mineral.objects.filter(pk__in=minerals).order_by("name_en")
    ]
    totals = {key: sum((row[key] for row in by_stage), 0) for key in keys}
    totals["revived"] = next(row["mines"] for row in by_stage if row["stage"] == RevivalStage.REVIVED)
    totals["jobs_created"] = totals["verified_jobs_now"] - totals["verified_jobs_before"]
    return {"totals": totals, "by_stage": by_stage, "by_province": by_province, "by_mineral": by_mineral}


# --- Production reports -------------------------------------------------------------------------------
def _period_key_range(start: dt.date, end: dt.date) -> tuple[int, int]:
    """``year * 100 + month`` of the Jalali months that ``start`` and ``end`` fall in."""
    first, last = to_jalali(start), to_jalali(end)
    return first.year * 100 + first.month, last.year * 100 + last.month


def _production_figures(start: dt.date, end: dt.date) -> dict:
    """Production filed for the Jalali months of the period, per month and in total: 2 queries."""
    low, high = _period_key_range(start, end)
    reports = ProductionReport.objects.annotate(
        period_key=ExpressionWrapper(F("period_year") * 100 + F("period_month"), output_field=IntegerField())
    ).filter(period_key__gte=low, period_key__lte=high)
    sums = {
        "jobs": as_int(Sum("jobs")),
        "tonnes_mined": as_tonnes(Sum("tonnes_mined")),
        "tonnes_sold": as_tonnes(Sum("tonnes_sold")),
        "revenue_rials": as_money(Sum("revenue_rials")),
        "reports": Count("pk"),
    }
    prefixed = {PREFIX + key: value for key, value in sums.items()}
    by_month = [
        _unprefix(row)
        for row in reports.values("period_year", "period_month")
        .annotate(**prefixed)
        .order_by("period_year", "period_month")
    ]
    totals = _unprefix(reports.aggregate(**prefixed, mines_reporting=Count("mine", distinct=True)))
    # Jobs are a head count per month: the period's figure is the monthly average, not a sum of months.
    totals["jobs_average"] = round(totals["jobs"] / len(by_month)) if by_month else 0
    return {"totals": totals, "by_month": by_month}


# --- Financing ----------------------------------------------------------------------------------------
def _application_figures(first: dt.datetime, cutoff: dt.datetime) -> dict:
    """Applications by state at ``cutoff`` (the last event of the log before it), and those submitted in the
    period (a submission event in it): 1 query. An application's amount is the one it had at ``cutoff``
    (its history)."""
    last_state = (
        ApplicationEvent.objects.filter(application=OuterRef("id"), at__lt=cutoff)
        .order_by("-at", "-pk")
        .values("to_state")[:1]
    )
    submitted = ApplicationEvent.objects.filter(
        application=OuterRef("id"), to_state=ApplicationStatus.SUBMITTED, at__gte=first, at__lt=cutoff
    )
    applications = rows_as_of(LoanApplication, cutoff).annotate(
        state=Coalesce(Subquery(last_state), Value(ApplicationStatus.DRAFT.value), output_field=CharField()),
        was_submitted=Exists(submitted),
    )
    in_period = Q(was_submitted=True)
    rows = {
        row["state"]: row
        for row in applications.values("state")
        .annotate(
            count=Count("pk"),
            requested_total=as_money(Sum("amount_requested")),
            submitted_in_period=Count("pk", filter=in_period),
            requested_in_period=as_money(Sum("amount_requested", filter=in_period)),
        )
        .order_by()
    }
    by_state = [
        {
            "status": status.value,
            "label": str(status.label),
            "count": rows.get(status.value, {}).get("count", 0),
            "amount_requested": rows.get(status.value, {}).get("requested_total", ZERO),
        }
        for status in ApplicationStatus
    ]
    return {
        "by_state": by_state,
        "submitted_in_period": sum(row["submitted_in_period"] for row in rows.values()),
        "requested_in_period": sum((row["requested_in_period"] for row in rows.values()), ZERO),
        "applications": sum(row["count"] for row in rows.values()),
    }


def loans_closed_on(on: dt.date):
    """Loans closed at the end of ``on``: closed now, and no tranche, repayment, cancellation or waiver of
    theirs is dated after ``on``.

    A loan closes on the row that leaves nothing outstanding and nothing to pay out, and a closed loan takes
    no more rows, so its last dated row is the day it closed; a late-recorded repayment dated earlier closes
    it on that earlier day.
    """
    later = [
        Exists(model.objects.filter(loan=OuterRef("pk"), **{f"{date_field}__gt": on}))
        for model, date_field in (
            (Disbursement, "disbursed_on"),
            (Repayment, "paid_on"),
            (RemainderCancellation, "cancelled_on"),
            (PenaltyWaiver, "waived_on"),
        )
    ]
    return Loan.objects.filter(status=LoanStatus.CLOSED).exclude(reduce(operator.or_, later))


def _loan_figures(on: dt.date, cutoff: dt.datetime) -> dict:
    """Loans contracted by the end of ``on``, and how many of them were closed and active then: 1 query."""
    closed = loans_closed_on(on).values("pk")
    counts = Loan.objects.filter(contracted_at__lt=cutoff).aggregate(
        contracted=Count("pk"), closed=Count("pk", filter=Q(pk__in=closed))
    )
    return {**counts, "active": counts["contracted"] - counts["closed"]}


def _money_flows(start: dt.date, end: dt.date, first: dt.datetime, after: dt.datetime) -> dict:
    """Approved (contracted), disbursed, repaid (and the late-payment penalty within it) and penalty waived in
    the period and to its end, by the date of each row: 4 queries."""
    approved = Loan.objects.aggregate(
        approved_in_period=as_money(
            Sum("approved_amount", filter=Q(contracted_at__gte=first, contracted_at__lt=after))
        ),
        loans_in_period=Count("pk", filter=Q(contracted_at__gte=first, contracted_at__lt=after)),
        approved_to_date=as_money(Sum("approved_amount", filter=Q(contracted_at__lt=after))),
        loans_to_date=Count("pk", filter=Q(contracted_at__lt=after)),
    )
    disbursed = Disbursement.objects.aggregate(
        disbursed_in_period=as_money(Sum("amount", filter=Q(disbursed_on__gte=start, disbursed_on__lte=end))),
        disbursed_to_date=as_money(Sum("amount", filter=Q(disbursed_on__lte=end))),
    )
    repaid = Repayment.objects.aggregate(
        repaid_in_period=as_money(Sum("amount", filter=Q(paid_on__gte=start, paid_on__lte=end))),
        repaid_to_date=as_money(Sum("amount", filter=Q(paid_on__lte=end))),
        penalty_paid_in_period=as_money(Sum("penalty_part", filter=Q(paid_on__gte=start, paid_on__lte=end))),
    )
    waived = PenaltyWaiver.objects.filter(waived_on__gte=start, waived_on__lte=end).aggregate(
        waivers_in_period=Count("pk"), waived_in_period=as_money(Sum("amount"))
    )
    return {**approved, **disbursed, **repaid, **waived}


# --- Equipment ----------------------------------------------------------------------------------------
def _utilisation_figures(start: dt.date, end: dt.date, cutoff: dt.datetime) -> dict:
    """Fleet utilisation per unit type over the fleet and the bookings as they stood at ``cutoff`` (their
    history), with the rule of ``equipment.selectors.fleet_utilisation``: 4 queries."""
    units = rows_as_of(ProcessingUnit, cutoff).exclude(
        status__in=[UnitStatus.RETIRED, UnitStatus.IN_PRODUCTION]
    )
    bookings = rows_as_of(Booking, cutoff).exclude(status=BookingStatus.CANCELLED)
    bookings = bookings.filter(start_date__lte=end, end_date__gte=start)
    per_unit, per_type = fleet_utilisation(start, end, units=units, bookings=bookings)
    totals = bookings.aggregate(
        bookings=Count("pk"),
        deployed_or_completed=Count(
            "pk", filter=Q(status__in=[BookingStatus.DEPLOYED, BookingStatus.COMPLETED])
        ),
        units_booked=Count("unit", distinct=True),
        tonnes_processed=as_tonnes(
            Sum("tonnes_processed", filter=Q(status=BookingStatus.COMPLETED, end_date__lte=end))
        ),
    )
    booked = sum(row.booked_days for row in per_type)
    available = sum(row.available_days for row in per_type)
    return {
        "units": len(per_unit),
        "booked_days": booked,
        "available_days": available,
        "percent": round(100 * booked / available, 1) if available else 0.0,
        "by_type": [
            {
                "name_fa": row.subject.name_fa,
                "name_en": row.subject.name_en,
                "units": row.units,
                "booked_days": row.booked_days,
                "available_days": row.available_days,
                "percent": row.percent,
            }
            for row in per_type
        ],
        **totals,
    }


def programme_figures(*, start: dt.date, end: dt.date, on: dt.date | None = None) -> dict:
    """Everything a programme report shows for ``start``..``end`` (both inclusive), as it stood at the end
    of ``on`` (Tehran): by default the period's last day, or today while the period is still running.

    Mines, applications, the fleet and bookings as they stood then (history and event log); production of
    the period's months; loans and money by the dates of their rows; the portfolio (outstanding principal,
    arrears) on ``on``. Under 20 queries, whatever the size of the programme.
    """
    on = on or min(end, timezone.localdate())
    first, _after_end = aware_range(start, end)
    cutoff = aware_range(on, on)[1]
    flows_end = min(end, on)
    return {
        "start": start,
        "end": end,
        "on": on,
        "mines": _mine_figures(cutoff),
        "production": _production_figures(start, end),
        "applications": _application_figures(first, cutoff),
        "loans": _loan_figures(on, cutoff),
        "money": _money_flows(start, flows_end, first, cutoff),
        "portfolio": portfolio_arrears(on),
        "utilisation": _utilisation_figures(start, end, cutoff),
    }
