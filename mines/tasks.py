"""Scheduled work of the mine registry."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mines.models import Mine
from mines.selectors import LICENCE_WARNING_DAYS
from revival_portal.core.calendar import format_jalali
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
