"""Contracted loans, their repayment schedule, disbursement tranches and repayments."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from financing.choices import LoanStatus, PrepaymentMode, ScheduleVersionReason
from financing.models.base import (
    UndeletableModel,
    UndeletableQuerySet,
    month_validators,
    rate_under_statutory_cap,
    rate_validators,
)
from financing.schedule import days_past_due, is_paid
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.choices import choice_label
from revival_portal.core.identifiers import validate_sheba
from revival_portal.core.links import row_url
from revival_portal.core.money import MoneyField, RateField

ZERO = Decimal(0)


def _sum(loan: "Loan", name: str, field: str = "amount") -> Decimal:
    """The total of ``field`` over the loan's ``name`` rows: added up from the rows a page prefetched
    (it shows them anyway), else one query."""
    if name in getattr(loan, "_prefetched_objects_cache", {}):
        return sum((getattr(row, field) for row in getattr(loan, name).all()), ZERO)
    return getattr(loan, name).aggregate(total=Coalesce(Sum(field), ZERO, output_field=MoneyField()))["total"]


class LoanQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Operators see loans on their own applications; programme staff see all."""

    owner_field = "application__applicant"

    def active(self) -> "LoanQuerySet":
        return self.exclude(status=LoanStatus.CLOSED)


class Loan(UndeletableModel):
    """The contract of an approved application: amount, rate under the cap, term and schedule."""

    application = models.OneToOneField(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="loan",
        verbose_name=_("application"),
    )
    # The decision whose terms this contract follows: same rate, at most its amount (a database trigger
    # checks both, see financing.migrations 0003).
    decision = models.ForeignKey(
        "financing.Decision", on_delete=models.PROTECT, related_name="loans", verbose_name=_("decision")
    )
    approved_amount = MoneyField(_("approved amount (rials)"))
    rate = RateField(_("interest rate (%)"), validators=rate_validators)
    term_months = models.PositiveSmallIntegerField(_("term (months)"), validators=month_validators)
    grace_months = models.PositiveSmallIntegerField(_("grace period (months)"), validators=month_validators)
    first_due_date = models.DateField(_("first due date"))
    rate_policy = models.ForeignKey(
        "financing.RatePolicy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loans",
        verbose_name=_("rate policy"),
    )
    contracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("contracted by")
    )
    contracted_at = models.DateTimeField(_("contracted at"), default=timezone.now)
    penalty_rate = models.DecimalField(
        _("late-payment penalty rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Taken from the rate policy in force at the contract."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=LoanStatus.choices, default=LoanStatus.CONTRACTED, db_index=True
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("The date of the movement that closed the loan.")
    )
    # Running balances as of ``balance_as_of``, written by ``financing.balances.balances_store`` in the
    # transaction of every money row and each night for the passing of days (the same SQL as the
    # portfolio of a past date, so the two cannot differ).
    balance_as_of = models.DateField(_("balances as of"), null=True, blank=True)
    balance_principal_outstanding = MoneyField(_("outstanding principal"), default=0)
    balance_overdue_amount = MoneyField(_("overdue amount"), default=0)
    balance_days_past_due = models.PositiveIntegerField(_("days past due"), default=0)
    balance_penalty_due = MoneyField(_("late-payment penalty due"), default=0)

    history = HistoricalRecords(
        excluded_fields=[
            "balance_as_of",
            "balance_principal_outstanding",
            "balance_overdue_amount",
            "balance_days_past_due",
            "balance_penalty_due",
        ]
    )
    objects = LoanQuerySet.as_manager()

    class Meta:
        ordering = ["-contracted_at", "-pk"]
        indexes = [models.Index(fields=["contracted_at", "id"], name="loan_contracted_idx")]
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        permissions = [("contract_loan", _("Can contract approved loans"))]
        constraints = [
            models.CheckConstraint(
                condition=rate_under_statutory_cap("rate"), name="loan_rate_under_statutory_cap"
            ),
            models.CheckConstraint(condition=Q(approved_amount__gt=0), name="loan_approved_amount_positive"),
            models.CheckConstraint(
                condition=Q(term_months__gt=F("grace_months")), name="loan_grace_shorter_than_term"
            ),
            models.CheckConstraint(
                condition=rate_under_statutory_cap("penalty_rate"), name="loan_penalty_rate_in_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Loan %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return row_url("financing:loan_detail", self.pk)

    def get_status_display(self) -> str:
        return choice_label(LoanStatus, self.status)

    @property
    def disbursed_total(self) -> Decimal:
        return _sum(self, "disbursements")

    @property
    def repaid_total(self) -> Decimal:
        return _sum(self, "repayments")

    @property
    def cancelled_total(self) -> Decimal:
        return _sum(self, "cancellations")

    @property
    def undisbursed(self) -> Decimal:
        return self.approved_amount - self.disbursed_total - self.cancelled_total

    @property
    def outstanding_principal(self) -> Decimal:
        """Disbursed principal not yet repaid (what the current schedule still asks for)."""
        return outstanding_principal(self.disbursed_total, self.instalments.all())


def outstanding_principal(disbursed: Decimal, instalments) -> Decimal:
    """Disbursed principal less the principal paid on the current schedule; the loan page and the
    portfolio both use this one rule (the principal parts of the schedule add up to ``disbursed``)."""
    paid_principal = sum((i.paid_principal for i in instalments), ZERO)
    return max(disbursed - paid_principal, ZERO)


class ScheduleVersionQuerySet(UndeletableQuerySet, OwnedQuerySet):
    owner_field = "loan__application__applicant"


class ScheduleVersion(UndeletableModel):
    """One regeneration of a loan's schedule: who, when and why; the instalments hang from it."""

    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="schedule_versions", verbose_name=_("loan")
    )
    number = models.PositiveIntegerField(_("version"))
    reason = models.CharField(_("reason"), max_length=16, choices=ScheduleVersionReason.choices)
    effective_on = models.DateField(_("effective on"))
    is_current = models.BooleanField(_("current"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    objects = ScheduleVersionQuerySet.as_manager()

    class Meta:
        ordering = ["loan", "number"]
        verbose_name = _("schedule version")
        verbose_name_plural = _("schedule versions")
        constraints = [
            models.UniqueConstraint(fields=["loan", "number"], name="schedule_version_unique_number"),
            models.UniqueConstraint(
                fields=["loan"], condition=Q(is_current=True), name="schedule_version_one_current"
            ),
        ]

    def __str__(self) -> str:
        return _("Schedule version %(number)s") % {"number": self.number}

    def get_reason_display(self) -> str:
        return choice_label(ScheduleVersionReason, self.reason)


class InstalmentQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Instalments of the loans ``user`` may see."""

    owner_field = "loan__application__applicant"

    def unpaid(self) -> "InstalmentQuerySet":
        return self.filter(paid_amount__lt=F("amount"))

    def overdue(self, on: dt.date | None = None) -> "InstalmentQuerySet":
        return self.unpaid().filter(due_date__lt=on or timezone.localdate())


class CurrentInstalmentManager(models.Manager.from_queryset(InstalmentQuerySet)):
    """The instalments of each loan's current schedule version (``loan.instalments`` uses this too)."""

    def get_queryset(self):
        return super().get_queryset().filter(version__is_current=True)


class Instalment(UndeletableModel):
    """One month of a schedule version; ``paid_amount`` fills up as repayments are allocated."""

    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="instalments", verbose_name=_("loan")
    )
    version = models.ForeignKey(
        ScheduleVersion, on_delete=models.PROTECT, related_name="instalments", verbose_name=_("version")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    due_date = models.DateField(_("due date"), db_index=True)
    principal = MoneyField(_("principal"))
    interest = MoneyField(_("interest"))
    amount = MoneyField(_("amount due"))
    # The amounts of this version's instalments up to and including this one: payments fill the schedule
    # in order, so the oldest instalment unpaid on a day is the first whose running total exceeds what
    # was paid towards instalments by then.
    cumulative_amount = MoneyField(_("amount due up to this instalment"), default=0)
    paid_amount = MoneyField(_("paid"), default=0)
    paid_interest = MoneyField(_("interest paid"), default=0)
    penalty_paid = MoneyField(_("penalty paid"), default=0)
    penalty_waived = MoneyField(_("penalty waived"), default=0)

    history = HistoricalRecords()
    objects = CurrentInstalmentManager()
    all_versions = InstalmentQuerySet.as_manager()

    class Meta:
        ordering = ["loan", "number"]
        indexes = [models.Index(fields=["loan", "number"], name="instalment_loan_number_idx")]
        base_manager_name = "all_versions"
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="instalment_unique_number_per_version"
            ),
            models.CheckConstraint(
                condition=Q(paid_interest__gte=0, paid_interest__lte=F("interest"))
                & Q(paid_interest__lte=F("paid_amount")),
                name="instalment_interest_paid_within",
            ),
            models.CheckConstraint(
                condition=Q(penalty_paid__gte=0, penalty_waived__gte=0),
                name="instalment_penalty_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(amount=F("principal") + F("interest")),
                name="instalment_amount_is_principal_plus_interest",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0, paid_amount__lte=F("amount")),
                name="instalment_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.loan} #{self.number}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid_amount

    @property
    def paid_principal(self) -> Decimal:
        return self.paid_amount - self.paid_interest

    @property
    def is_paid(self) -> bool:
        return is_paid(self.amount, self.paid_amount)

    def days_past_due(self, on: dt.date | None = None) -> int:
        """Days since the due date while unpaid (0 when paid or not yet due)."""
        return days_past_due(self.due_date, on or timezone.localdate(), paid=self.is_paid)


class DisbursementQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Tranches of the loans ``user`` may see."""

    owner_field = "loan__application__applicant"


class Disbursement(UndeletableModel):
    """A tranche paid out to the operator's Sheba account; all tranches never exceed the approved amount."""

    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("loan")
    )
    amount = MoneyField(_("amount (rials)"))
    disbursed_on = models.DateField(_("date"))
    bank_reference = models.CharField(_("bank reference"), max_length=64)
    destination_sheba = models.CharField(_("destination Sheba"), max_length=26, validators=[validate_sheba])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["disbursed_on", "pk"]
        indexes = [
            models.Index(fields=["disbursed_on", "id"], name="disbursement_date_idx"),
            models.Index(fields=["loan", "disbursed_on"], name="disbursement_loan_date_idx"),
        ]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.loan}: {self.amount}"


class RepaymentQuerySet(UndeletableQuerySet, OwnedQuerySet):
    """Repayments on the loans ``user`` may see."""

    owner_field = "loan__application__applicant"


class Repayment(UndeletableModel):
    """Money received from the operator, allocated to the oldest unpaid instalments first."""

    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="repayments", verbose_name=_("loan")
    )
    amount = MoneyField(_("amount (rials)"))
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=64)
    prepayment_mode = models.CharField(
        _("if paid ahead"),
        max_length=16,
        choices=PrepaymentMode.choices,
        default=PrepaymentMode.LOWER_INSTALMENT,
        help_text=_("What a payment beyond what is due does to the rest of the schedule."),
    )
    # How the servicing replay allocated the payment (it never changes: no movement may be dated before
    # the last one); the portfolio of a past date sums these.
    principal_part = MoneyField(_("principal paid"), default=0)
    interest_part = MoneyField(_("interest paid"), default=0)
    penalty_part = MoneyField(_("penalty paid"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RepaymentQuerySet.as_manager()

    class Meta:
        ordering = ["paid_on", "pk"]
        indexes = [
            models.Index(fields=["paid_on", "id"], name="repayment_paid_on_idx"),
            models.Index(fields=["loan", "paid_on"], name="repayment_loan_paid_on_idx"),
        ]
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
        ]

    def get_prepayment_mode_display(self) -> str:
        return choice_label(PrepaymentMode, self.prepayment_mode)

    def __str__(self) -> str:
        return f"{self.loan}: {self.amount}"


class RemainderCancellation(UndeletableModel):
    """The fund officer cancels what is left undisbursed; the loan then runs on what was paid out."""

    loan = models.ForeignKey(
        Loan, on_delete=models.PROTECT, related_name="cancellations", verbose_name=_("loan")
    )
    amount = MoneyField(_("amount cancelled (rials)"))
    cancelled_on = models.DateField(_("cancelled on"))
    reason = BoundedTextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RepaymentQuerySet.as_manager()

    class Meta:
        ordering = ["cancelled_on", "pk"]
        verbose_name = _("cancellation of the undisbursed remainder")
        verbose_name_plural = _("cancellations of the undisbursed remainder")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cancellation_amount_positive"),
            models.UniqueConstraint(fields=["loan"], name="cancellation_once_per_loan"),
        ]

    def __str__(self) -> str:
        return f"{self.loan}: −{self.amount}"


class PenaltyWaiver(UndeletableModel):
    """A fund officer forgives (part of) the late-payment penalty of one instalment, with a reason."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="waivers", verbose_name=_("loan"))
    instalment_number = models.PositiveSmallIntegerField(_("instalment"))
    amount = MoneyField(_("amount waived (rials)"))
    waived_on = models.DateField(_("waived on"))
    reason = BoundedTextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("waived by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RepaymentQuerySet.as_manager()

    class Meta:
        ordering = ["waived_on", "pk"]
        verbose_name = _("penalty waiver")
        verbose_name_plural = _("penalty waivers")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="waiver_amount_positive")]

    def __str__(self) -> str:
        return f"{self.loan} #{self.instalment_number}: {self.amount}"
