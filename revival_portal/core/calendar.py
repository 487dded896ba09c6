"""Jalali (Iranian) calendar helpers: conversion, formatting, fiscal years and month ranges."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

import jdatetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Storage is UTC; people in the programme read dates in Tehran, whatever the server's zone.
TEHRAN = ZoneInfo("Asia/Tehran")

JALALI_MONTHS: tuple[Promise, ...] = (
    _("Farvardin"),
    _("Ordibehesht"),
    _("Khordad"),
    _("Tir"),
    _("Mordad"),
    _("Shahrivar"),
    _("Mehr"),
    _("Aban"),
    _("Azar"),
    _("Dey"),
    _("Bahman"),
    _("Esfand"),
)

JalaliValue = jdatetime.date | jdatetime.datetime


def to_tehran(value: dt.datetime) -> dt.datetime:
    """Return an aware ``value`` in Asia/Tehran; a naive one is taken as Tehran wall time already."""
    return value.astimezone(TEHRAN) if value.tzinfo is not None else value


def to_jalali(value: dt.date | dt.datetime | JalaliValue | None) -> JalaliValue | None:
    """Return ``value`` as a ``jdatetime`` date or datetime (aware datetimes in Tehran time first)."""
    if value is None or isinstance(value, jdatetime.date | jdatetime.datetime):
        return value
    # datetime is a subclass of date, so it has to be checked first.
    if isinstance(value, dt.datetime):
        return jdatetime.datetime.fromgregorian(datetime=to_tehran(value))
    if isinstance(value, dt.date):
        return jdatetime.date.fromgregorian(date=value)
    raise TypeError(f"Cannot convert {type(value).__name__} to a Jalali date")


def format_jalali(value: dt.date | dt.datetime | JalaliValue | None, *, with_time: bool = False) -> str:
    """Return ``value`` as ``'1404/01/01'`` (or ``'1404/01/01 14:30'`` with time) in ASCII digits."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return _gregorian_as_jalali_text(value, with_time)
    jvalue = to_jalali(value)
    return "" if jvalue is None else _jalali_text(jvalue, with_time)


@lru_cache(maxsize=8192)
def _gregorian_as_jalali_text(value: dt.date | dt.datetime, with_time: bool) -> str:
    """Remembered: pages show the same days and moments again and again (a loan's schedule and payments,
    every list's dates) and the conversion is the dearer part. Equal moments in different zones are one
    moment, shown in Tehran time either way."""
    return _jalali_text(to_jalali(value), with_time)


def _jalali_text(jvalue: JalaliValue, with_time: bool) -> str:
    text = f"{jvalue.year:04d}/{jvalue.month:02d}/{jvalue.day:02d}"
    if with_time and isinstance(jvalue, jdatetime.datetime):
        text += f" {jvalue.hour:02d}:{jvalue.minute:02d}"
    return text


def _check_month(jmonth: int) -> None:
    if not 1 <= jmonth <= 12:
        raise ValueError(f"Jalali month must be 1..12, not {jmonth}")


def jalali_month_range(jyear: int, jmonth: int) -> tuple[dt.date, dt.date]:
    """Return the Gregorian first and last day of Jalali month ``jmonth`` of ``jyear``."""
    _check_month(jmonth)
    first = jdatetime.date(jyear, jmonth, 1)
    # The day before the next month's first day, so Esfand's 29 or 30 days come from jdatetime's leap rule.
    following = jdatetime.date(jyear + 1, 1, 1) if jmonth == 12 else jdatetime.date(jyear, jmonth + 1, 1)
    return first.togregorian(), following.togregorian() - dt.timedelta(days=1)


def fiscal_year_range(jalali_year: int) -> tuple[dt.date, dt.date]:
    """Return the Gregorian first and last day of Iranian fiscal year ``jalali_year`` (Farvardin..Esfand)."""
    first = jdatetime.date(jalali_year, 1, 1).togregorian()
    last = jdatetime.date(jalali_year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return first, last


def fiscal_year_of(value: dt.date | dt.datetime) -> int:
    """Return the Jalali (fiscal) year that ``value`` falls in, judged in Tehran time."""
    jvalue = to_jalali(value)
    if jvalue is None:
        raise TypeError("fiscal_year_of() needs a date, not None")
    return jvalue.year


def jalali_month_name(jmonth: int) -> Promise:
    """Return the translatable name of Jalali month ``jmonth`` (1 = Farvardin)."""
    _check_month(jmonth)
    return JALALI_MONTHS[jmonth - 1]


def jalali_period_label(jyear: int, jmonth: int | None = None) -> str:
    """Return ``'Farvardin 1404'`` for a month or ``'Fiscal year 1404'`` for a year (active language)."""
    if jmonth is None:
        # Translators: an Iranian fiscal year, e.g. "Fiscal year 1404".
        return str(_("Fiscal year %(year)s") % {"year": jyear})
    # Translators: a Jalali month and year, e.g. "Farvardin 1404"; reorder if your language needs it.
    return str(_("%(month)s %(year)s") % {"month": jalali_month_name(jmonth), "year": jyear})


_TYPED_DATE = re.compile(r"^\s*(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})\s*$")
# The programme needs no Gregorian date before 1700 and no Jalali one after it, so the year tells them apart.
_JALALI_YEAR_LIMIT = 1700


def parse_date(value: str | None) -> dt.date | None:
    """Read a typed date in either calendar: ``2025-03-21``, ``1404/01/01`` or ``۱۴۰۴/۰۱/۰۱``.

    Returns the Gregorian date, or None when the text is not a real date.
    """
    from revival_portal.core.text import normalize_digits

    match = _TYPED_DATE.match(normalize_digits(value or ""))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < _JALALI_YEAR_LIMIT:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        return None


_TYPED_TIME = re.compile(r"^(.*?)(?:[ T]+(\d{1,2}):(\d{2}))\s*$")


def parse_datetime(value: str | None) -> dt.datetime | None:
    """Read a typed moment in Tehran time: ``1404/01/05 14:30`` (any digits) or ``2025-03-25T14:30``.

    Returns an aware datetime, or None when the text is not a real date and time.
    """
    from revival_portal.core.text import normalize_digits

    match = _TYPED_TIME.match(normalize_digits(value or "").strip())
    if not match:
        return None
    day = parse_date(match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if day is None or hour > 23 or minute > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TEHRAN)
