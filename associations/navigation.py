"""Header links of the associations area, by role."""

from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role
from revival_portal.navigation import MenuItem

MENU_SECTION = (_("Associations"), "people")


def menu_items(user) -> list[MenuItem]:
    if user is None or not user.is_authenticated:
        return []
    items = []
    if user.has_role(Role.ASSOCIATION_REPRESENTATIVE):
        items += [
            MenuItem(_("Members"), "associations:member_list", "people"),
            MenuItem(_("Membership requests"), "associations:membership_list", "person-plus"),
            MenuItem(_("Review sessions"), "associations:session_list", "people-fill"),
        ]
    elif user.is_operator:
        items += [
            MenuItem(_("Associations"), "associations:association_list", "people"),
            MenuItem(_("Offers"), "associations:offer_list", "briefcase"),
        ]
    elif user.is_programme_staff:
        items.append(MenuItem(_("Review sessions"), "associations:session_list", "people-fill"))
    if hasattr(user, "investor"):
        items += [
            MenuItem(_("Mine catalogue"), "associations:catalogue", "search"),
            MenuItem(_("Offers"), "associations:offer_list", "briefcase"),
        ]
    return items
