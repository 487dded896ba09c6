"""System check: the cache must be shared by every worker, or its invalidations reach one worker only."""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@checks.register(checks.Tags.caches, checks.Tags.security)
def shared_cache_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Refuse a process-local cache outside development.

    Invalidation (``revival_portal.core.versioned_cache``: unread counts, menu entries) replaces a token in
    the cache of the worker that saw the change; the other workers would keep serving their own copies, and
    the API throttles would count per worker. Roles and permissions stay exact whatever the cache (their
    keys come from the user row), but nothing else cached would.
    """
    if settings.DEBUG or getattr(settings, "CACHE_PROCESS_LOCAL_ALLOWED", False):
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is local to one process: with several workers a read "
            "notification or any other cached change would reach only the worker that made it.",
            hint="Set REDIS_URL (a cache every worker shares), or CACHE_PROCESS_LOCAL_ALLOWED = True where a "
            "single process serves all requests.",
            id="accounts.E001",
        )
    ]
