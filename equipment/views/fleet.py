"""The fleet: unit list, a unit's booking timeline, and utilisation per unit and per type."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from equipment.filtersets import ProcessingUnitFilterSet
from equipment.models import Booking, ProcessingUnit
from equipment.selectors import fleet_utilisation
from equipment.views.common import reviewer_required
from revival_portal.accounts.roles import Role
from revival_portal.core.calendar import fiscal_year_of, fiscal_year_range
from revival_portal.core.pagination import paginate


@login_required
def unit_list(request):
    queryset = ProcessingUnit.objects.for_user(request.user).select_related("unit_type", "home_province")
    filterset = ProcessingUnitFilterSet(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "equipment/unit_list.html", {"filter": filterset, "page": page})


@login_required
def unit_detail(request, pk: int):
    """A unit and the timeline of its bookings (an operator sees only their own bookings on it)."""
    unit = get_object_or_404(
        ProcessingUnit.objects.for_user(request.user).select_related("unit_type", "home_province", "builder"),
        pk=pk,
    )
    bookings = (
        Booking.objects.for_user(request.user)
        .filter(unit=unit)
        .select_related("request__mine")
        .order_by("start_date", "pk")
    )
    today = timezone.localdate()
    return render(
        request,
        "equipment/unit_detail.html",
        {
            "unit": unit,
            "bookings": bookings,
            "today": today,
            "is_staff_view": request.user.has_role(Role.REVIEWER, Role.FUND_OFFICER, Role.ADMIN),
        },
    )


def _period(request) -> tuple[int, dt.date, dt.date]:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = fiscal_year_of(timezone.localdate())
    if not 1390 <= year <= 1450:
        year = fiscal_year_of(timezone.localdate())
    start, end = fiscal_year_range(year)
    return year, start, end


@reviewer_required
def utilisation(request):
    """Booked days over days in the Iranian fiscal year, per unit and per unit type."""
    year, start, end = _period(request)
    per_unit, per_type = fleet_utilisation(start, end)
    return render(
        request,
        "equipment/utilisation.html",
        {
            "year": year,
            "start": start,
            "end": end,
            "per_unit": per_unit,
            "per_type": per_type,
            "years": range(year - 2, year + 2),
        },
    )
