"""Every state change of associations, endorsements, review sessions and offers."""

from associations.services.endorsements import (
    endorsement_policy_create,
    endorsement_record,
    endorsement_required_check,
)
from associations.services.memberships import (
    membership_accept,
    membership_decline,
    membership_end,
    membership_request,
)
from associations.services.offers import (
    offer_accept,
    offer_decline,
    offer_make_purchase,
    offer_make_sales,
    offer_withdraw,
)
from associations.services.sessions import opinion_record, review_session_close, review_session_open

__all__ = [
    "endorsement_policy_create",
    "endorsement_record",
    "endorsement_required_check",
    "membership_accept",
    "membership_decline",
    "membership_end",
    "membership_request",
    "offer_accept",
    "offer_decline",
    "offer_make_purchase",
    "offer_make_sales",
    "offer_withdraw",
    "opinion_record",
    "review_session_close",
    "review_session_open",
]
