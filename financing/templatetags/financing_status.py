"""The status badge of a loan application or a loan, written in Python: a list shows one on every row."""

from django import template

from financing.choices import ApplicationStatus, LoanStatus
from revival_portal.core.badges import status_badge

register = template.Library()

# Bootstrap classes by status (applications and loans share the later values); any other status, still
# in the fund's hands, is "bg-primary".
BADGE_CLASSES = {
    ApplicationStatus.APPROVED: "bg-success",
    LoanStatus.REPAYING: "bg-success",
    LoanStatus.CLOSED: "bg-success",
    ApplicationStatus.REJECTED: "bg-secondary",
    ApplicationStatus.WITHDRAWN: "bg-secondary",
    ApplicationStatus.INFO_REQUESTED: "bg-warning text-dark",
    ApplicationStatus.DRAFT: "bg-light text-dark border",
}


@register.simple_tag
def financing_status(item) -> str:
    """``item``'s status as a coloured badge: ``{% financing_status loan %}``."""
    return status_badge(item, BADGE_CLASSES, "bg-primary")
