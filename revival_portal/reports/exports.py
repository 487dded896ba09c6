"""The report's sections as rows, and their XLSX (one sheet per section) and CSV renderings; and the list of
reports itself as CSV and XLSX through the shared export view."""

from __future__ import annotations

import csv
import io
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from revival_portal.accounts.permissions import holds_role
from revival_portal.core.calendar import format_jalali, jalali_period_label
from revival_portal.core.exports import Column, ListExport, field_label, register
from revival_portal.reports.choices import REPORT_READER_ROLES, PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport

# Characters Excel refuses in a sheet title; it also caps the title at 31 characters.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class Section:
    """One table of the report: a sheet in the workbook, a block in the CSV."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _number(value):
    """Whole decimals become ints, others floats, so spreadsheets hold numbers, not text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _name(row: dict, persian: bool) -> str:
    return row["name_fa"] if persian else row["name_en"]


def report_sections(
    report: ProgrammeReport, figures: dict, *, in_report_language: bool = True
) -> list[Section]:
    """Every section of the report, labelled in the requester's language (or the active one)."""
    with translation.override(report.language or "fa") if in_report_language else nullcontext():
        persian = translation.get_language().startswith("fa")
        return [
            _summary(report, figures, persian),
            _mine_table(_("Mines by stage"), _("Revival stage"), figures["mines"]["by_stage"], "label"),
            _mine_table(
                _("Mines by province"),
                _("Province"),
                [{**row, "name": _name(row, persian)} for row in figures["mines"]["by_province"]],
                "name",
            ),
            _mine_table(
                _("Mines by mineral"),
                _("Primary mineral"),
                [{**row, "name": _name(row, persian)} for row in figures["mines"]["by_mineral"]],
                "name",
            ),
            Section(
                _("Production"),
                [
                    _("Year"),
                    _("Month"),
                    _("Period"),
                    _("Reports"),
                    _("Jobs"),
                    _("Tonnes mined"),
                    _("Tonnes sold"),
                    _("Revenue (rials)"),
                ],
                [
                    [
                        row["period_year"],
                        row["period_month"],
                        jalali_period_label(row["period_year"], row["period_month"]),
                        row["reports"],
                        row["jobs"],
                        row["tonnes_mined"],
                        row["tonnes_sold"],
                        row["revenue_rials"],
                    ]
                    for row in figures["production"]["by_month"]
                ],
            ),
            Section(
                _("Applications"),
                [_("Status"), _("Applications"), _("Amount requested (rials)")],
                [
                    [row["label"], row["count"], row["amount_requested"]]
                    for row in figures["applications"]["by_state"]
                ],
            ),
            Section(
                _("Arrears"),
                [_("Days past due"), _("Loans"), _("Outstanding principal (rials)"), _("Overdue (rials)")],
                [
                    [row["label"], row["count"], row["principal"], row["overdue"]]
                    for row in figures["portfolio"]["buckets"]
                ],
            ),
            Section(
                _("Unit utilisation"),
                [_("Unit type"), _("Units"), _("Booked days"), _("Unit-days"), _("Utilisation (%)")],
                [
                    [
                        _name(row, persian),
                        row["units"],
                        row["booked_days"],
                        row["available_days"],
                        row["percent"],
                    ]
                    for row in figures["utilisation"]["by_type"]
                ],
            ),
        ]


def _mine_table(title: str, first: str, rows: list[dict], key: str) -> Section:
    return Section(
        title,
        [
            first,
            _("Mines"),
            _("Verified mines"),
            _("Jobs before revival"),
            _("Jobs now"),
            _("Annual output (t)"),
        ],
        [
            [
                row[key],
                row["mines"],
                row["verified"],
                row["jobs_before"],
                row["jobs_now"],
                row["annual_output_tonnes"],
            ]
            for row in rows
        ],
    )


def _summary(report: ProgrammeReport, figures: dict, persian: bool) -> Section:
    mines, production = figures["mines"]["totals"], figures["production"]["totals"]
    applications, money, loans = figures["applications"], figures["money"], figures["loans"]
    portfolio, utilisation = figures["portfolio"]["totals"], figures["utilisation"]

    def day(value):
        return format_jalali(value) if persian else value.isoformat()

    rows = [
        (_("Period"), report.period_label),
        (_("First day"), day(figures["start"])),
        (_("Last day"), day(figures["end"])),
        (_("Mines registered"), mines["mines"]),
        (_("Mines verified"), mines["verified"]),
        (_("Mines revived"), mines["revived"]),
        (_("Jobs before revival (verified mines)"), mines["verified_jobs_before"]),
        (_("Jobs now (verified mines)"), mines["verified_jobs_now"]),
        (_("Jobs created"), mines["jobs_created"]),
        (_("Annual output of verified mines (t)"), mines["verified_annual_output_tonnes"]),
        (_("Proven reserves (t)"), mines["proven_reserve_tonnes"]),
        (_("Production reports filed"), production["reports"]),
        (_("Mines reporting"), production["mines_reporting"]),
        (_("Tonnes mined"), production["tonnes_mined"]),
        (_("Tonnes sold"), production["tonnes_sold"]),
        (_("Revenue (rials)"), production["revenue_rials"]),
        (_("Jobs reported (monthly average)"), production["jobs_average"]),
        (_("Applications submitted in the period"), applications["submitted_in_period"]),
        (_("Amount requested in the period (rials)"), applications["requested_in_period"]),
        (_("Loans contracted in the period"), money["loans_in_period"]),
        (_("Loans contracted to the end of the period"), loans["contracted"]),
        (_("Loans active at the end of the period"), loans["active"]),
        (_("Loans closed by the end of the period"), loans["closed"]),
        (_("Amount approved in the period (rials)"), money["approved_in_period"]),
        (_("Amount disbursed in the period (rials)"), money["disbursed_in_period"]),
        (_("Amount repaid in the period (rials)"), money["repaid_in_period"]),
        (_("Disbursed to the end of the period (rials)"), money["disbursed_to_date"]),
        (_("Repaid to the end of the period (rials)"), money["repaid_to_date"]),
        (_("Late-payment penalty paid in the period (rials)"), money["penalty_paid_in_period"]),
        (_("Penalty waivers in the period"), money["waivers_in_period"]),
        (_("Penalty waived in the period (rials)"), money["waived_in_period"]),
        (_("Portfolio taken on"), day(figures["on"])),
        (_("Outstanding principal (rials)"), portfolio["outstanding_principal"]),
        (_("Loans in arrears"), portfolio["in_arrears_count"]),
        (_("Principal in arrears (rials)"), portfolio["in_arrears_principal"]),
        (_("Overdue instalments (rials)"), portfolio["in_arrears_overdue"]),
        (_("Processing units in service"), utilisation["units"]),
        (_("Bookings in the period"), utilisation["bookings"]),
        (_("Tonnes processed by units"), utilisation["tonnes_processed"]),
        (_("Unit utilisation (%)"), utilisation["percent"]),
    ]
    return Section(_("Summary"), [_("Figure"), _("Value")], [list(row) for row in rows])


def _sheet_title(title: str, used: set[str]) -> str:
    base = SHEET_TITLE_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    candidate, n = base, 2
    while candidate in used:
        candidate = f"{base[:28]} {n}"
        n += 1
    used.add(candidate)
    return candidate


def report_xlsx(sections: list[Section]) -> bytes:
    """A workbook with one sheet per section: a bold header row, then the rows with numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for section in sections:
        sheet = workbook.create_sheet(_sheet_title(section.title, used))
        sheet.append(section.headers)
        for cell in sheet[1]:
            cell.font = bold
        for row in section.rows:
            sheet.append([_number(value) for value in row])
        for index, header in enumerate(section.headers, start=1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
                12, len(header) + 4
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_csv(sections: list[Section]) -> bytes:
    """All sections in one UTF-8 CSV (with a BOM for spreadsheet programs), a blank line between them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, section in enumerate(sections):
        if index:
            writer.writerow([])
        writer.writerow([section.title])
        writer.writerow(section.headers)
        for row in section.rows:
            writer.writerow([_number(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _period_label(year, record) -> str:
    return jalali_period_label(year, record["jalali_month"])


def _requester(username, record) -> str:
    return username or _("Schedule")


REPORT_LIST_EXPORT = register(
    ListExport(
        name="programme-reports",
        title=gettext_lazy("Programme reports"),
        queryset_for_user=lambda user: ProgrammeReport.objects.for_user(user),
        allowed=lambda user: holds_role(user, *REPORT_READER_ROLES),
        columns=(
            Column("id", gettext_lazy("id"), "pk", kind="number"),
            Column("period", gettext_lazy("Period"), "jalali_year", value=_period_label),
            Column("period_kind", gettext_lazy("period kind"), kind="choice", choices=PeriodKind),
            Column("jalali_year", field_label(ProgrammeReport, "jalali_year"), kind="number"),
            Column("jalali_month", field_label(ProgrammeReport, "jalali_month"), kind="number"),
            Column("start_date", field_label(ProgrammeReport, "start_date"), kind="date"),
            Column("end_date", field_label(ProgrammeReport, "end_date"), kind="date"),
            Column("revision", field_label(ProgrammeReport, "revision"), kind="number"),
            Column("status", field_label(ProgrammeReport, "status"), kind="choice", choices=ReportStatus),
            Column(
                "requested_by",
                field_label(ProgrammeReport, "requested_by"),
                "requested_by__username",
                value=_requester,
            ),
            Column("requested_at", field_label(ProgrammeReport, "created_at"), "created_at", kind="datetime"),
            Column("finished_at", field_label(ProgrammeReport, "finished_at"), kind="datetime"),
        ),
    )
)
