"""The sweep of unsent notification e-mails: what a broker outage kept from the queue is sent later, once.

notify() queues each e-mail after commit; when Redis is down that queueing fails (and is logged), and the
notification keeps ``emailed_at`` empty. Celery beat runs this sweep every few minutes: it queues the
delivery task again for every such notification. Delivery is idempotent — the task locks the row and sends
only while ``emailed_at`` is empty — so the sweep, the normal path and a second sweep never send twice.
"""

from datetime import timedelta

from django.utils import timezone

from revival_portal.notifications.models import Notification
from revival_portal.notifications.queue import enqueue

# Fresh notifications are left to the normal path; a sweep meeting them would only queue a no-op.
SWEEP_GRACE = timedelta(minutes=2)
# Older ones are not sent any more: news of a week ago is stale, and a bad address is not retried forever.
SWEEP_MAX_AGE = timedelta(days=7)
SWEEP_BATCH = 500


def notifications_unsent(*, grace: timedelta = SWEEP_GRACE, now=None):
    """Notifications that owe an e-mail, have a recipient address, and are past the grace period."""
    now = now or timezone.now()
    return (
        Notification.objects.filter(
            send_email=True,
            emailed_at__isnull=True,
            created_at__lte=now - grace,
            created_at__gte=now - SWEEP_MAX_AGE,
        )
        .exclude(recipient__email="")
        .order_by("created_at", "pk")
    )


def notifications_unsent_sweep(*, grace: timedelta = SWEEP_GRACE) -> int:
    """Queue the delivery of every unsent notification (a batch per run); returns how many were queued."""
    from revival_portal.notifications.tasks import notification_email_deliver

    queued = 0
    for notification_id in notifications_unsent(grace=grace).values_list("pk", flat=True)[:SWEEP_BATCH]:
        if not enqueue(notification_email_deliver, notification_id):
            break  # the broker went away again; the next sweep carries on
        queued += 1
    return queued
