"""Every state change of the equipment app: one function per verb, called by pages, API and admin alike."""

from equipment.services.bookings import (
    booking_cancel,
    booking_complete,
    booking_deploy,
    booking_reminders_send,
    booking_schedule,
    unit_request_cancel,
    unit_request_submit,
)
from equipment.services.tenders import (
    bid_score,
    bid_submit,
    tender_award,
    tender_close,
    tender_create,
    tender_publish,
    tender_update,
    tenders_close_due,
)

__all__ = [
    "bid_score",
    "bid_submit",
    "booking_cancel",
    "booking_complete",
    "booking_deploy",
    "booking_reminders_send",
    "booking_schedule",
    "tender_award",
    "tender_close",
    "tender_create",
    "tender_publish",
    "tender_update",
    "tenders_close_due",
    "unit_request_cancel",
    "unit_request_submit",
]
