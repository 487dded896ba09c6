"""The roles of the programme as Django groups, and the model permissions each one holds.

Each app's AppConfig may declare ``role_permissions = {Role.X: ["codename", ...]}`` for its own models;
``sync_role_permissions`` grants them after every migrate, so a new model's permissions reach its roles
without a hand-written migration.
"""

from collections.abc import Iterable

from django.apps import apps as global_apps
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Mine operator")
    REVIEWER = "reviewer", _("Programme reviewer")
    FUND_OFFICER = "fund_officer", _("Fund officer")
    PARTNER = "partner", _("Partner")
    ASSOCIATION_REPRESENTATIVE = "association_representative", _("Association representative")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.REVIEWER, Role.FUND_OFFICER, Role.ADMIN})

# Grants that are not tied to one app's models.
CORE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: ["accounts.view_user", "accounts.change_user", "accounts.add_user"],
}


def role_permissions() -> dict[str, set[str]]:
    """Collect 'app_label.codename' grants for every role from all installed apps."""
    grants: dict[str, set[str]] = {role.value: set() for role in Role}
    for role, perms in CORE_ROLE_PERMISSIONS.items():
        grants[role].update(perms)
    for app_config in global_apps.get_app_configs():
        for role, codenames in getattr(app_config, "role_permissions", {}).items():
            grants[role].update(name if "." in name else f"{app_config.label}.{name}" for name in codenames)
    return grants


def sync_role_permissions(sender=None, using: str = "default", apps=global_apps, **kwargs) -> None:
    """Create the role groups if missing and set each group's permissions to exactly its grants."""
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for role, names in role_permissions().items():
        group, _created = group_model.objects.using(using).get_or_create(name=role)
        group.permissions.set(_permissions(permission_model, names, using))


def _permissions(permission_model, names: Iterable[str], using: str):
    """Return the Permission rows for 'app_label.codename' names that exist (unknown names are skipped)."""
    query = models.Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return list(permission_model.objects.using(using).filter(query))
