"""Celery tasks of the exports: build one long XLSX, and the daily purge of expired files."""

from celery import shared_task

from revival_portal.core import export_jobs


@shared_task(acks_late=True)
def export_job_build(job_id: int) -> bool:
    """Build export job ``job_id``; a done or running job is left alone. An error marks the job failed
    with its message and is raised so the worker logs it."""
    try:
        return export_jobs.export_job_run(job_id=job_id)
    except Exception as error:
        export_jobs.export_job_fail(job_id=job_id, error=f"{type(error).__name__}: {error}")
        raise


@shared_task
def export_jobs_purge() -> int:
    """Delete the export files past their time."""
    return export_jobs.export_jobs_purge()
