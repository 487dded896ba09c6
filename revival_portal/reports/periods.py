"""A report period: one Jalali month or one Iranian fiscal year, and the day its figures are taken on.

Every page and endpoint that shows programme figures reads its period through ``Period.parse``, so
``?period=1403`` (fiscal year 1403) and ``?period=1403-07`` (Mehr 1403) mean the same thing everywhere.
A period that has ended is reported as of its last day; the current one as of today.
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
from revival_portal.reports.models import MAX_JALALI_YEAR, MIN_JALALI_YEAR

_PERIOD = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2}))?\s*$")


@dataclass(frozen=True)
class Period:
    """A Jalali month (``month`` 1..12) or a fiscal year (``month`` None)."""

    year: int
    month: int | None = None

    def __post_init__(self):
        if not MIN_JALALI_YEAR <= self.year <= MAX_JALALI_YEAR:
            raise ValueError(f"Jalali year must be {MIN_JALALI_YEAR}..{MAX_JALALI_YEAR}, not {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"Jalali month must be 1..12, not {self.month}")

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """``'1403'`` or ``'1403-07'`` (Persian digits too) as a period; None when it is not one."""
        match = _PERIOD.match(normalize_digits(text or ""))
        if match is None:
            return None
        try:
            return cls(int(match[1]), int(match[2]) if match[2] else None)
        except ValueError:
            return None

    @classmethod
    def current_month(cls, today: dt.date | None = None) -> Period:
        jalali = to_jalali(today or timezone.localdate())
        return cls(jalali.year, jalali.month)

    @classmethod
    def current_fiscal_year(cls, today: dt.date | None = None) -> Period:
        return cls(fiscal_year_of(today or timezone.localdate()))

    @property
    def kind(self) -> str:
        return PeriodKind.FISCAL_YEAR if self.month is None else PeriodKind.MONTH

    @property
    def start(self) -> dt.date:
        return self.bounds[0]

    @property
    def end(self) -> dt.date:
        return self.bounds[1]

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return (
            fiscal_year_range(self.year) if self.month is None else jalali_month_range(self.year, self.month)
        )

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The day the figures are taken on: the period's last day, or today while it runs."""
        return min(self.end, today or timezone.localdate())

    def is_closed(self, today: dt.date | None = None) -> bool:
        return self.end < (today or timezone.localdate())

    def is_future(self, today: dt.date | None = None) -> bool:
        return self.start > (today or timezone.localdate())

    @property
    def label(self) -> str:
        return jalali_period_label(self.year, self.month)

    def __str__(self) -> str:
        """The query-string form: ``1403`` or ``1403-07``."""
        return str(self.year) if self.month is None else f"{self.year}-{self.month:02d}"
