"""Form fields of the mine registry: dates typed in either calendar."""

from __future__ import annotations

import datetime as dt
import re

import jdatetime
from django import forms
from django.utils.translation import gettext_lazy as _

from revival_portal.core.text import normalize_digits

_DATE = re.compile(r"^\s*(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})\s*$")
# No Gregorian date the registry needs is before 1700, and no Jalali one after it.
_JALALI_YEAR_LIMIT = 1700


def parse_date(value: str) -> dt.date | None:
    """Read ``2025-03-21``, ``1404/01/01`` or ``۱۴۰۴/۰۱/۰۱`` (Jalali when the year is below 1700)."""
    match = _DATE.match(normalize_digits(value or ""))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        if year < _JALALI_YEAR_LIMIT:
            return jdatetime.date(year, month, day).togregorian()
        return dt.date(year, month, day)
    except ValueError:
        return None


class DateInput(forms.DateInput):
    """The browser's date picker; the value goes out and comes back as an ISO date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", **(attrs or {})}, format="%Y-%m-%d")


class FlexibleDateField(forms.DateField):
    """A date given as an ISO (Gregorian) date or as a Jalali ``yyyy/mm/dd``, in any digits."""

    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a date such as 2025-03-21 or 1404/01/01."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed
