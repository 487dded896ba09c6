"""What a signed-in person holds (role groups and permissions), cached between requests.

The cache key carries the user's ``access_version``, a column of the user row that every request reads
anyway (``get_user``). Every change of a person's groups or own permissions raises it in the same
transaction, and any change to a group or a permission raises everyone's, so the first request after the
change looks for a key that was never cached and reads the database. Correctness therefore never depends on
the cache: a stale, lost or per-process cache can only cost a query. ``is_active`` and ``is_superuser`` come
from the row itself, so a deactivated person is signed out on their very next request.

The receivers below see every such change made through the ORM (forms, the admin, services,
``sync_role_permissions`` after each migrate); a raw SQL change must call ``access_changed`` itself.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60 * 8
_EMPTY = {"groups": [], "user": [], "group": []}
# Attributes Django and the portal keep on a user instance for the length of one request.
_INSTANCE_CACHES = ("_portal_access", "_perm_cache", "_user_perm_cache", "_group_perm_cache", "role_names")


def _permission_names(queryset) -> list[str]:
    rows = queryset.values_list("content_type__app_label", "codename")
    return sorted(f"{app_label}.{codename}" for app_label, codename in rows)


def _compute(user) -> dict[str, list[str]]:
    from django.contrib.auth.backends import ModelBackend

    if user.is_superuser:
        user_permissions = group_permissions = _permission_names(Permission.objects.all())
    else:
        backend = ModelBackend()
        user_permissions = _permission_names(backend._get_user_permissions(user))
        group_permissions = _permission_names(backend._get_group_permissions(user))
    return {
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user": user_permissions,
        "group": group_permissions,
    }


def _cache_key(user) -> str:
    # date_joined tells apart two users that ever had the same primary key.
    joined = int(user.date_joined.timestamp() * 1_000_000) if user.date_joined else 0
    return f"access:{user.pk}:{joined}:{user.access_version}:{int(user.is_superuser)}"


def user_access(user) -> dict[str, list[str]]:
    """The user's group names and 'app_label.codename' permissions (kept on the instance for the request)."""
    access = user.__dict__.get("_portal_access")
    if access is not None:
        return access
    if user.pk is None:
        return _EMPTY
    key = _cache_key(user)
    try:
        access = cache.get(key)
    except Exception:  # the cache is unreachable: the database answers
        logger.warning("cache unreachable, reading access of user %s from the database", user.pk)
        access = None
    if access is None:
        access = _compute(user)
        try:
            cache.set(key, access, TIMEOUT)
        except Exception:
            logger.warning("cache unreachable, access of user %s not cached", user.pk)
    user.__dict__["_portal_access"] = access
    return access


def forget(user) -> None:
    """Drop what one user instance remembers of its access (its next check reads it afresh)."""
    for name in _INSTANCE_CACHES:
        user.__dict__.pop(name, None)


def access_changed(user_pks=None) -> None:
    """Raise the access version of these users (of everyone when None): their cached access is dead."""
    from django.contrib.auth import get_user_model

    users = get_user_model()._base_manager.all()
    if user_pks is not None:
        users = users.filter(pk__in=list(user_pks))
    users.update(access_version=F("access_version") + 1)


@receiver(m2m_changed, dispatch_uid="accounts.access.m2m")
def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """A user's groups or own permissions changed (from either side), or a group's permissions."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    if sender is Group.permissions.through:
        if action.startswith("post_"):
            access_changed()
        return
    if sender not in (user_model.groups.through, user_model.user_permissions.through):
        return
    if isinstance(instance, user_model):
        if action.startswith("post_"):
            access_changed([instance.pk])
            instance.access_version += 1
            forget(instance)
    elif action == "pre_clear":
        # group.user_set.clear(): the members must be known before they are removed.
        members = user_model._base_manager.filter(**{_reverse_filter(instance): instance.pk})
        access_changed(members.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove") and pk_set:
        access_changed(pk_set)


def _reverse_filter(instance) -> str:
    """The lookup from a user to ``instance``, a Group or a Permission."""
    return "groups" if isinstance(instance, Group) else "user_permissions"


@receiver(pre_delete, sender=Group, dispatch_uid="accounts.access.group_delete")
@receiver(post_save, sender=Group, dispatch_uid="accounts.access.group_save")
@receiver(pre_delete, sender=Permission, dispatch_uid="accounts.access.permission_delete")
def _group_or_permission_changed(sender, **kwargs) -> None:
    """A renamed or deleted group, a deleted permission: every cached access may be stale."""
    access_changed()


@receiver(post_save, sender=Permission, dispatch_uid="accounts.access.permission_save")
def _permission_saved(sender, instance, created, **kwargs) -> None:
    # A new permission reaches no one until it is granted (the grant raises the versions), except
    # superusers, who hold every permission.
    if created:
        from django.contrib.auth import get_user_model

        access_changed(get_user_model()._base_manager.filter(is_superuser=True).values_list("pk", flat=True))
    else:
        access_changed()
