"""The build task: XLSX and CSV that read back with the figures, idempotence, retries and notifications."""

import csv
import io
from unittest import mock

import pytest
from openpyxl import load_workbook

from revival_portal.notifications.models import Notification
from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.tasks import programme_report_build, programme_report_monthly
from tests.reports.factories import ProgrammeReportFactory, known_mines

pytestmark = pytest.mark.django_db


def _fy1403(reviewer, language="en"):
    reviewer.language = language
    reviewer.save(update_fields=["language"])
    return ProgrammeReportFactory(
        period_kind=PeriodKind.FISCAL_YEAR,
        jalali_year=1403,
        jalali_month=None,
        requested_by=reviewer,
        language=language,
    )


def _summary(sheet) -> dict:
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_build_writes_an_xlsx_and_a_csv_with_the_figures(reviewer):
    known_mines()
    report = _fy1403(reviewer)
    assert programme_report_build.delay(report.pk).get() is True
    report.refresh_from_db()
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    assert report.finished_at is not None
    # Stored under a generated name in private storage, not under the period's name.
    assert report.xlsx_file.name.startswith("reports/") and "1403" not in report.xlsx_file.name
    assert report.xlsx_file.path.startswith(str(report.xlsx_file.storage.location))

    with report.xlsx_file.open("rb") as handle:
        workbook = load_workbook(handle)
    assert workbook.sheetnames == [
        "Summary",
        "Mines by stage",
        "Mines by province",
        "Mines by mineral",
        "Production",
        "Applications",
        "Arrears",
        "Unit utilisation",
    ]
    summary = _summary(workbook["Summary"])
    assert summary["Period"] == "Fiscal year 1403"
    assert summary["First day"] == "2024-03-20" and summary["Last day"] == "2025-03-20"
    assert (
        summary["Mines registered"] == 3 and summary["Mines verified"] == 2 and summary["Mines revived"] == 1
    )
    assert summary["Jobs created"] == 23
    assert summary["Tonnes mined"] == 3500 and isinstance(summary["Tonnes mined"], int)
    assert summary["Revenue (rials)"] == 12_500_000_000
    assert summary["Jobs reported (monthly average)"] == 14
    stages = list(workbook["Mines by stage"].iter_rows(values_only=True))
    assert stages[0] == (
        "Revival stage",
        "Mines",
        "Verified mines",
        "Jobs before revival",
        "Jobs now",
        "Annual output (t)",
    )
    assert stages[-1] == ("Revived", 1, 1, 4, 12, 12000)
    production = list(workbook["Production"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[5]) for row in production] == [
        (1403, 1, 1000),
        (1403, 6, 500),
        (1403, 12, 2000),
    ]

    with report.csv_file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Summary"] and rows[1] == ["Figure", "Value"]
    assert ["Tonnes mined", "3500"] in rows
    assert ["Revived", "1", "1", "4", "12", "12000"] in rows


def test_labels_follow_the_requesters_language(reviewer):
    known_mines()
    report = _fy1403(reviewer, language="fa")
    programme_report_build.delay(report.pk)
    report.refresh_from_db()
    with report.xlsx_file.open("rb") as handle:
        workbook = load_workbook(handle)
    assert workbook.sheetnames[0] == "خلاصه"
    summary = _summary(workbook["خلاصه"])
    assert summary["دوره"] == "سال مالی 1403"
    assert summary["اولین روز"] == "1403/01/01"
    assert summary["معادن احیاشده"] == 1
    provinces = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in provinces} == {"اصفهان", "کرمان"}


def test_running_the_task_twice_builds_once(reviewer):
    report = _fy1403(reviewer)
    assert programme_report_build.delay(report.pk).get() is True
    first_file = ProgrammeReport.objects.get(pk=report.pk).xlsx_file.name
    with mock.patch("revival_portal.reports.exports.report_xlsx") as build:
        assert programme_report_build.delay(report.pk).get() is False
    build.assert_not_called()
    assert ProgrammeReport.objects.get(pk=report.pk).xlsx_file.name == first_file
    assert Notification.objects.filter(recipient=reviewer, kind="reports.report_done").count() == 1


def test_a_running_report_is_not_started_again(reviewer):
    report = _fy1403(reviewer)
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    from django.utils import timezone

    ProgrammeReport.objects.filter(pk=report.pk).update(started_at=timezone.now())
    assert programme_report_build.delay(report.pk).get() is False
    assert ProgrammeReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING


def test_progress_is_recorded_as_the_build_goes(reviewer):
    report = _fy1403(reviewer)
    seen = []
    from revival_portal.reports import services

    original = services.programme_report_progress

    def spy(*, report, progress):
        original(report=report, progress=progress)
        seen.append(ProgrammeReport.objects.get(pk=report.pk).progress)

    with mock.patch.object(services, "programme_report_progress", spy):
        programme_report_build.delay(report.pk)
    assert seen == [40, 60, 80, 90]


def test_a_passing_os_error_is_retried(reviewer):
    report = _fy1403(reviewer)
    from revival_portal.reports import exports

    real = exports.report_csv
    calls = {"n": 0}

    def flaky(sections):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("No space left on device")
        return real(sections)

    with (
        mock.patch.object(exports, "report_csv", flaky),
        mock.patch.object(programme_report_build, "retry", wraps=programme_report_build.retry) as retry,
    ):
        # In eager mode apply() runs the retry at once (throw=False lets it catch the Retry signal).
        programme_report_build.apply(args=[report.pk], throw=False)
    assert retry.call_args.kwargs["countdown"] == 30
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and calls["n"] == 2


def test_os_errors_past_the_last_retry_mark_the_report_failed(reviewer):
    report = _fy1403(reviewer)
    with (
        mock.patch("revival_portal.reports.exports.report_csv", side_effect=OSError("disk gone")),
        pytest.raises(OSError),
    ):
        programme_report_build.apply(args=[report.pk], retries=programme_report_build.max_retries, throw=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "disk gone" in report.error


def test_another_error_marks_the_report_failed_at_once(reviewer):
    report = _fy1403(reviewer)
    with (
        mock.patch(
            "revival_portal.reports.selectors.programme_figures", side_effect=ZeroDivisionError("boom")
        ),
        pytest.raises(ZeroDivisionError),
    ):
        programme_report_build.delay(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "boom" in report.error
    assert not Notification.objects.filter(kind="reports.report_done").exists()


def test_the_requester_is_notified_in_their_language(reviewer, mailoutbox):
    report = _fy1403(reviewer)
    programme_report_build.delay(report.pk)
    notification = Notification.objects.get(recipient=reviewer, kind="reports.report_done")
    assert notification.subject == "The programme report for Fiscal year 1403 is ready"
    assert notification.url == "/reports/"
    reviewer.language = "fa"
    reviewer.save()
    persian = ProgrammeReportFactory(requested_by=reviewer, jalali_year=1404, jalali_month=2)
    programme_report_build.delay(persian.pk)
    assert Notification.objects.filter(recipient=reviewer, subject__contains="اردیبهشت 1404").exists()


def test_monthly_task_builds_the_previous_month_once(
    reviewer, fund_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = programme_report_monthly.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = programme_report_monthly.delay().get()
    assert first == second
    report = ProgrammeReport.objects.get()
    assert report.scheduled and report.status == ReportStatus.DONE
    # Nobody asked for it: the reviewers and fund officers hear about it.
    assert set(
        Notification.objects.filter(kind="reports.report_done").values_list("recipient", flat=True)
    ) == {
        reviewer.pk,
        fund_officer.pk,
    }
