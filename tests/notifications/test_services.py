"""notify(): inbox rows in the transaction, one e-mail per notification after commit, idempotent tasks."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role
from revival_portal.notifications.models import Notification
from revival_portal.notifications.services import notification_mark_read, notify, notify_role
from revival_portal.notifications.tasks import notification_email_deliver
from tests.factories import OperatorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_notify_creates_the_inbox_row_and_emails_only_after_commit(django_capture_on_commit_callbacks):
    user = OperatorFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [notification] = notify(recipients=user, kind="test", subject="Hello", body="Body", url="/dashboard/")
    assert Notification.objects.get() == notification
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "/dashboard/" in mail.outbox[0].body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_rolled_back_transaction_leaves_no_notification_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    user = OperatorFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[user], kind="test", subject="Hello")
        raise RuntimeError("the business change failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_running_the_delivery_task_twice_sends_one_message():
    user = OperatorFactory()
    notification = Notification.objects.create(recipient=user, kind="test", subject="Once")

    assert notification_email_deliver(notification.pk) is True
    assert notification_email_deliver(notification.pk) is False
    assert len(mail.outbox) == 1


def test_delivery_task_retries_with_backoff_on_mail_server_errors(monkeypatch):
    assert notification_email_deliver.autoretry_for
    assert smtplib.SMTPException in notification_email_deliver.autoretry_for
    assert notification_email_deliver.retry_backoff
    user = OperatorFactory()
    notification = Notification.objects.create(recipient=user, kind="test", subject="Retry")

    def fail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("revival_portal.notifications.tasks.send_mail", fail)
    with pytest.raises(smtplib.SMTPException):
        notification_email_deliver.run(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None  # so the retry sends it


def test_dedupe_key_makes_reminders_idempotent():
    user = OperatorFactory()
    for _attempt in range(3):
        notify(recipients=[user], kind="reminder", subject="Due soon", dedupe_key="instalment-due:1")
    assert Notification.objects.filter(recipient=user).count() == 1


def test_each_recipient_reads_the_message_in_their_own_language():
    persian, english = OperatorFactory(language="fa"), OperatorFactory(language="en")
    notify(recipients=[persian, english], kind="test", subject=_("Notifications"), send_email=False)
    assert Notification.objects.get(recipient=english).subject == "Notifications"
    assert Notification.objects.get(recipient=persian).subject == "اعلان‌ها"


def test_format_lazy_subjects_are_rendered_per_recipient():
    user = OperatorFactory(language="en")
    notify(
        recipients=[user], kind="t", subject=format_lazy("{}: {}", _("Notifications"), "x"), send_email=False
    )
    assert Notification.objects.get().subject == "Notifications: x"


def test_notify_role_reaches_every_active_holder():
    active, inactive = ReviewerFactory(), ReviewerFactory(is_active=False)
    OperatorFactory()
    notify_role(role=Role.REVIEWER, kind="t", subject="Queue", send_email=False)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [active.pk]
    assert inactive.notifications.count() == 0


def test_mark_read_only_touches_the_users_own_notifications():
    mine, other = OperatorFactory(), OperatorFactory()
    own = notify(recipients=[mine], kind="t", subject="a", send_email=False)[0]
    foreign = notify(recipients=[other], kind="t", subject="b", send_email=False)[0]

    assert notification_mark_read(user=mine, notification_ids=[own.pk, foreign.pk]) == 1
    foreign.refresh_from_db()
    assert foreign.read_at is None
