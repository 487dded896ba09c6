"""Reads of the fleet: which units suit a request, and how busy the fleet was over a period."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from equipment.choices import UnitStatus
from equipment.models import Booking, ProcessingUnit, UnitRequest, UnitType
from revival_portal.core.models import Province
from revival_portal.core.provinces import distance_km, provinces_by_distance


def suitable_units(
    unit_request: UnitRequest, *, start_date: dt.date | None = None, end_date: dt.date | None = None
) -> list[ProcessingUnit]:
    """Bookable units serving the request's mineral and free for the window, nearest province first.

    Each unit carries ``distance_km`` from the mine's province (capital to capital).
    """
    start = start_date or unit_request.desired_start
    end = end_date or unit_request.desired_end
    origin_province = unit_request.mine.province
    origin = (float(origin_province.latitude), float(origin_province.longitude))
    rank = {p.code: i for i, p in enumerate(provinces_by_distance(origin, Province.objects.all()))}
    units = list(
        ProcessingUnit.objects.bookable()
        .serving(unit_request.mineral)
        .free_between(start, end)
        .select_related("unit_type", "home_province")
        .distinct()
    )
    for unit in units:
        home = unit.home_province
        unit.distance_km = round(distance_km(origin, (float(home.latitude), float(home.longitude))))
    return sorted(units, key=lambda u: (rank.get(u.home_province_id, len(rank)), u.code))


def _overlap_days(booking: Booking, start: dt.date, end: dt.date) -> int:
    first, last = max(booking.start_date, start), min(booking.end_date, end)
    return max(0, (last - first).days + 1)


@dataclass(frozen=True)
class Utilisation:
    """Booked days over available days for a unit or a unit type in a period."""

    subject: object
    booked_days: int
    available_days: int
    units: int = 1

    @property
    def percent(self) -> float:
        return round(100 * self.booked_days / self.available_days, 1) if self.available_days else 0.0


def booked_days_by_unit(start: dt.date, end: dt.date, bookings=None) -> dict[int, int]:
    """Days each unit is held by live bookings within ``start``..``end`` (both inclusive).

    ``bookings`` replaces the live bookings overlapping the period (the reports pass them as they stood on
    a past day, from their history).
    """
    if bookings is None:
        bookings = Booking.objects.live().overlapping(start, end)
    days: dict[int, int] = defaultdict(int)
    for booking in bookings.only("unit_id", "start_date", "end_date"):
        days[booking.unit_id] += _overlap_days(booking, start, end)
    return days


def fleet_utilisation(
    start: dt.date, end: dt.date, *, units=None, bookings=None
) -> tuple[list[Utilisation], list[Utilisation]]:
    """Utilisation per unit and per unit type (retired units and units not yet built are left out).

    ``units`` and ``bookings`` replace the fleet and the live bookings of the period (the reports pass
    them as they stood on a past day, from their history).
    """
    period_days = (end - start).days + 1
    booked = booked_days_by_unit(start, end, bookings)
    if units is None:
        units = ProcessingUnit.objects.exclude(status__in=[UnitStatus.RETIRED, UnitStatus.IN_PRODUCTION])
    units = units.select_related("unit_type", "home_province").order_by("unit_type__name_en", "code")
    per_unit = [Utilisation(unit, booked.get(unit.id, 0), period_days) for unit in units]
    by_type: dict[int, list[Utilisation]] = defaultdict(list)
    for row in per_unit:
        by_type[row.subject.unit_type_id].append(row)
    types = UnitType.objects.in_bulk(list(by_type))
    per_type = [
        Utilisation(
            types[type_id],
            sum(r.booked_days for r in rows),
            period_days * len(rows),
            units=len(rows),
        )
        for type_id, rows in by_type.items()
    ]
    per_type.sort(key=lambda u: u.subject.name_en)
    return per_unit, per_type
