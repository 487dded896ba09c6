"""Status constants of the mine registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceType(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration licence")
    EXPLOITATION = "exploitation", _("Exploitation licence")
    HARVEST = "harvest", _("Harvest permit")


class RevivalStage(models.TextChoices):
    """The programme's own pipeline, in order."""

    IDLE = "idle", _("Idle")
    MONITORING = "monitoring", _("Monitoring")
    INTERVENTION = "intervention", _("Intervention")
    ACTIVE = "active", _("Active")
    REVIVED = "revived", _("Revived")


class Verification(models.TextChoices):
    PENDING = "pending", _("Pending")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class MineEventKind(models.TextChoices):
    """What happened to a mine, as written in its history."""

    REGISTERED = "registered", _("Registered")
    UPDATED = "updated", _("Registration edited")
    FIGURES_UPDATED = "figures_updated", _("Operating figures updated")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    STAGE_CHANGED = "stage_changed", _("Revival stage changed")
    IMPORTED = "imported", _("Imported")
    REPORT_FILED = "report_filed", _("Production report filed")
