"""Requesting and building programme reports: each step is one function the views, tasks and admin share."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role
from revival_portal.core.calendar import jalali_period_label, to_jalali
from revival_portal.notifications.queue import enqueue
from revival_portal.notifications.services import notify
from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.revisions import same_figures, stored_figures

# Rendered in each recipient's language when notify() renders the message.
period_label = lazy(jalali_period_label, str)
# A build that has been "running" this long was cut off (worker lost): it may be claimed again.
STALE_RUN = dt.timedelta(minutes=30)


def _enqueue(report_id: int) -> None:
    from revival_portal.reports.tasks import programme_report_build

    enqueue(programme_report_build, report_id)


def programme_report_enqueue(report: ProgrammeReport) -> None:
    """Build ``report`` in Celery once the current transaction commits."""
    transaction.on_commit(partial(_enqueue, report.pk))


@transaction.atomic
def programme_report_request(
    *, actor, period_kind: str, jalali_year: int, jalali_month: int | None = None
) -> ProgrammeReport:
    """Queue a report for a Jalali month or fiscal year; a build of that period under way is reused."""
    if actor is None or not actor.is_authenticated or not actor.is_programme_staff:
        raise PermissionDenied(_("Only programme staff can request reports."))
    report = ProgrammeReport(
        period_kind=period_kind,
        jalali_year=jalali_year,
        jalali_month=jalali_month if period_kind == PeriodKind.MONTH else None,
        requested_by=actor,
        language=getattr(actor, "language", "") or settings.LANGUAGE_CODE,
    )
    report.full_clean()
    if not report.period.has_started():
        raise ValidationError({"jalali_year": _("This period has not started yet.")})
    in_flight = (
        ProgrammeReport.objects.in_progress()
        .for_period(report.period_kind, report.jalali_year, report.jalali_month)
        .first()
    )
    if in_flight is not None:
        return in_flight
    # A running period is taken as of the day it is built: a second build that day adds nothing. A closed
    # period may be built again at any time: it gives the same revision, or a new one if it was corrected.
    today = timezone.localdate()
    built_today = (
        report.end_date >= today
        and ProgrammeReport.objects.filter(status=ReportStatus.DONE, finished_at__date=today)
        .for_period(report.period_kind, report.jalali_year, report.jalali_month)
        .exists()
    )
    if built_today:
        raise ValidationError(
            _("A report for %(period)s was built today; download it from the list below.")
            % {"period": report.period_label}
        )
    report.save()
    programme_report_enqueue(report)
    return report


def previous_jalali_month(today: dt.date) -> tuple[int, int]:
    """The Jalali year and month before the one ``today`` falls in."""
    current = to_jalali(today)
    return (current.year - 1, 12) if current.month == 1 else (current.year, current.month - 1)


@transaction.atomic
def programme_report_schedule_monthly(*, today: dt.date | None = None) -> tuple[ProgrammeReport, bool]:
    """Create and queue the scheduled report of the previous Jalali month, once per period."""
    year, month = previous_jalali_month(today or timezone.localdate())
    existing = (
        ProgrammeReport.objects.filter(scheduled=True).for_period(PeriodKind.MONTH, year, month).first()
    )
    if existing is not None:
        return existing, False
    report = ProgrammeReport(
        period_kind=PeriodKind.MONTH,
        jalali_year=year,
        jalali_month=month,
        scheduled=True,
        language=settings.LANGUAGE_CODE,
    )
    report.full_clean()
    # The unique constraint on scheduled reports is the last word if two beat runs race: the loser rolls back.
    report.save()
    programme_report_enqueue(report)
    return report, True


@transaction.atomic
def programme_report_claim(*, report_id: int) -> ProgrammeReport | None:
    """Move a queued (or failed, or stale running) report to running; None when it is done or under way.

    The row lock makes a second worker wait here and then see "running", so one report is built once.
    """
    report = ProgrammeReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None or report.status == ReportStatus.DONE:
        return None
    now = timezone.now()
    if report.status == ReportStatus.RUNNING and report.started_at and now - report.started_at < STALE_RUN:
        return None
    report.status = ReportStatus.RUNNING
    report.progress = 5
    report.started_at = now
    report.error = ""
    report.save(update_fields=["status", "progress", "started_at", "error"])
    return report


def programme_report_progress(*, report: ProgrammeReport, progress: int) -> None:
    """Record how far the build is (a single UPDATE, so the page's poll sees it at once)."""
    report.progress = max(0, min(progress, 100))
    ProgrammeReport.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(progress=report.progress)


def _revision(report: ProgrammeReport, figures: dict) -> int:
    """The revision of ``figures`` for ``report``'s period: the last one's number when they are the same,
    else the next. The caller holds the locks on the period's reports, so two builds number in turn."""
    previous = (
        ProgrammeReport.objects.for_period(report.period_kind, report.jalali_year, report.jalali_month)
        .filter(status=ReportStatus.DONE, revision__isnull=False)
        .exclude(pk=report.pk)
        .order_by("-revision", "-finished_at", "-pk")
        .first()
    )
    if previous is None:
        return 1
    return previous.revision if same_figures(previous.figures, figures) else previous.revision + 1


@transaction.atomic
def programme_report_finish(
    *, report: ProgrammeReport, xlsx: bytes, csv: bytes, figures: dict | None = None
) -> ProgrammeReport:
    """Store the files under generated names and the figures with their revision, mark the report done and
    tell the requester."""
    # Lock every report of the period (in one order), so that two builds finishing together number in turn.
    list(
        ProgrammeReport.objects.for_period(report.period_kind, report.jalali_year, report.jalali_month)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    report = ProgrammeReport.objects.select_for_update().get(pk=report.pk)
    if figures is not None:
        report.figures = stored_figures(figures)
        report.revision = _revision(report, report.figures)
    report.xlsx_file.save(f"{report.file_stem}.xlsx", ContentFile(xlsx), save=False)
    report.csv_file.save(f"{report.file_stem}.csv", ContentFile(csv), save=False)
    report.status = ReportStatus.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    report.full_clean()
    report.save()
    notify(
        recipients=_report_audience(report),
        kind="reports.report_done",
        subject=format_lazy(
            _("The programme report for {period} is ready"),
            period=period_label(report.jalali_year, report.jalali_month),
        ),
        body=_("Download the XLSX or CSV file from the reports page."),
        url=reverse("reports:list"),
        dedupe_key=f"report-done:{report.pk}",
    )
    return report


def _report_audience(report: ProgrammeReport) -> list:
    """The requester; for a scheduled run, the reviewers and fund officers."""
    if report.requested_by is not None:
        return [report.requested_by]
    from revival_portal.accounts.models import User

    staff = User.objects.filter(is_active=True, groups__name__in=[Role.REVIEWER, Role.FUND_OFFICER])
    return list(staff.distinct())


def programme_report_release(*, report_id: int, error: str) -> None:
    """Put a build that hit a passing error (disk, network file system) back in the queue for its retry."""
    ProgrammeReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        status=ReportStatus.QUEUED, progress=0, error=error[:2000]
    )


@transaction.atomic
def programme_report_requeue(*, report: ProgrammeReport) -> ProgrammeReport:
    """Queue a failed report again (admin action); other states are left as they are."""
    updated = ProgrammeReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, finished_at=None
    )
    if updated:
        programme_report_enqueue(report)
    report.refresh_from_db()
    return report


def programme_report_fail(*, report_id: int, error: str) -> None:
    """Mark a build failed with its error; staff may request the period again."""
    ProgrammeReport.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
        status=ReportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def programme_report_run(*, report_id: int) -> bool:
    """Claim, compute, write and store one report; False when there was nothing to do (done or running)."""
    from revival_portal.reports.exports import report_csv, report_sections, report_xlsx
    from revival_portal.reports.selectors import programme_figures

    report = programme_report_claim(report_id=report_id)
    if report is None:
        return False
    with translation.override(report.language or settings.LANGUAGE_CODE):
        figures = programme_figures(start=report.start_date, end=report.end_date)
    programme_report_progress(report=report, progress=40)
    sections = report_sections(report, figures)
    programme_report_progress(report=report, progress=60)
    xlsx = report_xlsx(sections)
    programme_report_progress(report=report, progress=80)
    csv = report_csv(sections)
    programme_report_progress(report=report, progress=90)
    programme_report_finish(report=report, xlsx=xlsx, csv=csv, figures=figures)
    return True
