"""The address of one row's page, remembered per view: a list links every one of its rows.

``reverse`` matches the view's pattern anew on every call, which a page of a hundred rows does a hundred
times. ``row_url`` reverses each view once (per script prefix and URL configuration) with a stand-in id
and then only puts the row's id in its place; the address is the one ``reverse`` gives.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse

# No row has this id; in the reversed address it marks where a row's id goes.
_STAND_IN = 918273645546372819


@lru_cache(maxsize=256)
def _around_id(viewname: str, prefix: str, urlconf) -> tuple[str, str]:
    address = reverse(viewname, args=[_STAND_IN], urlconf=urlconf)
    before, found, after = address.partition(str(_STAND_IN))
    if not found or str(_STAND_IN) in after:
        raise ImproperlyConfigured(f"{viewname} does not take a row's id as its one argument")
    return before, after


def row_url(viewname: str, pk: int) -> str:
    """``reverse(viewname, args=[pk])`` for a view whose one argument is a row's integer id."""
    before, after = _around_id(viewname, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"
