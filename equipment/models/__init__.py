"""The equipment app's models, split by topic: the fleet, requests and bookings, tenders, events."""

from equipment.models.bookings import Booking, UnitRequest
from equipment.models.events import EquipmentEvent
from equipment.models.fleet import ProcessingUnit, UnitType
from equipment.models.tenders import Award, Bid, Tender

__all__ = ["Award", "Bid", "Booking", "EquipmentEvent", "ProcessingUnit", "Tender", "UnitRequest", "UnitType"]
