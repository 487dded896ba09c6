"""Requesting, scheduling and claiming report builds."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from revival_portal.reports import services
from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import Period
from tests.reports.factories import ProgrammeReportFactory

pytestmark = pytest.mark.django_db


def test_request_queues_the_build_after_commit(reviewer, django_capture_on_commit_callbacks):
    with (
        mock.patch("revival_portal.reports.tasks.programme_report_build.delay") as delay,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        report = services.programme_report_request(
            actor=reviewer, period_kind=PeriodKind.MONTH, jalali_year=1404, jalali_month=3
        )
        assert not delay.called  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    with mock.patch("revival_portal.reports.tasks.programme_report_build.delay") as delay:
        callbacks[0]()
    delay.assert_called_once_with(report.pk)
    assert (report.status, report.requested_by, report.language) == (ReportStatus.QUEUED, reviewer, "en")
    assert (report.start_date, report.end_date) == (dt.date(2025, 5, 22), dt.date(2025, 6, 21))


def test_operators_and_partners_cannot_request(operator, partner):
    for actor in (operator, partner):
        with pytest.raises(PermissionDenied):
            services.programme_report_request(
                actor=actor, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1404
            )
    assert not ProgrammeReport.objects.exists()


def test_a_period_that_has_not_started_is_refused(reviewer):
    with pytest.raises(ValidationError) as error:
        services.programme_report_request(
            actor=reviewer, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1499
        )
    assert "jalali_year" in error.value.message_dict


def test_a_build_under_way_is_reused(reviewer, fund_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.programme_report_request(
            actor=reviewer, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1404
        )
        again = services.programme_report_request(
            actor=fund_officer, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1404
        )
    assert again.pk == first.pk
    assert ProgrammeReport.objects.count() == 1


def test_monthly_schedule_is_once_per_period(django_capture_on_commit_callbacks):
    today = dt.date(2026, 11, 27)  # 6 Azar 1405: the previous month is Aban 1405
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report, created = services.programme_report_schedule_monthly(today=today)
        again, created_again = services.programme_report_schedule_monthly(today=today)
    assert (created, created_again, again.pk) == (True, False, report.pk)
    assert (report.jalali_year, report.jalali_month, report.scheduled) == (1405, 8, True)
    assert (report.start_date, report.end_date) == (dt.date(2026, 10, 23), dt.date(2026, 11, 21))
    assert len(callbacks) == 1


def test_monthly_schedule_in_farvardin_reports_esfand_of_the_year_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report, _created = services.programme_report_schedule_monthly(today=dt.date(2026, 4, 1))
    assert (report.jalali_year, report.jalali_month) == (1404, 12)


def test_claim_moves_queued_to_running_once():
    report = ProgrammeReportFactory()
    claimed = services.programme_report_claim(report_id=report.pk)
    assert claimed.status == ReportStatus.RUNNING and claimed.started_at is not None
    assert services.programme_report_claim(report_id=report.pk) is None  # running: not started twice


def test_claim_leaves_a_done_report_alone():
    report = ProgrammeReportFactory(status=ReportStatus.DONE, progress=100)
    assert services.programme_report_claim(report_id=report.pk) is None


def test_claim_takes_over_a_stale_run():
    report = ProgrammeReportFactory(status=ReportStatus.RUNNING)
    ProgrammeReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - dt.timedelta(hours=2))
    assert services.programme_report_claim(report_id=report.pk) is not None


def test_requeue_only_failed_reports(django_capture_on_commit_callbacks):
    failed = ProgrammeReportFactory(status=ReportStatus.FAILED, error="disk full")
    done = ProgrammeReportFactory(status=ReportStatus.DONE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.programme_report_requeue(report=failed).status == ReportStatus.QUEUED
        assert services.programme_report_requeue(report=done).status == ReportStatus.DONE
    assert len(callbacks) == 1


def test_a_running_period_already_built_today_is_refused(reviewer, fund_officer):
    current = Period.current_month()
    ProgrammeReportFactory(
        jalali_year=current.year,
        jalali_month=current.month,
        status=ReportStatus.DONE,
        finished_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="built today"):
        services.programme_report_request(
            actor=fund_officer,
            period_kind=PeriodKind.MONTH,
            jalali_year=current.year,
            jalali_month=current.month,
        )
    assert ProgrammeReport.objects.count() == 1


def test_a_closed_period_built_today_may_be_built_again(
    reviewer, fund_officer, django_capture_on_commit_callbacks
):
    """A closed period's figures are those of its last day: a second build gives the same revision, or
    the next one if a correction changed the period since."""
    ProgrammeReportFactory(
        period_kind=PeriodKind.FISCAL_YEAR,
        jalali_month=None,
        jalali_year=1403,
        status=ReportStatus.DONE,
        finished_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=False):
        report = services.programme_report_request(
            actor=fund_officer, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1403
        )
    assert report.status == ReportStatus.QUEUED and ProgrammeReport.objects.count() == 2


def test_a_period_built_on_an_earlier_day_may_be_built_again(reviewer, django_capture_on_commit_callbacks):
    ProgrammeReportFactory(status=ReportStatus.DONE, finished_at=timezone.now() - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=False):
        report = services.programme_report_request(
            actor=reviewer, period_kind=PeriodKind.MONTH, jalali_year=1404, jalali_month=1
        )
    assert report.status == ReportStatus.QUEUED and ProgrammeReport.objects.count() == 2
