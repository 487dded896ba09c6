"""Import of the programme's spreadsheets of mines: row-by-row errors, all-or-nothing or valid rows only."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mines.forms import MineImportRowForm
from mines.services import mine_register
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.core.text import normalize_persian
from revival_portal.notifications.services import notify_role

# The columns of a mine row, shared with the export so an exported file can be imported again.
IMPORT_COLUMNS = (
    "operator",
    "name",
    "province",
    "county",
    "latitude",
    "longitude",
    "primary_mineral",
    "other_minerals",
    "licence_type",
    "licence_number",
    "licence_issued_on",
    "licence_expires_on",
    "revival_stage",
    "jobs_before",
    "jobs_now",
    "annual_output_tonnes",
    "proven_reserve_tonnes",
)
REQUIRED_COLUMNS = frozenset(IMPORT_COLUMNS) - {"other_minerals", "revival_stage", "proven_reserve_tonnes"}
MAX_ROWS = 5000


@dataclass
class RowError:
    """What is wrong with one row: its line in the file (the header is line 1) and the reasons by column."""

    row: int
    messages: dict[str, list[str]]

    @property
    def text(self) -> str:
        return "; ".join(f"{column}: {' '.join(texts)}" for column, texts in self.messages.items())


@dataclass
class ImportResult:
    """What an import did: rows read, rows imported, and the errors by row (or for the whole file)."""

    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    all_or_nothing: bool = True


def _read_rows(data: bytes) -> tuple[list[dict[str, str]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], _("The file is not UTF-8 text; save the spreadsheet as “CSV UTF-8”.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    # An exported file says its columns in the export's language: read them back to the column names.
    from mines.exports import mine_import_headers

    aliases = mine_import_headers()
    reader.fieldnames = [
        aliases.get((name or "").strip(), (name or "").strip()) for name in reader.fieldnames or []
    ]
    headers = set(reader.fieldnames)
    missing = sorted(REQUIRED_COLUMNS - headers)
    if missing:
        return [], _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
    rows = []
    for row in reader:
        rows.append({(key or "").strip(): (value or "").strip() for key, value in row.items() if key})
        if len(rows) > MAX_ROWS:
            return [], _("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS}
    return rows, ""


def _row_data(row: dict[str, str]) -> dict:
    data = dict(row)
    data["other_minerals"] = [
        code.strip() for code in row.get("other_minerals", "").split(";") if code.strip()
    ]
    data["licence_type"] = row.get("licence_type", "").lower()
    data["revival_stage"] = row.get("revival_stage", "").lower()
    return data


def _form_messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return dict(error.message_dict)
    return {"row": [str(m) for m in error.messages]}


def mine_import_csv(*, actor, data: bytes, all_or_nothing: bool = True) -> ImportResult:
    """Check every row of the file and register the valid ones as pending mines.

    With ``all_or_nothing`` one bad row means nothing is written; otherwise the valid rows are written and
    the bad ones reported. Either way the whole file is one transaction: nothing is ever half-written.
    """
    if not is_reviewer(actor):
        raise PermissionDenied(_("Only programme reviewers may import mines."))
    result = ImportResult(all_or_nothing=all_or_nothing)
    rows, result.file_error = _read_rows(data)
    result.rows = len(rows)
    if result.file_error:
        return result
    seen_licences: dict[str, int] = {}
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            licence = (normalize_persian(row.get("licence_number", "")) or "").upper()
            if licence in seen_licences:
                message = _("The same licence number is on line %(line)d of this file.") % {
                    "line": seen_licences[licence]
                }
                result.errors.append(RowError(line, {"licence_number": [message]}))
                continue
            seen_licences[licence] = line
            form = MineImportRowForm(data=_row_data(row))
            if not form.is_valid():
                result.errors.append(RowError(line, {k: list(v) for k, v in form.errors.items()}))
                continue
            fields = dict(form.cleaned_data)
            fields["revival_stage"] = fields.get("revival_stage") or "idle"
            try:
                with transaction.atomic():
                    mine_register(actor=actor, imported=True, **fields)
            except ValidationError as error:
                result.errors.append(RowError(line, _form_messages(error)))
                continue
            result.imported += 1
        if result.errors and all_or_nothing:
            result.imported = 0
            transaction.set_rollback(True)
        elif result.imported:
            notify_role(
                role=Role.REVIEWER,
                kind="mine.imported",
                subject=format_lazy(
                    gettext_lazy("{count} imported mines await verification"), count=result.imported
                ),
                url=reverse("mines:review_queue"),
                send_email=False,
            )
    return result
