"""Values cached under version tokens that are replaced whenever their source changes.

A value is kept with the tokens of its scopes it was computed under and served only while they are the
current ones; a writer replaces the tokens, so every cached copy of the old value is dead on the very next
lookup. Tokens are random: a token lost from the cache (eviction, restart) can never bring an old value
back. A reader that read the database between a change and its commit may cache what it saw under the new
token; values therefore live only ``DEFAULT_TIMEOUT`` seconds, which bounds that rare staleness.

For display values only (the unread count, a menu entry): the cache must be shared by every process that
serves requests (system check ``accounts.E001``), and an unreachable cache means a database read, never an
error. Who may do what is cached by ``revival_portal.accounts.access``, whose keys come from the database.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a value may outlive a change it raced with (or one the cache could not record, being unreachable).
DEFAULT_TIMEOUT = 60


def _token_key(scope: str) -> str:
    return f"vc:token:{scope}"


def _tokens(scopes: list[str], found: dict | None = None) -> list[str]:
    """The current token of each of ``scopes`` (``found``: what a ``get_many`` of their keys answered)."""
    keys = [_token_key(scope) for scope in scopes]
    found = dict(cache.get_many(keys) if found is None else found)
    for key in keys:
        if key not in found:
            # add() keeps a token another process set in the meantime; read back whichever won.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            found[key] = cache.get(key) or uuid.uuid4().hex
    return [found[key] for key in keys]


def cached(name: str, scopes: Iterable[str], compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """``compute()``'s value, cached until any of ``scopes`` is bumped (``None`` is never cached).

    The value is stored with the tokens it was computed under, and read with the current tokens in one
    round trip: it is served only while those are still the current ones.
    """
    scopes = list(scopes)
    key = f"vc:{name}"
    try:
        found = cache.get_many([key, *(_token_key(scope) for scope in scopes)])
        tokens = _tokens(scopes, found)
    except Exception:
        logger.warning("cache unreachable, computing %s", name)
        return compute()
    stored = found.get(key)
    if stored is not None and stored[0] == tokens:
        return stored[1]
    value = compute()
    if value is not None:
        try:
            cache.set(key, (tokens, value), timeout)
        except Exception:
            logger.warning("cache unreachable, %s not cached", name)
    return value


def bump(*scopes: str) -> None:
    """Invalidate every value cached under ``scopes``."""
    if not scopes:
        return
    try:
        cache.set_many({_token_key(scope): uuid.uuid4().hex for scope in scopes}, timeout=None)
    except Exception:
        logger.warning("cache unreachable, %s not invalidated", ", ".join(scopes))


def bump_on_commit(scope: str, *models) -> None:
    """Bump ``scope`` whenever a row of ``models`` is saved or deleted, and again when its transaction
    commits.

    The first bump serves the rest of the transaction itself; the second the readers that took the new
    token before the commit and so could only read the old rows (what a reader stores under a token it
    took is never read once the token is replaced). ``QuerySet.update()`` sends no signal: a source
    written that way needs a save of another source in its transaction.
    """

    def changed(sender, **kwargs) -> None:
        bump(scope)
        transaction.on_commit(partial(bump, scope))

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"vc:{scope}:save:{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"vc:{scope}:delete:{label}")


def queryset_key(queryset: QuerySet) -> str:
    """A short key naming the rows ``queryset`` selects (its SQL and parameters)."""
    sql, params = queryset.query.sql_with_params()
    return hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
