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


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("1403", Period(1403)),
        ("1403-07", Period(1403, 7)),
        (" 1403/7 ", Period(1403, 7)),
        ("۱۴۰۳-۱۲", Period(1403, 12)),
    ],
)
def test_a_period_is_read_from_text_in_any_digits(text, period):
    assert Period.parse(text) == period


@pytest.mark.parametrize("text", ["", "14O3", "1403-", "1403-13", "1379", "1403-07-01", "١٤٠٣x", "1403--7"])
def test_anything_else_is_not_a_period(text):
    with pytest.raises(ValueError):
        Period.parse(text)


def test_a_period_reads_back_its_own_text():
    assert str(Period(1403, 7)) == "1403-07"
    assert Period.parse(str(Period(1403, 7))) == Period(1403, 7)
    assert str(Period(1403)) == "1403"


def test_a_closed_period_is_taken_on_its_last_day_and_a_running_one_today():
    assert Period(1403).as_of(dt.date(2026, 12, 2)) == dt.date(2025, 3, 20)
    assert Period(1405).as_of(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)


def test_the_current_month_is_the_jalali_month_of_the_day():
    assert Period.current_month(dt.date(2026, 12, 2)) == Period(1405, 9)
    assert Period.current_month(dt.date(2026, 3, 21)) == Period(1405, 1)


def test_a_period_has_started_from_its_first_day():
    assert Period(1405, 9).has_started(dt.date(2026, 11, 22))  # 1 Azar 1405
    assert not Period(1405, 9).has_started(dt.date(2026, 11, 21))
    assert Period(1405).kind == "fiscal_year" and Period(1405, 9).kind == "month"
