"""Aggregate helpers shared by the report selectors: sums that are 0, never NULL, on an empty table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, Value
from django.db.models.functions import Coalesce

from revival_portal.core.calendar import TEHRAN
from revival_portal.core.money import MoneyField

ZERO = Decimal(0)
MONEY = MoneyField()
TONNES = DecimalField(max_digits=20, decimal_places=2)


def as_money(expression):
    """``expression`` as whole rials, 0 when there are no rows."""
    return Coalesce(expression, Value(ZERO), output_field=MONEY)


def as_tonnes(expression):
    """``expression`` as tonnes (two decimals), 0 when there are no rows."""
    return Coalesce(expression, Value(ZERO), output_field=TONNES)


def as_int(expression):
    """``expression`` as an integer, 0 when there are no rows."""
    return Coalesce(expression, Value(0), output_field=IntegerField())


def aware_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Tehran midnight of ``start`` and of the day after ``end``: a half-open datetime range."""
    first = dt.datetime.combine(start, dt.time.min, tzinfo=TEHRAN)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TEHRAN)
    return first, after
