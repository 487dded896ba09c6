"""The status badge of a loan application or a loan, written in Python: a list shows one on every row."""

from django import template
from django.utils.html import format_html

from financing.choices import ApplicationStatus, LoanStatus

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
    """``item``'s status as a coloured badge, its value in ``data-status``: ``{% financing_status a %}``."""
    status = item.status
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        BADGE_CLASSES.get(status, "bg-primary"),
        status,
        item.get_status_display(),
    )
