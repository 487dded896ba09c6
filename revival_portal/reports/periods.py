"""A report period: one Jalali month or one Iranian fiscal year.

The report model, its request form and the dashboard all read a period through ``Period``, so the years a
report may cover and the Gregorian days of a month or a fiscal year are decided in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from revival_portal.core.calendar import (
    fiscal_year_of,
    fiscal_year_range,
    jalali_month_range,
)

MIN_JALALI_YEAR = 1380
MAX_JALALI_YEAR = 1500


@dataclass(frozen=True)
class Period:
    """A Jalali month (``month`` 1..12) or a fiscal year (``month`` None); anything else is a ValueError."""

    year: int
    month: int | None = None

    def __post_init__(self):
        if not MIN_JALALI_YEAR <= self.year <= MAX_JALALI_YEAR:
            raise ValueError(f"Jalali year must be {MIN_JALALI_YEAR}..{MAX_JALALI_YEAR}, not {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"Jalali month must be 1..12, not {self.month}")

    @classmethod
    def current_fiscal_year(cls, today: dt.date | None = None) -> Period:
        return cls(fiscal_year_of(today or timezone.localdate()))

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """The Gregorian first and last day, both inclusive."""
        return (
            fiscal_year_range(self.year) if self.month is None else jalali_month_range(self.year, self.month)
        )
