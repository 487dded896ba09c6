"""One event log for every state change in this app: memberships, endorsements, sessions and offers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revival_portal.core.bounded import BoundedTextField


class AssociationEvent(models.Model):
    """Who moved which object (``subject`` + ``object_id``) from which state to which, when and why."""

    subject = models.CharField(_("subject"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    note = BoundedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("association event")
        verbose_name_plural = _("association events")
        indexes = [models.Index(fields=["subject", "object_id"], name="assoc_event_subject_idx")]

    def __str__(self) -> str:
        return f"{self.subject} {self.object_id}: {self.from_state} -> {self.to_state}"
