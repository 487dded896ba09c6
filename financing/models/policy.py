"""Rate policies: caps lower than the statutory 18 %, in force between two dates."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.models.base import STATUTORY_RATE_CAP, UndeletableModel, UndeletableQuerySet
from revival_portal.core.templatetags.jalali import is_persian, localdate


class RatePolicyQuerySet(UndeletableQuerySet):
    def for_user(self, user) -> "RatePolicyQuerySet":
        """Rate policies are public to every signed-in person."""
        return self.all() if user.is_authenticated else self.none()

    def in_force(self, on: dt.date) -> "RatePolicyQuerySet":
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on)


class RatePolicy(UndeletableModel):
    """A cap below the statutory 18 % set by a regulation, in force from one date (to another)."""

    cap = models.DecimalField(_("rate cap (%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RatePolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("rate policy")
        verbose_name_plural = _("rate policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__gt=0, cap__lt=STATUTORY_RATE_CAP), name="rate_policy_cap_under_statutory_cap"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rate_policy_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cap} % ({self.legal_reference})"

    @property
    def reference_for_reader(self) -> str:
        """The legal reference on Persian pages; the regulation is Persian text, so English pages name the
        policy by its start date instead."""
        if is_persian():
            return self.legal_reference
        return _("policy of %(date)s") % {"date": localdate(self.effective_from)}

    def clean(self) -> None:
        """Two policies may not be in force on the same day."""
        if self.effective_from is None:
            return
        overlapping = RatePolicy.objects.exclude(pk=self.pk).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to:
            overlapping = overlapping.filter(effective_from__lte=self.effective_to)
        if overlapping.exists():
            raise ValidationError(
                {"effective_from": _("Another rate policy is in force during part of this period.")}
            )
