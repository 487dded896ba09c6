"""Reads of the mine registry that pages, the API, the dashboard and tasks share."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from mines.models import Mine, MineEvent, ProductionReport

LICENCE_WARNING_DAYS = 60


def mine_list(*, user) -> QuerySet[Mine]:
    """The mines ``user`` may see, with everything a list row shows."""
    return Mine.objects.for_user(user).for_list()


def mine_get(*, user, pk) -> Mine:
    """One mine ``user`` may see; a foreign or unknown id raises ``Mine.DoesNotExist`` (views answer 404)."""
    return (
        Mine.objects.for_user(user)
        .select_related("operator", "province", "primary_mineral", "verified_by")
        .get(pk=pk)
    )


def mine_history(*, mine: Mine) -> QuerySet[MineEvent]:
    return MineEvent.objects.filter(mine=mine).select_related("actor")


def mine_reports(*, mine: Mine) -> QuerySet[ProductionReport]:
    return ProductionReport.objects.filter(mine=mine)


def mines_pending_review(*, user) -> QuerySet[Mine]:
    """Registrations waiting for a reviewer, oldest first (first come, first served)."""
    return mine_list(user=user).pending().order_by("created_at", "pk")


def mines_licence_expiring(*, user, days: int = LICENCE_WARNING_DAYS, on: dt.date | None = None):
    return mine_list(user=user).licence_expiring_within(days, on=on or timezone.localdate())


def production_report_list(*, user) -> QuerySet[ProductionReport]:
    return ProductionReport.objects.for_user(user).select_related("mine", "filed_by")
