"""Suitable units (mineral, free window, nearest first) and fleet utilisation."""

import datetime as dt

import pytest

from equipment.choices import BookingStatus, UnitStatus
from equipment.selectors import fleet_utilisation, suitable_units
from revival_portal.core.models import Province
from tests.equipment.factories import (
    BookingFactory,
    ProcessingUnitFactory,
    UnitRequestFactory,
    UnitTypeFactory,
    days,
)
from tests.mines.factories import mineral

pytestmark = pytest.mark.django_db


def test_suitable_units_serve_the_mineral_are_free_and_nearest_first():
    unit_request = UnitRequestFactory(desired_start=days(10), desired_end=days(20))  # mine in Isfahan (IR-10)
    lead_zinc = UnitTypeFactory()
    far = ProcessingUnitFactory(unit_type=lead_zinc, home_province=Province.objects.get(code="IR-11"))
    near = ProcessingUnitFactory(unit_type=lead_zinc, home_province=Province.objects.get(code="IR-14"))
    home = ProcessingUnitFactory(unit_type=lead_zinc, home_province=Province.objects.get(code="IR-10"))
    ProcessingUnitFactory(unit_type=UnitTypeFactory(minerals=[mineral("bauxite")]))  # wrong mineral
    ProcessingUnitFactory(unit_type=lead_zinc, status=UnitStatus.MAINTENANCE)  # not bookable
    busy = ProcessingUnitFactory(unit_type=lead_zinc)
    BookingFactory(unit=busy, start_date=days(20), end_date=days(25))  # shares day 20
    cancelled = ProcessingUnitFactory(unit_type=lead_zinc, home_province=Province.objects.get(code="IR-23"))
    BookingFactory(unit=cancelled, start_date=days(10), end_date=days(20), status=BookingStatus.CANCELLED)

    units = suitable_units(unit_request)

    assert [u.code for u in units] == [home.code, near.code, cancelled.code, far.code]
    assert units[0].distance_km == 0


def test_a_unit_free_the_day_after_is_suitable():
    unit_request = UnitRequestFactory(desired_start=days(21), desired_end=days(30))
    unit = ProcessingUnitFactory()
    BookingFactory(unit=unit, start_date=days(10), end_date=days(20))
    assert suitable_units(unit_request) == [unit]


def test_utilisation_counts_booked_days_inside_the_period():
    start = dt.date(2025, 3, 21)
    end = dt.date(2025, 4, 29)  # 40 days
    unit = ProcessingUnitFactory()
    idle = ProcessingUnitFactory(unit_type=unit.unit_type)
    ProcessingUnitFactory(status=UnitStatus.RETIRED)
    BookingFactory(
        unit=unit, start_date=dt.date(2025, 3, 11), end_date=dt.date(2025, 3, 30)
    )  # 10 days inside
    BookingFactory(
        unit=unit, start_date=dt.date(2025, 4, 20), end_date=dt.date(2025, 5, 30)
    )  # 10 days inside
    BookingFactory(unit=idle, start_date=start, end_date=end, status=BookingStatus.CANCELLED)

    per_unit, per_type = fleet_utilisation(start, end)

    rows = {row.subject.code: row for row in per_unit}
    assert (rows[unit.code].booked_days, rows[unit.code].percent) == (20, 50.0)
    assert rows[idle.code].booked_days == 0
    assert len(per_unit) == 2
    assert (per_type[0].booked_days, per_type[0].available_days, per_type[0].percent) == (20, 80, 25.0)
