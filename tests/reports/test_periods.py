"""One period rule for the report model, its form and the dashboard."""

import datetime as dt

import pytest

from revival_portal.reports.periods import Period


@pytest.mark.parametrize(("year", "month"), [(1379, None), (1501, None), (1403, 0), (1403, 13)])
def test_years_and_months_outside_the_programme_are_refused(year, month):
    with pytest.raises(ValueError):
        Period(year, month)


def test_fiscal_year_bounds():
    assert Period(1403).bounds == (dt.date(2024, 3, 20), dt.date(2025, 3, 20))


def test_month_bounds_follow_the_jalali_leap_rule():
    assert Period(1403, 12).bounds == (dt.date(2025, 2, 19), dt.date(2025, 3, 20))  # 1403 is leap: 30 days
    assert Period(1404, 12).bounds == (dt.date(2026, 2, 20), dt.date(2026, 3, 20))  # 29 days


def test_current_fiscal_year_turns_at_nowruz():
    assert Period.current_fiscal_year(dt.date(2026, 3, 20)) == Period(1404)
    assert Period.current_fiscal_year(dt.date(2026, 3, 21)) == Period(1405)
