"""Rate policies: caps lower than the statutory 18 %, in force between two dates."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.models.base import STATUTORY_RATE_CAP, UndeletableModel, UndeletableQuerySet
from revival_portal.core.money import RateField
from revival_portal.core.templatetags.jalali import is_persian, localdate


class RatePolicyQuerySet(UndeletableQuerySet):
    def for_user(self, user) -> "RatePolicyQuerySet":
        """Rate policies are public to every signed-in person."""
        return self.all() if user.is_authenticated else self.none()

    def in_force(self, on: dt.date) -> "RatePolicyQuerySet":
        return self.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on), effective_from__lte=on)


class RatePolicy(UndeletableModel):
    """A cap below the statutory 18 % set by a regulation, in force from one date (to another)."""

    cap = RateField(_("rate cap (%)"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    penalty_rate = models.DecimalField(
        _("late-payment penalty rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=6,
        help_text=_("Yearly rate charged per day late on overdue instalments (actual/365)."),
    )
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
        ordering = ["-effective_from", "-pk"]
        verbose_name = _("rate policy")
        verbose_name_plural = _("rate policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(cap__gt=0, cap__lt=STATUTORY_RATE_CAP), name="rate_policy_cap_under_statutory_cap"
            ),
            models.CheckConstraint(
                condition=Q(penalty_rate__gte=0, penalty_rate__lt=STATUTORY_RATE_CAP),
                name="rate_policy_penalty_rate_in_range",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rate_policy_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cap} % ({self.legal_reference})"

    @property
    def is_referenced(self) -> bool:
        """Whether a decision or a loan relied on this policy (it is then a fixed version)."""
        return self.pk is not None and (self.decisions.exists() or self.loans.exists())

    def reference_for_reader(self) -> str:
        """The legal reference on Persian pages; the regulation is Persian text, so English pages name the
        policy by its start date instead."""
        if is_persian():
            return self.legal_reference
        return _("policy of %(date)s") % {"date": localdate(self.effective_from)}

    def clean(self) -> None:
        """A referenced policy never changes; a new one starts on its own day, after the last day a
        decision or contract relied on a policy, and never inside another's closed period."""
        if self.is_referenced:
            raise ValidationError(POLICY_IN_USE)
        if self.effective_from is None:
            return
        others = RatePolicy.objects.exclude(pk=self.pk)
        if others.filter(effective_from=self.effective_from).exists():
            raise ValidationError({"effective_from": _("Another rate policy starts on this day.")})
        # An open-ended policy is superseded by a later one; a closed period is a regulation's own.
        overlapping = others.filter(effective_to__isnull=False, effective_to__gte=self.effective_from)
        if self.effective_to:
            overlapping = overlapping.filter(effective_from__lte=self.effective_to)
        if overlapping.exists():
            raise ValidationError(
                {"effective_from": _("Another rate policy is in force during part of this period.")}
            )
        last_use = last_policy_use()
        if last_use is not None and self.effective_from <= last_use:
            raise ValidationError(
                {
                    "effective_from": _(
                        "Decisions or contracts of %(date)s already relied on the policy then in force; "
                        "a new policy must start after that day."
                    )
                    % {"date": last_use.isoformat()}
                }
            )


POLICY_IN_USE = _(
    "This rate policy was relied on by decisions or loans and can no longer be changed or deleted; "
    "record a new policy with its own effective date instead."
)


def last_policy_use() -> dt.date | None:
    """The last day a decision or a contract recorded the policy in force."""
    from financing.models import Decision, Loan

    days = [
        timezone.localdate(moment)
        for moment in (
            Decision.objects.filter(rate_policy__isnull=False).aggregate(last=Max("decided_at"))["last"],
            Loan.objects.filter(rate_policy__isnull=False).aggregate(last=Max("contracted_at"))["last"],
        )
        if moment is not None
    ]
    return max(days, default=None)
