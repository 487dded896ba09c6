"""The daily licence-expiry reminder: one message per licence term, however often it runs."""

import datetime as dt

import pytest
from django.utils import timezone

from mines.tasks import licence_expiry_remind
from revival_portal.notifications.models import Notification
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory

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


def test_production_report_reminder_asks_once_for_last_months_missing_report():
    from mines.tasks import production_report_remind

    on = dt.date(2025, 5, 10)  # 1404/02/20: the report for Farvardin 1404 is due
    verified_before = timezone.make_aware(dt.datetime(2025, 1, 1))
    missing = MineFactory(verified_at=verified_before)
    filed = MineFactory(verified_at=verified_before)
    ProductionReportFactory(mine=filed, period_year=1404, period_month=1)
    MineFactory(verified_at=timezone.make_aware(dt.datetime(2025, 4, 25)))  # verified during Ordibehesht
    PendingMineFactory()

    assert production_report_remind(on.isoformat()) == 1
    assert production_report_remind(on.isoformat()) == 0
    notification = Notification.objects.get(kind="mine.production_report_due")
    assert notification.recipient == missing.operator
    assert notification.url == f"/mines/{missing.pk}/reports/new/"


def test_the_report_before_farvardin_is_last_years_esfand():
    from mines.tasks import previous_jalali_month

    assert previous_jalali_month(dt.date(2025, 3, 25)) == (1403, 12)
    assert previous_jalali_month(dt.date(2025, 5, 10)) == (1404, 1)
