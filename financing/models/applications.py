"""Loan applications to the Mining Investment Insurance Fund and their event log."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.choices import ApplicationStatus
from financing.models.base import (
    UndeletableModel,
    UndeletableQuerySet,
    month_validators,
    rate_under_statutory_cap,
    rate_validators,
)
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import LONG_TEXT_MAX_LENGTH, BoundedTextField
from revival_portal.core.choices import choice_label
from revival_portal.core.links import row_url
from revival_portal.core.money import MoneyField, RateField


class LoanApplicationQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Operators see their own applications; programme staff see all; anyone else sees none."""

    owner_field = "applicant"

    def in_state(self, *states: str) -> "LoanApplicationQuerySet":
        return self.filter(status__in=states)

    def awaiting_contract(self) -> "LoanApplicationQuerySet":
        return self.filter(status=ApplicationStatus.APPROVED)

    def review_queue(self) -> "LoanApplicationQuerySet":
        """Applications that need a reviewer's action."""
        return self.in_state(
            ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.RECOMMENDED
        )


class LoanApplication(UndeletableModel):
    """An operator's request for a loan for one of their verified mines."""

    mine = models.ForeignKey(
        "mines.Mine", on_delete=models.PROTECT, related_name="loan_applications", verbose_name=_("mine")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="loan_applications",
        verbose_name=_("applicant"),
    )
    amount_requested = MoneyField(
        _("amount requested (rials)"), validators=[MinValueValidator(1)], help_text=_("In whole rials.")
    )
    purpose = BoundedTextField(_("purpose"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    # Term and rate are filled in the second step, so a draft may be saved without them.
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(360)]
    )
    grace_months = models.PositiveSmallIntegerField(
        _("grace period (months)"), default=0, validators=month_validators
    )
    proposed_rate = RateField(
        _("proposed interest rate (%)"),
        null=True,
        blank=True,
        validators=rate_validators,
        help_text=_("At least 0 and strictly below 18 %."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = LoanApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        indexes = [
            models.Index(fields=["created_at", "id"], name="loanapp_created_idx"),
            # The page's order: when it was sent (a draft: when it was started).
            models.Index(Coalesce("submitted_at", "created_at"), "id", name="loanapp_sent_idx"),
            models.Index(fields=["applicant", "created_at", "id"], name="loanapp_applicant_created_idx"),
        ]
        permissions = [
            ("review_loanapplication", _("Can review loan applications")),
            ("decide_loanapplication", _("Can decide loan applications")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_rate__isnull=True) | rate_under_statutory_cap("proposed_rate"),
                name="loan_application_rate_under_statutory_cap",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gt=0), name="loan_application_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(term_months__isnull=True) | Q(grace_months__lt=F("term_months")),
                name="loan_application_grace_shorter_than_term",
            ),
        ]

    def __str__(self) -> str:
        return _("Application %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return row_url("financing:application_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(ApplicationStatus, self.status)

    @property
    def is_editable(self) -> bool:
        from financing.workflow import EDITABLE_STATES

        return self.status in EDITABLE_STATES

    @property
    def decision(self):
        """The decision in force (None before the first one, or while a new one is awaited)."""
        return self.decisions.current().first()

    def missing_for_submission(self) -> list[str]:
        """What still has to be filled before the application can be submitted."""
        missing = []
        if self.term_months is None:
            missing.append(str(_("term")))
        if self.proposed_rate is None:
            missing.append(str(_("proposed interest rate")))
        if not self.purpose.strip():
            missing.append(str(_("purpose")))
        return missing


class ApplicationEvent(UndeletableModel):
    """One state change of an application: who, when, from, to, and why."""

    application = models.ForeignKey(
        LoanApplication, on_delete=models.PROTECT, related_name="events", verbose_name=_("application")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_state = models.CharField(_("from"), max_length=20, choices=ApplicationStatus.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    note = BoundedTextField(_("note"), blank=True)

    objects = UndeletableQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at", "id"], name="appevent_application_at_idx")]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} -> {self.to_state}"
