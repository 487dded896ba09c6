"""Header links of the associations area, by role."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from associations.models import Investor
from revival_portal.accounts.roles import Role
from revival_portal.core import versioned_cache
from revival_portal.navigation import MenuItem


def _investor_scope(user_pk) -> str:
    return f"associations:investor:{user_pk}"


def is_investor(user) -> bool:
    """Whether the person has an investor profile (cached for the menu until one is made or removed, and
    kept on the request's user instance: the menu asks for its entries and for its heading)."""
    if "_is_investor" not in user.__dict__:
        user.__dict__["_is_investor"] = versioned_cache.cached(
            f"investor:{user.pk}",
            [_investor_scope(user.pk)],
            lambda: Investor.objects.filter(user=user).exists(),
        )
    return user.__dict__["_is_investor"]


@receiver(post_save, sender=Investor, dispatch_uid="associations.navigation.investor_save")
@receiver(post_delete, sender=Investor, dispatch_uid="associations.navigation.investor_delete")
def _investor_changed(sender, instance, **kwargs) -> None:
    versioned_cache.bump(_investor_scope(instance.user_id))


def menu_section(user) -> tuple[str, str]:
    """The heading of the entries: an investor's are about investing, everyone else's about associations."""
    investor_only = not (user.has_role(Role.ASSOCIATION_REPRESENTATIVE) or user.is_operator)
    if is_investor(user) and investor_only:
        return _("Investment"), "briefcase"
    return _("Associations"), "people"


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
    if is_investor(user):
        items += [
            MenuItem(_("Mine catalogue"), "associations:catalogue", "search"),
            MenuItem(_("Offers"), "associations:offer_list", "briefcase"),
        ]
    return items
