"""A reviewer's scored recommendation and a second reviewer's decision (maker-checker)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.choices import DecisionOutcome, Recommendation
from financing.models.base import (
    UndeletableModel,
    UndeletableQuerySet,
    rate_under_statutory_cap,
    rate_validators,
)
from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.money import MoneyField, RateField

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
SCORE_CRITERIA = ("score_technical", "score_financial", "score_guarantees", "score_impact")


class ReviewQuerySet(UndeletableQuerySet):
    def for_user(self, user) -> "ReviewQuerySet":
        """Reviews are internal to programme staff."""
        return self.all() if user.is_authenticated and user.is_programme_staff else self.none()


class Review(UndeletableModel):
    """A reviewer's scores (1–5 per criterion) and recommendation on one application."""

    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    score_technical = models.PositiveSmallIntegerField(_("technical soundness"), validators=SCORE_VALIDATORS)
    score_financial = models.PositiveSmallIntegerField(_("financial viability"), validators=SCORE_VALIDATORS)
    score_guarantees = models.PositiveSmallIntegerField(
        _("strength of guarantees"), validators=SCORE_VALIDATORS
    )
    score_impact = models.PositiveSmallIntegerField(_("jobs and output impact"), validators=SCORE_VALIDATORS)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    note = BoundedTextField(_("note"))
    created_at = models.DateTimeField(_("recommended at"), default=timezone.now)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application"], name="review_one_recommendation_per_application"),
            models.CheckConstraint(
                condition=Q(score_technical__range=(1, 5))
                & Q(score_financial__range=(1, 5))
                & Q(score_guarantees__range=(1, 5))
                & Q(score_impact__range=(1, 5)),
                name="review_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_recommendation_display()}"

    @property
    def total_score(self) -> int:
        return sum(getattr(self, name) for name in SCORE_CRITERIA)


class DecisionQuerySet(UndeletableQuerySet):
    def current(self) -> "DecisionQuerySet":
        """Decisions in force: not superseded by a return for a new decision."""
        return self.filter(superseded_at__isnull=True)


class Decision(UndeletableModel):
    """A decision on an application by a reviewer other than the one who recommended it.

    An approval fixes the terms: the amount (at most the amount requested) and the rate (under the cap
    in force). The contract may lower the amount, never raise it or change the rate: that needs a new
    decision, reached when a fund officer returns the approved application (the old one is then marked
    superseded, never changed otherwise). One decision per application is in force at any time.
    """

    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("application"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    note = BoundedTextField(_("note"), blank=True)
    approved_amount = MoneyField(_("approved amount (rials)"), null=True, blank=True)
    rate = RateField(_("approved interest rate (%)"), null=True, blank=True, validators=rate_validators)
    # The policy whose cap the approved rate passed on the decision date (None: only the statutory cap).
    rate_policy = models.ForeignKey(
        "financing.RatePolicy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("rate policy"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            # Twenty racing deciders make one decision: the row lock first, this index second.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(superseded_at__isnull=True),
                name="decision_one_in_force_per_application",
            ),
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.REJECTED, approved_amount__isnull=True, rate__isnull=True)
                | (
                    Q(outcome=DecisionOutcome.APPROVED, approved_amount__gt=0)
                    & rate_under_statutory_cap("rate")
                ),
                name="decision_approval_fixes_amount_and_rate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_outcome_display()}"
