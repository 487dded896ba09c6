"""Celery tasks of the programme reports: build one report, and the scheduled monthly run."""

from celery import shared_task

from revival_portal.reports import services

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def programme_report_build(self, report_id: int) -> bool:
    """Build report ``report_id``; a done or running report is left alone (idempotent).

    A passing file-system error puts the report back in the queue and retries with exponential back-off
    (30 s, 60 s, 120 s, ... at most 10 minutes); after the last retry the report is marked failed. Any other
    error marks it failed at once with the message, and is raised so the worker logs it.
    """
    try:
        return services.programme_report_run(report_id=report_id)
    except OSError as error:
        if self.request.retries >= self.max_retries:
            services.programme_report_fail(report_id=report_id, error=str(error))
            raise
        services.programme_report_release(report_id=report_id, error=str(error))
        raise self.retry(exc=error, countdown=min(600, 30 * 2**self.request.retries)) from error
    except Exception as error:
        services.programme_report_fail(report_id=report_id, error=f"{type(error).__name__}: {error}")
        raise


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=MAX_RETRIES)
def programme_report_monthly() -> int:
    """Queue the report of the previous Jalali month (once per period: a second run changes nothing)."""
    report, _created = services.programme_report_schedule_monthly()
    return report.pk
