"""The repayment schedule: annuity after an interest-only grace period, whole rials, Jalali due dates."""

import datetime as dt
from decimal import Decimal

import jdatetime
import pytest

from financing.choices import ArrearsBucket
from financing.schedule import (
    add_jalali_months,
    annuity_payment,
    arrears_bucket,
    build_schedule,
    days_past_due,
)

START = dt.date(2026, 1, 5)  # 15 Dey 1404


def schedule(principal=1_000_000_000, rate="17.99", term=12, grace=0):
    return build_schedule(
        principal=principal,
        annual_percent=Decimal(rate),
        term_months=term,
        grace_months=grace,
        first_due_date=START,
    )


def test_zero_rate_repays_exactly_the_principal_with_no_interest():
    rows = schedule(principal=1000, rate="0", term=6)
    assert [row.amount for row in rows] == [167, 167, 167, 167, 167, 165]
    assert sum(row.principal for row in rows) == 1000
    assert all(row.interest == 0 for row in rows)


def test_zero_rate_with_grace_has_nothing_to_pay_during_grace():
    rows = schedule(principal=1200, rate="0", term=6, grace=2)
    assert len(rows) == 4
    assert rows[0].due_date == add_jalali_months(START, 2)
    assert sum(row.amount for row in rows) == 1200


def test_annuity_at_17_99_percent_matches_the_formula_within_one_rial_per_instalment():
    principal = Decimal(1_000_000_000)
    rows = schedule(principal=principal, rate="17.99", term=12)
    exact = annuity_payment(principal, Decimal("17.99"), 12)
    assert sum(row.principal for row in rows) == principal
    for row in rows[:-1]:
        assert abs(row.amount - exact) <= 1
    # The instalments add up to principal plus interest within one rial per instalment.
    assert abs(sum(row.amount for row in rows) - exact * 12) <= len(rows)
    assert rows[0].interest == Decimal(14991667)  # 1e9 * 17.99 / 1200, rounded half-up


def test_grace_months_are_interest_only_then_annuity_over_the_rest():
    principal = Decimal(600_000_000)
    rows = schedule(principal=principal, rate="12.00", term=12, grace=3)
    assert len(rows) == 12
    for row in rows[:3]:
        assert row.principal == 0
        assert row.interest == Decimal(6_000_000)
    exact = annuity_payment(principal, Decimal("12.00"), 9)
    assert all(abs(row.amount - exact) <= 1 for row in rows[3:-1])
    # The last instalment absorbs the rounding: the total is within one rial per instalment.
    assert abs(sum(row.amount for row in rows[3:]) - exact * 9) <= 9
    assert sum(row.principal for row in rows) == principal
    assert [row.number for row in rows] == list(range(1, 13))


def test_every_amount_is_whole_rials_and_principal_plus_interest():
    for row in schedule(principal=987_654_321, rate="9.37", term=37, grace=5):
        assert row.amount == row.principal + row.interest
        assert row.principal == row.principal.to_integral_value()
        assert row.interest == row.interest.to_integral_value()
        assert row.principal >= 0


def test_due_dates_follow_the_jalali_day_of_month():
    rows = schedule(term=12)
    jalali = [jdatetime.date.fromgregorian(date=row.due_date) for row in rows]
    assert all(day.day == 15 for day in jalali)
    assert (jalali[0].year, jalali[0].month) == (1404, 10)
    assert (jalali[-1].year, jalali[-1].month) == (1405, 9)


def test_day_31_falls_back_to_the_end_of_shorter_months():
    start = jdatetime.date(1404, 6, 31).togregorian()
    assert jdatetime.date.fromgregorian(date=add_jalali_months(start, 1)).day == 30
    assert jdatetime.date.fromgregorian(date=add_jalali_months(start, 6)).day in (29, 30)  # Esfand


@pytest.mark.parametrize(("term", "grace"), [(0, 0), (6, 6), (6, 7)])
def test_impossible_terms_are_refused(term, grace):
    with pytest.raises(ValueError):
        schedule(term=term, grace=grace)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, ArrearsBucket.CURRENT),
        (1, ArrearsBucket.DAYS_1_30),
        (30, ArrearsBucket.DAYS_1_30),
        (31, ArrearsBucket.DAYS_31_90),
        (90, ArrearsBucket.DAYS_31_90),
        (91, ArrearsBucket.OVER_90),
    ],
)
def test_arrears_buckets(days, bucket):
    assert arrears_bucket(days) == bucket


def test_days_past_due():
    assert days_past_due(dt.date(2026, 1, 1), dt.date(2026, 1, 11), paid=False) == 10
    assert days_past_due(dt.date(2026, 1, 1), dt.date(2026, 1, 11), paid=True) == 0
    assert days_past_due(dt.date(2026, 2, 1), dt.date(2026, 1, 11), paid=False) == 0
