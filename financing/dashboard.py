"""Dashboard cards of the financing area: what needs this person's attention."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus
from financing.models import Instalment, Loan, LoanApplication
from revival_portal.views import Panel


def panels(user) -> list[Panel]:
    if not user.is_authenticated:
        return []
    result = []
    applications = LoanApplication.objects.for_user(user)
    if user.is_operator:
        drafts = applications.in_state(ApplicationStatus.DRAFT, ApplicationStatus.INFO_REQUESTED).count()
        result.append(
            Panel(
                _("Applications to complete"), drafts, reverse("financing:application_list"), tone="warning"
            )
        )
        overdue = Instalment.objects.for_user(user).overdue().count()
        result.append(
            Panel(
                _("Overdue instalments"),
                overdue,
                reverse("financing:loan_list"),
                tone="danger" if overdue else "success",
            )
        )
    if user.has_perm("financing.review_loanapplication"):
        result.append(
            Panel(
                _("Applications to review"),
                applications.review_queue().count(),
                reverse("financing:application_list"),
            )
        )
    if user.has_perm("financing.contract_loan"):
        result.append(
            Panel(
                _("Approved, awaiting contract"),
                applications.awaiting_contract().count(),
                reverse("financing:awaiting_contract"),
            )
        )
        result.append(
            Panel(
                _("Loans in arrears"),
                Loan.objects.for_user(user)
                .filter(instalments__in=Instalment.objects.overdue())
                .distinct()
                .count(),
                reverse("financing:portfolio"),
                tone="danger",
            )
        )
    return result
