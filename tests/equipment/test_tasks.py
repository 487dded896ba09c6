"""The scheduled tasks call the idempotent services."""

import datetime as dt

import pytest
from django.utils import timezone

from equipment import tasks
from equipment.models import Tender
from revival_portal.notifications.models import Notification
from tests.equipment.factories import BidFactory, BookingFactory, days

pytestmark = pytest.mark.django_db


def test_daily_reminder_runs_twice_sends_once():
    BookingFactory(start_date=days(1), end_date=days(3))
    assert tasks.booking_reminders_daily.delay().get() == 1
    assert tasks.booking_reminders_daily.delay().get() == 0
    assert Notification.objects.filter(kind="equipment.booking_starting").count() == 1


def test_close_task_closes_due_tenders():
    bid = BidFactory()
    Tender.objects.filter(pk=bid.tender.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=5))
    assert tasks.tenders_close.delay().get() == 1
    bid.tender.refresh_from_db()
    assert bid.tender.status == "closed"
