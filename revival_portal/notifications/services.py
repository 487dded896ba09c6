"""notify(): the one way the portal tells people about events, in-app and by e-mail after commit."""

import logging
from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from revival_portal.notifications.models import Notification
from revival_portal.notifications.queue import enqueue
from revival_portal.notifications.unread import unread_changed

logger = logging.getLogger(__name__)


def notify(
    *,
    recipients,
    kind: str,
    subject,
    body="",
    url: str = "",
    dedupe_key: str = "",
    send_email: bool = True,
) -> list[Notification]:
    """Create an inbox entry per recipient now, and e-mail each one once the transaction commits.

    ``subject`` and ``body`` may be lazy translations (``format_lazy``): they are rendered in each
    recipient's own language. With a ``dedupe_key`` a recipient who already has that notification gets no
    second one, so scheduled reminders can run any number of times.
    """
    if not isinstance(recipients, Iterable):
        recipients = [recipients]
    created = []
    for recipient in recipients:
        if recipient is None or not recipient.is_active:
            continue
        with translation.override(getattr(recipient, "language", None) or translation.get_language()):
            fields = {"kind": kind, "subject": str(subject)[:255], "body": str(body), "url": url}
        if dedupe_key:
            notification = _create_once(
                recipient=recipient, dedupe_key=dedupe_key, send_email=send_email, **fields
            )
            if notification is None:
                continue
        else:
            notification = Notification.objects.create(recipient=recipient, send_email=send_email, **fields)
        created.append(notification)
        if send_email and recipient.email:
            transaction.on_commit(partial(_enqueue_email, notification.pk))
    return created


def notify_role(*, role: str, **kwargs) -> list[Notification]:
    """Notify every active holder of ``role`` (for example all reviewers)."""
    from revival_portal.accounts.models import User

    return notify(recipients=list(User.objects.with_role(role)), **kwargs)


def _create_once(*, recipient, dedupe_key: str, **fields) -> Notification | None:
    if Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(recipient=recipient, dedupe_key=dedupe_key, **fields)
    except IntegrityError:
        # Another run created it between our check and insert.
        return None


def _enqueue_email(notification_id: int) -> None:
    from revival_portal.notifications.tasks import notification_email_deliver

    # If the broker is down the notification stays unsent, and the periodic sweep e-mails it later.
    enqueue(notification_email_deliver, notification_id)


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given); returns how many."""
    queryset = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    marked = queryset.update(read_at=timezone.now())
    if marked:
        unread_changed(user.pk)
    return marked


def email_send_later(*, subject: str, body: str, to: list[str]) -> None:
    """Send a plain e-mail from a Celery task once the current transaction commits (from the request
    itself when the broker is unreachable)."""
    transaction.on_commit(partial(_email_send_now_or_later, subject=subject, body=body, to=to))


def _email_send_now_or_later(**message) -> None:
    from revival_portal.notifications.tasks import RETRYABLE, email_send

    if enqueue(email_send, **message):
        return
    # No broker: these messages (a reset or verification link) have no inbox row for the sweep to find,
    # so they are sent from the request itself; a mail-server failure is logged, never shown as a 500.
    try:
        email_send(**message)
    except RETRYABLE:
        logger.exception("e-mail %r to %s could not be sent", message["subject"], message["to"])
