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


def mine_api_list(*, user) -> QuerySet[Mine]:
    """The mines ``user`` may see, joined to what an API row shows by name: the operator (the province and
    minerals are shown by id; ``MineSerializer.load_rows`` reads a list's other minerals)."""
    return Mine.objects.for_user(user).select_related("operator")


def mine_other_minerals(*, mine_ids: list[int]) -> dict[int, list[int]]:
    """The ids of each mine's other minerals in the minerals' order, in one query."""
    minerals: dict[int, list[int]] = {mine_id: [] for mine_id in mine_ids}
    links = Mine.other_minerals.through.objects.filter(mine_id__in=mine_ids)
    # Mineral.Meta.ordering, the order of ``mine.other_minerals.all()``.
    for mine_id, mineral_id in links.order_by("mineral__name_en").values_list("mine_id", "mineral_id"):
        minerals[mine_id].append(mineral_id)
    return minerals


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
    """The reports ``user`` may see; a row shows its mine and filer by id, so neither is joined."""
    return ProductionReport.objects.for_user(user)
