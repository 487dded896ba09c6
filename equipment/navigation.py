"""Header entries of the equipment app, by role."""

from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role
from revival_portal.navigation import MenuItem

MENU_SECTION = (_("Equipment"), "truck")


def menu_items(user) -> list[MenuItem]:
    tenders = MenuItem(_("Tenders"), "equipment:tender_list", "megaphone")
    if user is None:
        return [tenders]
    items = []
    if user.has_role(Role.OPERATOR, Role.REVIEWER, Role.FUND_OFFICER, Role.ADMIN):
        items.append(MenuItem(_("Processing units"), "equipment:request_list", "truck"))
    if user.has_role(Role.REVIEWER, Role.ADMIN):
        items.append(MenuItem(_("Fleet"), "equipment:unit_list", "gear-wide-connected"))
    items.append(tenders)
    if user.has_role(Role.PARTNER):
        items.append(MenuItem(_("My bids"), "equipment:bid_list", "envelope-paper"))
    return items
