"""Status and kind constants of associations, endorsements, review sessions and offers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssociationKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial mining association")
    NATIONAL_UNION = "national_union", _("National union of a mineral")
    COOPERATIVE = "cooperative", _("Cooperative")


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


class Verdict(models.TextChoices):
    ENDORSED = "endorsed", _("Endorsed")
    DECLINED = "declined", _("Declined")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", _("Object")
    ABSTAIN = "abstain", _("Abstain")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class OfferDirection(models.TextChoices):
    # An investor offers to buy the mine's output (a purchase guarantee once accepted) ...
    PURCHASE = "purchase", _("Purchase offer (investor to operator)")
    # ... or the operator offers to sell it to an investor (a sales guarantee once accepted).
    SALES = "sales", _("Sales offer (operator to investor)")


class OfferStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
