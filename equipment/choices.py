"""Status constants of the processing-unit fleet, its bookings and the tenders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("In production")
    AVAILABLE = "available", _("Available")
    DEPLOYED = "deployed", _("Deployed")
    MAINTENANCE = "maintenance", _("Maintenance")
    RETIRED = "retired", _("Retired")


# A unit in one of these states may take a booking (a deployed unit may be booked for a later window).
BOOKABLE_UNIT_STATUSES = (UnitStatus.AVAILABLE, UnitStatus.DEPLOYED)


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class BookingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DEPLOYED = "deployed", _("Deployed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class TenderKind(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    MANUFACTURING_PARTNER = "manufacturing_partner", _("Manufacturing partner")


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    AWARDED = "awarded", _("Awarded")


class EventKind(models.TextChoices):
    REQUEST_SUBMITTED = "request_submitted", _("Request submitted")
    REQUEST_CANCELLED = "request_cancelled", _("Request cancelled")
    BOOKING_SCHEDULED = "booking_scheduled", _("Booking scheduled")
    BOOKING_DEPLOYED = "booking_deployed", _("Unit deployed")
    BOOKING_COMPLETED = "booking_completed", _("Booking completed")
    BOOKING_CANCELLED = "booking_cancelled", _("Booking cancelled")
    TENDER_CREATED = "tender_created", _("Tender drafted")
    TENDER_PUBLISHED = "tender_published", _("Tender published")
    TENDER_CLOSED = "tender_closed", _("Tender closed")
    TENDER_AWARDED = "tender_awarded", _("Tender awarded")
    BID_SUBMITTED = "bid_submitted", _("Bid submitted")
    BID_REPLACED = "bid_replaced", _("Bid replaced")
    BID_SCORED = "bid_scored", _("Bid scored")
