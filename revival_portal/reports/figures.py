"""The programme figures of a period as the dashboard and the figures API show them: cached until a row
they are read from changes.

Every figure comes from the rows of ``SOURCES`` (the registry, production, applications and their event log,
the fleet and its bookings) and from the loans and their money rows (``financing.figures``), read as of the
day the period is taken on. Any save or delete of one of them replaces a token once its transaction
commits, so the next request computes the figures again. Units' plain ``UPDATE``s (a status that follows a
booking) happen in the transaction of the booking's save.

The official reports (``reports.services``) always compute their figures; only the screens read this.
"""

from __future__ import annotations

from functools import partial

from django.utils import translation

from equipment.models import Booking, ProcessingUnit
from financing import figures as money_figures
from financing.models import ApplicationEvent, LoanApplication
from mines.models import Mine, ProductionReport
from revival_portal.core import versioned_cache
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import programme_figures

SCOPE = "reports:programme-rows"
SOURCES = (Mine, ProductionReport, LoanApplication, ApplicationEvent, ProcessingUnit, Booking)


def cached_programme_figures(period: Period) -> dict:
    """``programme_figures`` of ``period`` as of ``period.as_of()``, shared until a source row changes
    (labels differ by language, a running period's figures by the day they are taken on)."""
    start, end = period.bounds
    on = period.as_of()
    return versioned_cache.cached(
        f"programme-figures:{translation.get_language()}:{start}:{end}:{on}",
        [SCOPE, money_figures.SCOPE],
        partial(programme_figures, start=start, end=end, on=on),
        timeout=money_figures.CACHE_SECONDS,
    )


versioned_cache.bump_on_commit(SCOPE, *SOURCES)
