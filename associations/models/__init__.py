"""The associations models, split by topic; import them from ``associations.models``."""

from associations.models.associations import Association, EndorsementPolicy, Membership, Representative
from associations.models.endorsements import Endorsement
from associations.models.events import AssociationEvent
from associations.models.offers import Investor, Offer
from associations.models.sessions import AgendaItem, Invitation, Opinion, ReviewSession

__all__ = [
    "AgendaItem",
    "Association",
    "AssociationEvent",
    "Endorsement",
    "EndorsementPolicy",
    "Investor",
    "Invitation",
    "Membership",
    "Offer",
    "Opinion",
    "Representative",
    "ReviewSession",
]
