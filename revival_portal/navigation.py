"""The header navigation: each app contributes the entries its roles need.

An app adds entries by defining ``menu_items(user)`` in its ``navigation`` module; the shell shows, in
order, the portal's own entries and then each app's. An app whose entries are more than one for a person
shows them under one heading, ``MENU_SECTION = (label, icon)`` of its module, so the bar fits one line
(or ``menu_section(user)`` returning that pair, when the heading depends on who is signed in).
"""

from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import import_module

from django.apps import apps
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import module_has_submodule
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    icon: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@cache
def _app_menu_modules() -> tuple:
    """The installed apps' ``navigation`` modules, looked up once (the apps are fixed once loaded)."""
    return tuple(
        import_module(f"{app_config.name}.navigation")
        for app_config in apps.get_app_configs()
        if not app_config.name.startswith("django") and module_has_submodule(app_config.module, "navigation")
    )


@dataclass(frozen=True)
class MenuSection:
    """One place in the bar: a link when it holds one entry, a drop-down under ``label`` otherwise."""

    label: str
    icon: str
    items: tuple[MenuItem, ...]


def menu_sections(user) -> list[MenuSection]:
    """The entries of ``menu_for(user)``, one section per app."""
    if user is None:
        first = MenuItem(_("Home"), "home", "house")
    else:
        first = MenuItem(_("Dashboard"), "dashboard", "speedometer2")
    sections = [MenuSection("", "", (first,))]
    for module in _app_menu_modules():
        items = tuple(module.menu_items(user))
        if items:
            if hasattr(module, "menu_section"):
                label, icon = module.menu_section(user)
            else:
                label, icon = getattr(module, "MENU_SECTION", ("", ""))
            sections.append(MenuSection(label, icon, items))
    return sections


def menu_for(user) -> list[MenuItem]:
    """The entries ``user`` (None when signed out) may open."""
    return [item for section in menu_sections(user) for item in section.items]


def menu_html(sections: list[MenuSection], path: str) -> SafeString:
    """The bar's entries as HTML (``includes/menu.html``), the one of ``path`` marked as the current page.

    A menu depends only on its entries, the page and the language: each process renders each one once and
    keeps the 1,024 last used (about 3 kB each).
    """
    return _menu_html(tuple(sections), path, get_language())


@lru_cache(maxsize=1024)
def _menu_html(sections: tuple[MenuSection, ...], path: str, language: str) -> SafeString:
    return render_to_string("includes/menu.html", {"menu": sections, "path": path})
