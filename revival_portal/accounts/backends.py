"""Django's model backend, reading a person's permissions from the cache of ``accounts.access``."""

from django.contrib.auth.backends import ModelBackend

from revival_portal.accounts.access import user_access

# The dotted path sessions record for people signed in without a password (the e-mailed link).
PORTAL_BACKEND = "revival_portal.accounts.backends.PortalModelBackend"


class PortalModelBackend(ModelBackend):
    """Signs in like ``ModelBackend``; permissions come cached, ``is_active`` is checked on every request.

    The user row itself is still read on every request (``get_user``), so deactivation and a changed
    password take effect at once; only groups and permissions are cached.
    """

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        perm_cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, perm_cache_name):
            setattr(user_obj, perm_cache_name, set(user_access(user_obj)[from_name]))
        return getattr(user_obj, perm_cache_name)
