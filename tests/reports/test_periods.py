"""One period rule for every page and endpoint that shows programme figures."""

import datetime as dt

import pytest

from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.periods import Period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1403", Period(1403)),
        ("1403-07", Period(1403, 7)),
        ("1403/7", Period(1403, 7)),
        ("۱۴۰۳-۰۷", Period(1403, 7)),
        (" 1404 ", Period(1404)),
        ("1403-13", None),
        ("1403-0", None),
        ("1200", None),
        ("9999", None),
        ("", None),
        (None, None),
        ("1403-07-01", None),
        ("abc", None),
    ],
)
def test_parse(text, expected):
    assert Period.parse(text) == expected


def test_fiscal_year_bounds_and_as_of():
    period = Period(1403)
    assert period.kind == PeriodKind.FISCAL_YEAR
    assert (period.start, period.end) == (dt.date(2024, 3, 20), dt.date(2025, 3, 20))
    assert period.as_of(dt.date(2026, 12, 1)) == dt.date(2025, 3, 20)
    assert period.is_closed(dt.date(2025, 3, 21)) and not period.is_closed(dt.date(2025, 3, 20))
    assert str(period) == "1403"


def test_running_month_is_taken_as_of_today():
    today = dt.date(2026, 12, 1)  # 10 Azar 1405
    period = Period.current_month(today)
    assert period == Period(1405, 9)
    assert period.kind == PeriodKind.MONTH
    assert (period.start, period.end) == (dt.date(2026, 11, 22), dt.date(2026, 12, 21))
    assert period.as_of(today) == today
    assert not period.is_closed(today) and not period.is_future(today)
    assert str(period) == "1405-09"
    assert Period.current_fiscal_year(today) == Period(1405)
