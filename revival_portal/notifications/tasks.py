"""E-mail delivery tasks: take ids, idempotent, retried with back-off when the mail server fails."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from revival_portal.notifications.models import Notification

logger = logging.getLogger(__name__)

RETRYABLE = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, retry_jitter=True, max_retries=8
)
def notification_email_deliver(notification_id: int) -> bool:
    """E-mail one notification; a second run finds it already sent and sends nothing."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True, send_email=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        # The row stays locked while sending, so a concurrent duplicate of this task waits and then skips.
        body = notification.body
        if notification.url:
            body = f"{body}\n\n{settings.SITE_URL.rstrip('/')}{notification.url}"
        send_mail(
            notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    logger.info("notification %s e-mailed", notification_id)
    return True


@shared_task(
    autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, retry_jitter=True, max_retries=8
)
def email_send(*, subject: str, body: str, to: list[str]) -> None:
    """Send a plain e-mail (password reset and similar messages that are not inbox entries)."""
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@shared_task
def notifications_unsent_sweep(grace_seconds: int | None = None) -> int:
    """Periodic: queue the e-mail of every notification whose queueing failed (broker down); see sweep.py."""
    from datetime import timedelta

    from revival_portal.notifications import sweep

    grace = sweep.SWEEP_GRACE if grace_seconds is None else timedelta(seconds=grace_seconds)
    queued = sweep.notifications_unsent_sweep(grace=grace)
    if queued:
        logger.info("sweep queued %s unsent notification e-mails", queued)
    return queued
