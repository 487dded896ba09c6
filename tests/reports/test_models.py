"""Report periods: the Gregorian range of Jalali months and Iranian fiscal years, and the constraints."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport
from tests.reports.factories import ProgrammeReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        # 1403 is a leap year (Esfand has 30 days), so 1404 starts on 21 March.
        (1403, dt.date(2024, 3, 20), dt.date(2025, 3, 20)),
        (1404, dt.date(2025, 3, 21), dt.date(2026, 3, 20)),
        (1405, dt.date(2026, 3, 21), dt.date(2027, 3, 20)),
    ],
)
def test_fiscal_year_runs_from_1_farvardin_to_the_end_of_esfand(year, start, end):
    report = ProgrammeReportFactory(period_kind=PeriodKind.FISCAL_YEAR, jalali_year=year, jalali_month=None)
    assert (report.start_date, report.end_date) == (start, end)
    assert report.start_date.month == 3 and report.start_date.day in (20, 21)
    assert report.file_stem == f"programme-report-{year}"
    assert str(report) == f"Fiscal year {year}"


def test_month_period_covers_the_jalali_month():
    report = ProgrammeReportFactory(period_kind=PeriodKind.MONTH, jalali_year=1403, jalali_month=12)
    # Esfand 1403 has 30 days.
    assert (report.start_date, report.end_date) == (dt.date(2025, 2, 19), dt.date(2025, 3, 20))
    assert report.file_stem == "programme-report-1403-12"
    assert str(report) == "Esfand 1403"


def test_a_fiscal_year_report_drops_the_month():
    report = ProgrammeReportFactory(period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1404, jalali_month=5)
    assert report.jalali_month is None


def test_a_monthly_report_needs_its_month():
    with pytest.raises(ValidationError) as error:
        ProgrammeReportFactory(period_kind=PeriodKind.MONTH, jalali_month=None)
    assert "jalali_month" in error.value.message_dict


def test_database_refuses_a_month_on_a_fiscal_year_and_progress_over_100():
    report = ProgrammeReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeReport.objects.filter(pk=report.pk).update(period_kind=PeriodKind.FISCAL_YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeReport.objects.filter(pk=report.pk).update(progress=101)


def test_one_scheduled_report_per_period():
    ProgrammeReportFactory(scheduled=True, requested_by=None)
    ProgrammeReportFactory(scheduled=False)  # on-demand reports of the same period are allowed
    with pytest.raises(ValidationError):
        ProgrammeReportFactory(scheduled=True, requested_by=None)


def test_files_have_no_public_url():
    report = ProgrammeReportFactory(status=ReportStatus.DONE)
    report.xlsx_file.name = "reports/x.xlsx"
    with pytest.raises(ValueError, match="no URL"):
        _ = report.xlsx_file.url
