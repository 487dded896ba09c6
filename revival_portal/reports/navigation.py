"""Header links of the reports area: the public transparency page, and the staff's reports and dashboard."""

from django.utils.translation import gettext_lazy as _

from revival_portal.navigation import MenuItem

MENU_SECTION = (_("Reports"), "bar-chart-line")


def menu_items(user) -> list[MenuItem]:
    if user is None or not user.is_authenticated:
        return [MenuItem(_("Transparency"), "reports:transparency", "bar-chart")]
    if user.is_programme_staff:
        return [
            MenuItem(_("Programme dashboard"), "reports:dashboard", "bar-chart-line"),
            MenuItem(_("Reports"), "reports:list", "file-earmark-spreadsheet"),
        ]
    return []
