"""The public aggregates of a period, as the transparency page and the API serve them: cached briefly."""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.utils import translation

from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import public_figures

# Every visitor sees the same aggregates: they are computed once per period and language for this long.
PUBLIC_CACHE_SECONDS = 5 * 60


def cached_public_figures(period: Period) -> dict:
    """``public_figures(period)``, shared by all visitors for a few minutes (labels differ by language;
    a running period's figures also by the day they are taken on)."""
    key = f"reports:public-figures:{translation.get_language()}:{period}:{period.as_of().isoformat()}"
    return cache.get_or_set(key, partial(public_figures, period), PUBLIC_CACHE_SECONDS)
