"""A reviewer's scored recommendation and a second reviewer's decision (maker-checker)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.choices import DecisionOutcome, Recommendation
from financing.models.base import UndeletableModel, UndeletableQuerySet
from revival_portal.core.bounded import BoundedTextField

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
        ordering = ["-created_at"]
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


class Decision(UndeletableModel):
    """The one decision on an application, by a reviewer other than the one who recommended it."""

    application = models.OneToOneField(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("application"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    note = BoundedTextField(_("note"), blank=True)
    # The policy whose cap the proposed rate passed on the decision date (None: only the statutory cap).
    rate_policy = models.ForeignKey(
        "financing.RatePolicy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("rate policy"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    history = HistoricalRecords()
    objects = UndeletableQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.application} — {self.get_outcome_display()}"
