"""Money figures of past days (the portfolio as of a date), cached until a loan or a money row changes.

A past day's figures come from the rows dated on or before it, so they change only when such a row is
recorded late (a correction) or a loan changes: ``SOURCES`` bump the token after each commit that saves
or deletes one of them. Schedules, instalments and stored balances change only in the transaction of a
money row. Today's figures are the stored balances, read directly.
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
