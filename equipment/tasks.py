"""Scheduled work (see CELERY_BEAT_SCHEDULE): the daily 'your unit arrives tomorrow' reminder and closing
tenders past their time. Both are idempotent: a second run sends and changes nothing."""

from celery import shared_task

from equipment.services import booking_reminders_send, tenders_close_due


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def booking_reminders_daily() -> int:
    """Tell operators whose booking starts tomorrow (deduplicated per booking)."""
    return booking_reminders_send()


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def tenders_close() -> int:
    """Close published tenders whose closing time has passed."""
    return tenders_close_due()
