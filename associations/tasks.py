"""Scheduled work (see CELERY_BEAT_SCHEDULE): remind invited people of tomorrow's review sessions.
Idempotent: a second run sends nothing (the notification's dedupe key)."""

from celery import shared_task

from associations.services.sessions import session_reminders_send


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def session_reminders_daily() -> int:
    return session_reminders_send()
