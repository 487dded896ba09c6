"""Scheduled work of the mine registry."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mines.models import Mine, ProductionReport
from mines.selectors import LICENCE_WARNING_DAYS
from revival_portal.core.calendar import format_jalali, jalali_month_range, jalali_period_label, to_jalali
from revival_portal.notifications.services import notify


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def licence_expiry_remind(today: str | None = None) -> int:
    """Tell each operator once about every licence that expires within 60 days; returns how many were new."""
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    mines = Mine.objects.licence_expiring_within(LICENCE_WARNING_DAYS, on=on).select_related("operator")
    sent = 0
    for mine in mines.iterator(chunk_size=500):
        created = notify(
            recipients=mine.operator,
            kind="mine.licence_expiring",
            subject=format_lazy(_("The licence of {name} expires soon"), name=mine.name),
            body=format_lazy(
                _("Licence {number} expires on {date}; renew it so the mine can keep applying for support."),
                number=mine.licence_number,
                date=f"{format_jalali(mine.licence_expires_on)} ({mine.licence_expires_on.isoformat()})",
            ),
            url=mine.get_absolute_url(),
            # One reminder per licence term: a renewed licence (new expiry date) gets its own reminder.
            dedupe_key=f"licence-expiring:{mine.pk}:{mine.licence_expires_on.isoformat()}",
        )
        sent += len(created)
    return sent


def previous_jalali_month(on: dt.date) -> tuple[int, int]:
    """The Jalali (year, month) before the one ``on`` falls in."""
    today = to_jalali(on)
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def production_report_remind(today: str | None = None) -> int:
    """Ask each operator once for last Jalali month's report of every verified mine that has not filed it.

    Mines verified after that month began owe no report for it. Returns how many reminders were new.
    """
    on = dt.date.fromisoformat(today) if today else timezone.localdate()
    year, month = previous_jalali_month(on)
    first_day, _last_day = jalali_month_range(year, month)
    filed = ProductionReport.objects.filter(mine=OuterRef("pk"), period_year=year, period_month=month)
    mines = (
        Mine.objects.verified()
        .filter(verified_at__date__lt=first_day)
        .exclude(Exists(filed))
        .select_related("operator")
    )
    period = jalali_period_label(year, month)
    sent = 0
    for mine in mines.iterator(chunk_size=500):
        created = notify(
            recipients=mine.operator,
            kind="mine.production_report_due",
            subject=format_lazy(_("Production report due: {name}, {period}"), name=mine.name, period=period),
            body=format_lazy(
                _("File the production report of {name} for {period}: jobs, tonnes mined and sold, revenue."),
                name=mine.name,
                period=period,
            ),
            url=reverse("mines:report_create", args=[mine.pk]),
            dedupe_key=f"production-report-due:{mine.pk}:{year}-{month:02d}",
        )
        sent += len(created)
    return sent
