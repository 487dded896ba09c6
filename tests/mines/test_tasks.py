"""The daily licence-expiry reminder: one message per licence term, however often it runs."""

import datetime as dt

import pytest
from django.utils import timezone

from mines.tasks import licence_expiry_remind
from revival_portal.notifications.models import Notification
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def test_reminds_once_for_licences_expiring_within_60_days():
    today = timezone.localdate()
    soon = MineFactory(licence_expires_on=today + dt.timedelta(days=30))
    MineFactory(licence_expires_on=today + dt.timedelta(days=61))
    MineFactory(
        licence_issued_on=today - dt.timedelta(days=900), licence_expires_on=today - dt.timedelta(days=1)
    )
    assert licence_expiry_remind() == 1
    assert licence_expiry_remind.delay().get() == 0
    notification = Notification.objects.get(kind="mine.licence_expiring")
    assert notification.recipient == soon.operator
    # A renewed licence with a new expiry gets its own reminder when that one comes close.
    soon.licence_expires_on = today + dt.timedelta(days=45)
    soon.save()
    assert licence_expiry_remind() == 1


def test_the_reminder_runs_every_day(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["mines-licence-expiry-remind"]
    assert entry["task"] == "mines.tasks.licence_expiry_remind"
