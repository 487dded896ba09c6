"""Long XLSX exports built by Celery: request one, build it with progress, hand it to its owner only."""

from __future__ import annotations

import datetime as dt
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from revival_portal.core.exports import EXPORTS, write_xlsx
from revival_portal.core.models import ExportJob, ExportStatus
from revival_portal.notifications.queue import enqueue
from revival_portal.notifications.services import notify

# A build that has been "running" this long was cut off (worker lost): it may be claimed again.
STALE_RUN = dt.timedelta(minutes=30)


def _keep() -> dt.timedelta:
    return dt.timedelta(hours=settings.EXPORT_JOB_KEEP_HOURS)


def _enqueue(job_id: int) -> None:
    from revival_portal.core.tasks import export_job_build

    enqueue(export_job_build, job_id)


@transaction.atomic
def export_job_request(*, owner, export_name: str, query: str, language: str, total_rows: int) -> ExportJob:
    """Queue the XLSX of list ``export_name`` filtered by ``query`` for ``owner`` (the caller checked
    that the person may take this list away); it is built once the transaction commits."""
    job = ExportJob.objects.create(
        owner=owner,
        export_name=export_name,
        query=query[:2000],
        language=language,
        total_rows=total_rows,
        expires_at=timezone.now() + _keep(),
    )
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


@transaction.atomic
def export_job_claim(*, job_id: int) -> ExportJob | None:
    """Move a queued (or stale running) job to running; None when it is done, failed or under way."""
    job = ExportJob.objects.select_for_update().select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return None
    if job.status == ExportStatus.RUNNING and timezone.now() - job.created_at < STALE_RUN:
        return None
    job.status = ExportStatus.RUNNING
    job.progress = 1
    job.save(update_fields=["status", "progress"])
    return job


def export_job_progress(*, job: ExportJob, rows_done: int) -> None:
    """Record how far the build is (one UPDATE, so the page's poll sees it at once)."""
    job.progress = min(99, max(1, rows_done * 100 // max(job.total_rows, 1)))
    ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(progress=job.progress)


def export_job_fail(*, job_id: int, error: str) -> None:
    ExportJob.objects.filter(pk=job_id).exclude(status=ExportStatus.DONE).update(
        status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def export_job_run(*, job_id: int) -> bool:
    """Build the job's XLSX from the same list, filters and language as the request; False when there
    was nothing to do. The rows are read in chunks and written one at a time (``write_xlsx``)."""
    job = export_job_claim(job_id=job_id)
    if job is None:
        return False
    export = EXPORTS[job.export_name]
    with translation.override(job.language), tempfile.TemporaryFile() as handle:
        queryset = export.queryset(job.owner, QueryDict(job.query))
        rows = write_xlsx(
            handle,
            title=str(export.title),
            columns=export.headers(),
            rows=export.rows(queryset, job.owner),
            progress=lambda done: export_job_progress(job=job, rows_done=done),
        )
        handle.seek(0)
        export_job_finish(job=job, handle=handle, rows=rows)
    return True


@transaction.atomic
def export_job_finish(*, job: ExportJob, handle, rows: int) -> ExportJob:
    """Store the file under a generated name, mark the job done and tell its owner."""
    job = ExportJob.objects.select_for_update().get(pk=job.pk)
    job.file.save(f"{job.export_name}.{job.file_format}", File(handle), save=False)
    job.status = ExportStatus.DONE
    job.progress = 100
    job.total_rows = rows
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + _keep()
    job.save()
    notify(
        recipients=[job.owner],
        kind="core.export_done",
        subject=format_lazy(_("Your export of {title} is ready"), title=EXPORTS[job.export_name].title),
        body=_("Download the file from the export's page; it is kept for a day."),
        url=job.get_absolute_url(),
        dedupe_key=f"export-done:{job.pk}",
        send_email=False,
    )
    return job


def export_jobs_purge(*, now=None) -> int:
    """Delete the jobs past their time with their files; returns how many."""
    count = 0
    for job in ExportJob.objects.expired(now):
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
