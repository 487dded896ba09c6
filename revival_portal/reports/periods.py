"""A report period: one Jalali month or one Iranian fiscal year.

The report model, its request form and the dashboard all read a period through ``Period``, so the years a
report may cover and the Gregorian days of a month or a fiscal year are decided in one place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from revival_portal.core.calendar import (
    fiscal_year_of,
    fiscal_year_range,
    jalali_month_range,
    jalali_period_label,
    to_jalali,
)
from revival_portal.core.text import normalize_digits
from revival_portal.reports.choices import PeriodKind

MIN_JALALI_YEAR = 1380
MAX_JALALI_YEAR = 1500

# "1403" (a fiscal year) or "1403-07" / "1403/7" (a Jalali month), in any digits.
_PERIOD_TEXT = re.compile(r"^\s*([0-9]{4})(?:\s*[-/.]\s*([0-9]{1,2}))?\s*$")


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
    def parse(cls, text: str) -> Period:
        """Read ``"1403"`` or ``"1403-07"`` (Persian digits too); anything else is a ValueError."""
        match = _PERIOD_TEXT.match(normalize_digits(str(text)))
        if match is None:
            raise ValueError(f"A period is a Jalali year (1403) or a year and month (1403-07), not {text!r}")
        year, month = match.groups()
        return cls(int(year), int(month) if month else None)

    @classmethod
    def current_month(cls, today: dt.date | None = None) -> Period:
        jtoday = to_jalali(today or timezone.localdate())
        return cls(jtoday.year, jtoday.month)

    @classmethod
    def current_fiscal_year(cls, today: dt.date | None = None) -> Period:
        return cls(fiscal_year_of(today or timezone.localdate()))

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """The Gregorian first and last day, both inclusive."""
        return (
            fiscal_year_range(self.year) if self.month is None else jalali_month_range(self.year, self.month)
        )

    def __str__(self) -> str:
        """The text ``parse`` reads back: ``"1403"`` or ``"1403-07"``."""
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"

    @property
    def is_fiscal_year(self) -> bool:
        return self.month is None

    @property
    def kind(self) -> PeriodKind:
        return PeriodKind.FISCAL_YEAR if self.is_fiscal_year else PeriodKind.MONTH

    @property
    def label(self) -> str:
        """``'Fiscal year 1403'`` or ``'Mehr 1403'`` in the active language."""
        return jalali_period_label(self.year, self.month)

    def has_started(self, today: dt.date | None = None) -> bool:
        """Whether the period's first day has come: a report or a page of a later period says nothing yet."""
        return self.bounds[0] <= (today or timezone.localdate())

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The day the period's figures are taken on: its last day, or today while it is still running."""
        return min(self.bounds[1], today or timezone.localdate())
