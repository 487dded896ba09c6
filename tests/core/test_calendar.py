"""Jalali conversion, fiscal years and month ranges."""

import datetime as dt

import jdatetime
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from revival_portal.core.calendar import (
    fiscal_year_of,
    fiscal_year_range,
    format_jalali,
    jalali_month_range,
    jalali_period_label,
    to_jalali,
)

UTC = dt.UTC


def test_nowruz_1404_is_21_march_2025():
    assert to_jalali(dt.date(2025, 3, 21)) == jdatetime.date(1404, 1, 1)
    assert format_jalali(dt.date(2025, 3, 21)) == "1404/01/01"


def test_aware_datetimes_are_read_in_tehran_time():
    # Tehran is UTC+03:30: 20:30 UTC on 20 March 2025 is already midnight of 1 Farvardin 1404.
    assert format_jalali(dt.datetime(2025, 3, 20, 20, 29, tzinfo=UTC), with_time=True) == "1403/12/30 23:59"
    assert format_jalali(dt.datetime(2025, 3, 20, 20, 30, tzinfo=UTC), with_time=True) == "1404/01/01 00:00"
    assert fiscal_year_of(dt.datetime(2025, 3, 20, 20, 30, tzinfo=UTC)) == 1404


def test_naive_datetimes_are_taken_as_tehran_wall_time():
    assert format_jalali(dt.datetime(2025, 3, 21, 9, 5), with_time=True) == "1404/01/01 09:05"


def test_format_jalali_edge_cases():
    assert format_jalali(None) == ""
    assert format_jalali(dt.date(2025, 3, 21), with_time=True) == "1404/01/01"
    assert format_jalali(dt.datetime(2025, 3, 21, 9, 5)) == "1404/01/01"
    assert format_jalali(jdatetime.date(1403, 12, 30)) == "1403/12/30"
    with pytest.raises(TypeError):
        to_jalali("2025-03-21")


def test_fiscal_year_1403_and_1404():
    assert fiscal_year_range(1403) == (dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    assert fiscal_year_range(1404)[0] == dt.date(2025, 3, 21)
    assert fiscal_year_of(dt.date(2025, 3, 20)) == 1403
    assert fiscal_year_of(dt.date(2025, 3, 21)) == 1404


@pytest.mark.parametrize("jyear", range(1370, 1451))
def test_fiscal_year_starts_on_20_or_21_march(jyear):
    first, last = fiscal_year_range(jyear)
    assert (first.month, first.day) in {(3, 20), (3, 21)}
    assert first.year == jyear + 621
    assert last + dt.timedelta(days=1) == fiscal_year_range(jyear + 1)[0]
    assert (last - first).days + 1 == (366 if jdatetime.date(jyear, 1, 1).isleap() else 365)


@given(st.dates(min_value=dt.date(1992, 1, 1), max_value=dt.date(2070, 12, 31)))
def test_every_date_lies_in_its_fiscal_year_and_month(day):
    first, last = fiscal_year_range(fiscal_year_of(day))
    assert first <= day <= last
    jday = to_jalali(day)
    month_first, month_last = jalali_month_range(jday.year, jday.month)
    assert month_first <= day <= month_last


def test_jalali_month_range():
    assert jalali_month_range(1404, 1) == (dt.date(2025, 3, 21), dt.date(2025, 4, 20))
    # 1403 is a leap year, so its Esfand has 30 days.
    assert jalali_month_range(1403, 12) == (dt.date(2025, 2, 19), dt.date(2025, 3, 20))
    assert jalali_month_range(1404, 12)[1] == dt.date(2026, 3, 20)
    for bad in (0, 13):
        with pytest.raises(ValueError, match="month"):
            jalali_month_range(1404, bad)


def test_period_labels_in_english():
    with translation.override("en"):
        assert jalali_period_label(1404, 1) == "Farvardin 1404"
        assert jalali_period_label(1403, 12) == "Esfand 1403"
        assert jalali_period_label(1404) == "Fiscal year 1404"
