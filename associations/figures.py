"""The association's own view of its member mines: a cross-app read model over mines, financing and equipment.

It reads only through those apps' querysets and selectors, and only for ``member_mines(user)``.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Endorsement
from associations.selectors import member_mines
from equipment.choices import BookingStatus
from equipment.models import Booking
from financing.choices import ApplicationStatus
from financing.models import Instalment, Loan, LoanApplication
from financing.selectors import loan_arrears

ZERO = Decimal(0)
WAITING_STATES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INFO_REQUESTED,
]

COLUMNS = [
    _("Mine"),
    _("Province"),
    _("Primary mineral"),
    _("Revival stage"),
    _("Jobs now"),
    _("Tonnes mined (last 12 reports)"),
    _("Tonnes sold (last 12 reports)"),
    _("Open applications"),
    _("Loans"),
    _("Outstanding principal (rials)"),
    _("Overdue (rials)"),
    _("Days in arrears"),
    _("Endorsements waiting"),
    _("Live bookings"),
]


@dataclass
class MemberRow:
    mine: object
    tonnes_mined: Decimal = ZERO
    tonnes_sold: Decimal = ZERO
    open_applications: int = 0
    loans: int = 0
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO
    days_in_arrears: int = 0
    waiting: int = 0
    live_bookings: int = 0

    def cells(self) -> list:
        mine = self.mine
        return [
            mine.name,
            str(mine.province),
            str(mine.primary_mineral),
            mine.get_revival_stage_display(),
            mine.jobs_now,
            self.tonnes_mined,
            self.tonnes_sold,
            self.open_applications,
            self.loans,
            self.outstanding,
            self.overdue,
            self.days_in_arrears,
            self.waiting,
            self.live_bookings,
        ]


def member_rows(user, mines=None, on: dt.date | None = None) -> list[MemberRow]:
    """One row of figures per member mine of ``user``'s associations (``mines`` narrows them)."""
    on = on or timezone.localdate()
    mines = (
        (mines if mines is not None else member_mines(user))
        .select_related("province", "primary_mineral")
        .prefetch_related("production_reports")
    )
    rows = {mine.pk: MemberRow(mine=mine) for mine in mines}
    if not rows:
        return []
    for row in rows.values():
        recent = list(row.mine.production_reports.all())[:12]  # newest first
        row.tonnes_mined = sum((r.tonnes_mined for r in recent), ZERO)
        row.tonnes_sold = sum((r.tonnes_sold for r in recent), ZERO)
    applications = (
        LoanApplication.objects.filter(mine__in=rows)
        .values("mine")
        .annotate(open=Count("pk", filter=Q(status__in=[*WAITING_STATES, ApplicationStatus.RECOMMENDED])))
    )
    for entry in applications:
        rows[entry["mine"]].open_applications = entry["open"]
    loans = (
        Loan.objects.filter(application__mine__in=rows)
        .active()
        .select_related("application")
        .prefetch_related(
            Prefetch("instalments", queryset=Instalment.objects.order_by("number")), "disbursements"
        )
    )
    for loan in loans:
        row = rows[loan.application.mine_id]
        days, overdue = loan_arrears(loan, on)
        row.loans += 1
        row.outstanding += loan.outstanding_principal
        row.overdue += overdue
        row.days_in_arrears = max(row.days_in_arrears, days)
    associations = Association.objects.represented_by(user)
    waiting = (
        LoanApplication.objects.filter(mine__in=rows, status__in=WAITING_STATES)
        .exclude(pk__in=Endorsement.objects.filter(association__in=associations).values("application"))
        .values("mine")
        .annotate(n=Count("pk"))
    )
    for entry in waiting:
        rows[entry["mine"]].waiting = entry["n"]
    bookings = (
        Booking.objects.filter(
            request__mine__in=rows, status__in=[BookingStatus.SCHEDULED, BookingStatus.DEPLOYED]
        )
        .values("request__mine")
        .annotate(n=Count("pk"))
    )
    for entry in bookings:
        rows[entry["request__mine"]].live_bookings = entry["n"]
    return list(rows.values())


def totals(rows: list[MemberRow]) -> dict:
    return {
        "mines": len(rows),
        "jobs": sum(r.mine.jobs_now for r in rows),
        "tonnes_mined": sum((r.tonnes_mined for r in rows), ZERO),
        "outstanding": sum((r.outstanding for r in rows), ZERO),
        "overdue": sum((r.overdue for r in rows), ZERO),
        "waiting": sum(r.waiting for r in rows),
    }
