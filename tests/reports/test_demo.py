"""The demo seed builds a monthly and a fiscal-year report once the demo data is committed."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from revival_portal.core.calendar import fiscal_year_of
from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport


@pytest.mark.django_db
def test_seed_demo_builds_two_reports(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    yearly, monthly = ProgrammeReport.objects.order_by("period_kind")
    assert (yearly.period_kind, monthly.period_kind) == (PeriodKind.FISCAL_YEAR, PeriodKind.MONTH)
    assert yearly.jalali_year == fiscal_year_of(timezone.localdate()) - 1
    for report in (yearly, monthly):
        assert report.status == ReportStatus.DONE and report.xlsx_file and report.csv_file
    assert "Built 2 programme reports." in out.getvalue()
