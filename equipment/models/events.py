"""The event log of requests, bookings and tenders: who did what, when, in the programme's words."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from equipment.choices import EventKind
from revival_portal.core.bounded import BoundedTextField


class EquipmentEvent(models.Model):
    """One step in the life of a request, booking or tender (written by the service that made it)."""

    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    request = models.ForeignKey(
        "equipment.UnitRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("request"),
    )
    booking = models.ForeignKey(
        "equipment.Booking",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("booking"),
    )
    tender = models.ForeignKey(
        "equipment.Tender",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("tender"),
    )
    note = BoundedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("equipment event")
        verbose_name_plural = _("equipment events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"
