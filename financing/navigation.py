"""Header links of the financing area, by role."""

from django.utils.translation import gettext_lazy as _

from revival_portal.navigation import MenuItem

MENU_SECTION = (_("Financing"), "bank")


def menu_items(user) -> list[MenuItem]:
    if user is None or not user.is_authenticated:
        return []
    items = []
    if user.is_operator:
        items += [
            MenuItem(_("Loan applications"), "financing:application_list", "cash-coin"),
            MenuItem(_("My loans"), "financing:loan_list", "bank"),
        ]
    if user.has_perm("financing.review_loanapplication"):
        items.append(MenuItem(_("Review queue"), "financing:application_list", "clipboard-check"))
    if user.has_perm("financing.contract_loan"):
        items += [
            MenuItem(_("Awaiting contract"), "financing:awaiting_contract", "pen"),
            MenuItem(_("Portfolio"), "financing:portfolio", "graph-up"),
        ]
    elif user.is_programme_staff:
        items.append(MenuItem(_("Loans"), "financing:loan_list", "bank"))
    return items
