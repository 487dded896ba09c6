"""Money figures of a day (the portfolio on any date), cached until a loan or a money row changes.

A day's figures come from the rows dated on or before it (today's through the balances stored from them),
so they change only when such a row is recorded (late, for a past day) or a loan changes: ``SOURCES`` bump
the token at each save or delete and again after the commit. Schedules, instalments and stored balances
change only in the transaction of a money row; the night's refresh of the stored balances moves them to a
new day, which is another key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from financing.models import Disbursement, Loan, PenaltyWaiver, RemainderCancellation, Repayment
from revival_portal.core import versioned_cache

T = TypeVar("T")

SCOPE = "financing:money-rows"
SOURCES = (Loan, Disbursement, Repayment, RemainderCancellation, PenaltyWaiver)
# Only a change of the rows makes a value wrong (the token sees to that); the time only frees memory.
CACHE_SECONDS = 60 * 60


def cached_money_figures(name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s value, shared until a loan or one of its money rows changes."""
    return versioned_cache.cached(name, [SCOPE], compute, timeout=CACHE_SECONDS)


versioned_cache.bump_on_commit(SCOPE, *SOURCES)
