"""The status badge of a unit, a unit request, a booking or a tender, written in Python: a list shows one
on every row."""

from django import template

from equipment.choices import BookingStatus, RequestStatus, TenderStatus, UnitStatus
from revival_portal.core.badges import status_badge

register = template.Library()

# Bootstrap classes by status value (the four models share some values); any other status is "warning".
BADGE_CLASSES = {
    RequestStatus.REQUESTED: "text-bg-primary",
    RequestStatus.SCHEDULED: "text-bg-primary",
    TenderStatus.PUBLISHED: "text-bg-primary",
    BookingStatus.DEPLOYED: "text-bg-success",
    UnitStatus.AVAILABLE: "text-bg-success",
    BookingStatus.COMPLETED: "text-bg-secondary",
    TenderStatus.AWARDED: "text-bg-secondary",
    BookingStatus.CANCELLED: "text-bg-danger",
    UnitStatus.RETIRED: "text-bg-danger",
}


@register.simple_tag
def equipment_status(item) -> str:
    """``item``'s status as a coloured badge: ``{% equipment_status booking %}``."""
    return status_badge(item, BADGE_CLASSES, "text-bg-warning")
