"""The sweep of unsent e-mails, and queueing that survives a broker outage (tasks run in-process here)."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from revival_portal.notifications.models import Notification
from revival_portal.notifications.services import email_send_later, notify
from revival_portal.notifications.sweep import notifications_unsent
from revival_portal.notifications.tasks import notification_email_deliver, notifications_unsent_sweep
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def refuse(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(notification_email_deliver, "delay", refuse)


def unsent(user, *, minutes_ago: float, **fields) -> Notification:
    notification = Notification.objects.create(recipient=user, kind="test", subject="Hello", **fields)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return notification


def test_notify_with_the_broker_down_keeps_the_notification_unsent_and_raises_nothing(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(recipients=OperatorFactory(), kind="test", subject="Hello")

    notification.refresh_from_db()
    assert notification.emailed_at is None and mail.outbox == []
    assert "broker unreachable" in caplog.text


def test_a_plain_email_with_the_broker_down_is_sent_from_the_request(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from revival_portal.notifications.tasks import email_send

    monkeypatch.setattr(email_send, "delay", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        email_send_later(subject="Reset", body="B", to=["a@example.ir"])
    assert "broker unreachable" in caplog.text
    assert [(message.subject, message.to) for message in mail.outbox] == [("Reset", ["a@example.ir"])]


def test_a_plain_email_with_broker_and_mail_server_down_is_logged_not_raised(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    from revival_portal.notifications import tasks

    monkeypatch.setattr(tasks.email_send, "delay", refuse)
    monkeypatch.setattr(tasks, "send_mail", lambda *args, **kwargs: refuse_smtp())
    with django_capture_on_commit_callbacks(execute=True):
        email_send_later(subject="Reset", body="B", to=["a@example.ir"])
    assert "could not be sent" in caplog.text


def refuse_smtp():
    raise smtplib.SMTPServerDisconnected("mail server down")


def test_the_sweep_sends_each_unsent_notification_once():
    user = OperatorFactory()
    owed = unsent(user, minutes_ago=10)

    assert notifications_unsent_sweep.delay().get() == 1
    assert notifications_unsent_sweep.delay().get() == 0  # a second sweep finds nothing to send

    assert [message.to for message in mail.outbox] == [[user.email]]
    owed.refresh_from_db()
    assert owed.emailed_at is not None
    assert notification_email_deliver(owed.pk) is False  # the normal path arriving late sends nothing


def test_the_sweep_leaves_fresh_stale_sent_muted_and_addressless_notifications():
    user = OperatorFactory()
    unsent(user, minutes_ago=0.5)  # the normal path is still on it
    unsent(user, minutes_ago=8 * 24 * 60)  # more than a week old
    unsent(user, minutes_ago=10, emailed_at=timezone.now())
    unsent(user, minutes_ago=10, send_email=False)
    unsent(OperatorFactory(email=""), minutes_ago=10)

    assert not notifications_unsent().exists()
    assert notifications_unsent_sweep.delay().get() == 0
    assert mail.outbox == []


def test_the_sweep_stops_when_the_broker_is_down_again(broker_down):
    unsent(OperatorFactory(), minutes_ago=10)
    assert notifications_unsent_sweep() == 0
    assert notifications_unsent().count() == 1
