"""A loan's statement: every movement with its effect and the running outstanding principal.

The lines come from replaying the loan (``financing.servicing``), so the statement, the schedule and the
payoff quote can never disagree. The page, the CSV, the XLSX and the API all use ``statement_rows``.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from financing.selectors import loan_replay
from revival_portal.core.templatetags.jalali import localdate

KINDS = {
    "tranche": gettext_lazy("Tranche paid out"),
    "version": gettext_lazy("Schedule version"),
    "instalment_due": gettext_lazy("Instalment due"),
    "penalty": gettext_lazy("Late-payment penalty"),
    "repayment": gettext_lazy("Repayment"),
    "waiver": gettext_lazy("Penalty waived"),
    "cancellation": gettext_lazy("Undisbursed remainder cancelled"),
}

COLUMNS = ["date", "movement", "detail", "amount", "penalty", "interest", "principal", "balance"]


def _detail(line) -> str:
    ref = line.ref
    if line.kind == "tranche":
        return _("reference %(reference)s") % {"reference": ref.bank_reference}
    if line.kind == "repayment":
        return _("reference %(reference)s") % {"reference": ref.reference}
    if line.kind in ("instalment_due", "penalty"):
        return _("instalment %(number)s") % {"number": line.number}
    if line.kind == "waiver":
        return _("instalment %(number)s: %(reason)s (%(actor)s)") % {
            "number": line.number,
            "reason": ref.reason,
            "actor": ref.recorded_by,
        }
    if line.kind == "cancellation":
        return f"{ref.reason} ({ref.recorded_by})"
    if line.kind == "version":
        return _("version %(number)s") % {"number": line.number}
    return ""


def statement_rows(loan, on: dt.date | None = None) -> list[dict]:
    """The statement of ``loan`` up to ``on`` (today): one dict per movement, oldest first."""
    state = loan_replay(loan, on or timezone.localdate())
    return [
        {
            "date": line.on,
            "kind": line.kind,
            "movement": str(KINDS[line.kind]),
            "detail": _detail(line),
            "amount": line.amount,
            "penalty": line.penalty,
            "interest": line.interest,
            "principal": line.principal,
            "balance": line.balance,
        }
        for line in state.lines
    ]


def headers() -> list[str]:
    return [
        _("Date"),
        _("Movement"),
        _("Detail"),
        _("Amount"),
        _("Penalty"),
        _("Interest"),
        _("Principal"),
        _("Outstanding principal"),
    ]


def _cell(name: str, value):
    if name == "date":
        return str(localdate(value))
    if isinstance(value, Decimal):
        return int(value)
    # A spreadsheet would run text starting with these as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    return value


def statement_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_cell(name, row[name]) for name in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode()  # the BOM lets Excel read Persian text


def statement_xlsx(rows: list[dict], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(name, row[name]) for name in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
