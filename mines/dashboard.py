"""Dashboard cards of the mine registry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mines.choices import Verification
from mines.selectors import LICENCE_WARNING_DAYS, mine_list, mines_licence_expiring
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.views import Panel


def panels(user) -> list[Panel]:
    list_url = reverse("mines:list")
    expiring_note = _("Licences expiring within %(days)d days") % {"days": LICENCE_WARNING_DAYS}
    if is_reviewer(user):
        return [
            Panel(
                _("Registrations to review"),
                mine_list(user=user).pending().count(),
                reverse("mines:review_queue"),
                tone="warning",
            ),
            Panel(
                _("Licences expiring soon"),
                mines_licence_expiring(user=user).verified().count(),
                f"{list_url}?verification={Verification.VERIFIED}",
                note=expiring_note,
                tone="danger",
            ),
        ]
    if user.is_programme_staff:
        return [Panel(_("Verified mines"), mine_list(user=user).verified().count(), list_url)]
    if user.is_operator:
        mines = mine_list(user=user)
        return [
            Panel(_("My mines"), mines.count(), list_url),
            Panel(
                _("Awaiting verification"),
                mines.pending().count(),
                f"{list_url}?verification={Verification.PENDING}",
                tone="warning",
            ),
            Panel(
                _("Licences expiring soon"),
                mines_licence_expiring(user=user).count(),
                list_url,
                note=expiring_note,
                tone="danger",
            ),
        ]
    return []
