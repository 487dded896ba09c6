"""CSV and XLSX exports of the (filtered) mine list and of a mine's production reports."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from mines.imports import IMPORT_COLUMNS
from mines.models import Mine, ProductionReport
from revival_portal.core.calendar import format_jalali

MINE_COLUMNS = (
    "id",
    *IMPORT_COLUMNS,
    "licence_expires_on_jalali",
    "licence_expired",
    "verification_status",
    "province_name",
    "primary_mineral_name",
)
REPORT_COLUMNS = (
    "mine",
    "period_year",
    "period_month",
    "jobs",
    "tonnes_mined",
    "tonnes_sold",
    "revenue_rials",
    "filed_at",
)
CHUNK = 1000
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Neutralise text a spreadsheet would run as a formula by prefixing an apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def mine_rows(mines: Iterable[Mine]) -> Iterator[list]:
    """One row per mine, in MINE_COLUMNS order (the import reads the same columns back)."""
    today = timezone.localdate()
    for mine in mines:
        yield [
            mine.pk,
            mine.operator.username,
            mine.name,
            mine.province_id,
            mine.county,
            mine.latitude,
            mine.longitude,
            mine.primary_mineral.code,
            ";".join(m.code for m in mine.other_minerals.all()),
            mine.licence_type,
            mine.licence_number,
            mine.licence_issued_on.isoformat(),
            mine.licence_expires_on.isoformat(),
            mine.revival_stage,
            mine.jobs_before,
            mine.jobs_now,
            mine.annual_output_tonnes,
            "" if mine.proven_reserve_tonnes is None else mine.proven_reserve_tonnes,
            format_jalali(mine.licence_expires_on),
            "yes" if mine.licence_expires_on < today else "no",
            mine.verification_status,
            mine.province.name_fa,
            mine.primary_mineral.name_fa,
        ]


def report_rows(reports: Iterable[ProductionReport]) -> Iterator[list]:
    for report in reports:
        yield [
            report.mine.name,
            report.period_year,
            report.period_month,
            report.jobs,
            report.tonnes_mined,
            report.tonnes_sold,
            report.revenue_rials,
            timezone.localtime(report.filed_at).isoformat(timespec="minutes"),
        ]


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_response(*, filename: str, columns: Iterable[str], rows: Iterator[list]) -> StreamingHttpResponse:
    """Stream a UTF-8 CSV (with BOM, so spreadsheet programs read Persian correctly) row by row."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(list(columns))
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(*, filename: str, title: str, columns: Iterable[str], rows: Iterator[list]) -> FileResponse:
    """Write an XLSX with openpyxl's write-only mode (constant memory) to a temporary file and send it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(columns))
    for row in rows:
        sheet.append([float(v) if hasattr(v, "as_tuple") else spreadsheet_safe(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def iterate(queryset) -> Iterator:
    """Walk a big queryset in chunks, keeping its prefetches (Django runs them per chunk)."""
    return queryset.iterator(chunk_size=CHUNK)
