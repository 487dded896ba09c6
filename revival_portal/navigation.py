"""The header navigation: each app contributes the entries its roles need.

An app adds entries by defining ``menu_items(user)`` in its ``navigation`` module; the shell shows, in
order, the portal's own entries and then each app's.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


def _app_menu_modules():
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("django") or not module_has_submodule(app_config.module, "navigation"):
            continue
        yield import_module(f"{app_config.name}.navigation")


def menu_for(user) -> list[MenuItem]:
    """The entries ``user`` (None when signed out) may open."""
    if user is None:
        items = [MenuItem(_("Home"), "home", "house")]
    else:
        items = [MenuItem(_("Dashboard"), "dashboard", "speedometer2")]
    for module in _app_menu_modules():
        items.extend(module.menu_items(user))
    return items
