"""Header links of the mine registry."""

from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.permissions import is_reviewer
from revival_portal.navigation import MenuItem

MENU_SECTION = (_("Mines"), "minecart")


def menu_items(user) -> list[MenuItem]:
    if user is None:
        return []
    items = []
    if user.is_programme_staff:
        items.append(MenuItem(_("Mines"), "mines:list", "minecart"))
    elif user.is_operator:
        items.append(MenuItem(_("My mines"), "mines:list", "minecart"))
    if is_reviewer(user):
        items.append(MenuItem(_("Registrations to review"), "mines:review_queue", "clipboard-check"))
    return items
