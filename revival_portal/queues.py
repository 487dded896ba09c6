"""Work queues that people sort by a column (newest first unless they choose) and that mark what arrived
since the person's last visit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from revival_portal.accounts.services import queue_visit_record

SORT_PARAMETER = "sort"


@dataclass(frozen=True)
class SortColumn:
    """One sortable column: the value a header link sets and the ``aria-sort`` state to announce."""

    next_value: str
    aria_sort: str  # "ascending", "descending" or "none"


def sort_queue(
    request, queryset: QuerySet, columns: dict[str, str], *, default: str
) -> tuple[QuerySet, dict[str, SortColumn]]:
    """Order ``queryset`` by ``?sort=<column>`` (``-<column>`` for descending, ``default`` otherwise).

    ``columns`` maps a column name to the model field it sorts by. Returns the ordered queryset and, per
    column, what its header link should set and announce.
    """
    chosen = request.GET.get(SORT_PARAMETER, default)
    if chosen.lstrip("-") not in columns:
        chosen = default
    name, descending = chosen.lstrip("-"), chosen.startswith("-")
    field = columns[name]
    ordered = queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")
    links = {}
    for column in columns:
        if column == name:
            links[column] = SortColumn(
                next_value=column if descending else f"-{column}",
                aria_sort="descending" if descending else "ascending",
            )
        else:
            links[column] = SortColumn(next_value=f"-{column}", aria_sort="none")
    return ordered, links


def last_visit(request, queue: str):
    """When the signed-in person last opened ``queue`` (None the first time); this visit is recorded."""
    return queue_visit_record(user=request.user, queue=queue)
