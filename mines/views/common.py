"""Helpers the mine pages share."""

from __future__ import annotations

from django.http import Http404

from mines.filtersets import MineFilterSet
from mines.models import Mine
from mines.selectors import mine_get
from mines.selectors import mine_list as select_mines


def get_mine(request, pk: int) -> Mine:
    """The mine ``pk`` if the person may see it; anyone else's mine is a 404."""
    try:
        return mine_get(user=request.user, pk=pk)
    except Mine.DoesNotExist:
        raise Http404 from None


def filtered_mines(request) -> MineFilterSet:
    """The person's mines through the shared FilterSet (pages and exports use the same filters)."""
    return MineFilterSet(request.GET or None, queryset=select_mines(user=request.user), request=request)
