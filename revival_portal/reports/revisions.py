"""A report's stored figures: kept with each build, compared between builds, and the changes listed.

The figures are stored as JSON (decimals as text, days as ISO dates) so that a report's page and its PDF
show what the files were written from, and so that two builds of a period can be compared: the same figures
keep the revision number, different ones (a later correction of the period's rows) take the next one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder

from financing.choices import ApplicationStatus, ArrearsBucket
from mines.choices import RevivalStage

# Row keys whose label is a choice: labels are taken in the reader's language when the figures are read.
LABELLED = {"stage": RevivalStage, "status": ApplicationStatus, "bucket": ArrearsBucket}
DAYS = ("start", "end", "on")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def stored_figures(figures: dict) -> dict:
    """``figures`` as plain JSON values (what the report row keeps)."""
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def _without_labels(value):
    if isinstance(value, dict):
        return {key: _without_labels(item) for key, item in value.items() if key != "label"}
    if isinstance(value, list):
        return [_without_labels(item) for item in value]
    return value


def same_figures(first: dict | None, second: dict | None) -> bool:
    """Whether two stored figure sets say the same thing (labels, which follow the language, aside)."""
    if first is None or second is None:
        return False
    return _without_labels(first) == _without_labels(second)


def _loaded(value, key: str = ""):
    if isinstance(value, dict):
        row = {name: _loaded(item, name) for name, item in value.items()}
        for name, choices in LABELLED.items():
            if "label" in row and name in row and row[name] in choices.values:
                row["label"] = str(choices(row[name]).label)
        return row
    if isinstance(value, list):
        return [_loaded(item) for item in value]
    if isinstance(value, str) and key in DAYS:
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and key not in ("code", "name_fa", "name_en") and _NUMBER.match(value):
        return Decimal(value)
    return value


def loaded_figures(stored: dict) -> dict:
    """Stored figures back as the selector gives them: days as dates, amounts as decimals, labels in the
    active language."""
    return _loaded(stored)


@dataclass(frozen=True)
class Change:
    """One figure that differs between two revisions."""

    figure: str
    old: object
    new: object


def _cells(sections) -> dict[str, object]:
    """Every value of the report's tables by ``section › row › column`` (the summary has no column).

    A row is named by its first text cell (a stage, a province, "Mehr 1403" in the production table, whose
    year and month come first as numbers).
    """
    cells: dict[str, object] = {}
    for index, section in enumerate(sections):
        for row in section.rows:
            name = next((i for i, value in enumerate(row) if isinstance(value, str)), 0)
            for column, (header, value) in enumerate(zip(section.headers, row, strict=False)):
                if column != name:
                    parts = [section.title, str(row[name])] + ([header] if index else [])
                    cells[" › ".join(parts)] = value
    return cells


def figure_changes(report, previous: dict | None, current: dict | None) -> list[Change]:
    """The figures of ``current`` that differ from ``previous`` (both stored figures of ``report``'s
    period), as the report's tables label them in the active language; a figure missing on one side is
    shown as None there."""
    from revival_portal.reports.exports import report_sections

    if previous is None or current is None:
        return []
    old = _cells(report_sections(report, loaded_figures(previous), in_report_language=False))
    new = _cells(report_sections(report, loaded_figures(current), in_report_language=False))
    return [
        Change(figure, old.get(figure), new.get(figure))
        for figure in list(new) + [name for name in old if name not in new]
        if old.get(figure) != new.get(figure)
    ]
