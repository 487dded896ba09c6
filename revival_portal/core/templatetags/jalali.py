"""Template filters that show dates, money and digits the way the active language expects."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import jdatetime
from django import template
from django.utils.translation import get_language

from revival_portal.core.calendar import format_jalali, to_tehran
from revival_portal.core.text import normalize_digits, persian_digits

register = template.Library()

PERSIAN_THOUSANDS_SEPARATOR = "٬"  # U+066C ARABIC THOUSANDS SEPARATOR, the one Persian typography uses
MISSING_AMOUNT = "—"


def is_persian() -> bool:
    """Return whether the active language is Persian."""
    language = get_language()
    return bool(language) and language.lower().startswith("fa")


@register.filter(is_safe=True)
def localdate(value: Any) -> Any:
    """Render a date in Jalali with Persian digits on Persian pages, else ``YYYY-MM-DD`` (+ HH:MM)."""
    if value is None or value == "":
        return ""
    # jdatetime values are not datetime.date subclasses; bring them back to the Gregorian types first.
    if isinstance(value, jdatetime.date):
        value = value.togregorian()
    if isinstance(value, dt.datetime):
        value = to_tehran(value)
        if is_persian():
            return persian_digits(format_jalali(value, with_time=True))
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        if is_persian():
            return persian_digits(format_jalali(value))
        return value.strftime("%Y-%m-%d")
    # Anything else (a string, a number) is shown as it is rather than breaking the page.
    return value


@register.filter(is_safe=True)
def rials(value: Any) -> Any:
    """Render an amount in rials with thousands separators (Persian digits and ``٬`` on Persian pages)."""
    if value is None or value == "":
        return MISSING_AMOUNT
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):  # what models and sums give: no text to read
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        try:
            amount = Decimal(
                normalize_digits(str(value)).replace(",", "").replace(PERSIAN_THOUSANDS_SEPARATOR, "")
            )
        except InvalidOperation:
            return value
    if not amount.is_finite():
        return value
    return _whole_rials(amount, is_persian())


@lru_cache(maxsize=4096)
def _whole_rials(amount: Decimal, persian: bool) -> str:
    """The text of ``amount`` (equal amounts, as a schedule's instalments often are, are written once)."""
    # Money is whole rials; a computed fraction (an instalment, an average) is rounded, never truncated.
    text = f"{int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}"
    if persian:
        return persian_digits(text.replace(",", PERSIAN_THOUSANDS_SEPARATOR))
    return text


@register.filter(is_safe=True)
def digits(value: Any) -> Any:
    """Render ``value`` with Persian digits on Persian pages and unchanged otherwise (``None`` gives '')."""
    if value is None:
        return ""
    return persian_digits(value) if is_persian() else value


@register.filter
def tonnes(value: Any) -> Any:
    """A tonnage with thousands separators and no needless decimals (Persian digits on Persian pages)."""
    if value is None or value == "":
        return MISSING_AMOUNT
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    if not amount.is_finite():
        return value
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    if is_persian():
        return persian_digits(text.replace(",", PERSIAN_THOUSANDS_SEPARATOR).replace(".", "٫"))
    return text
