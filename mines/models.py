"""The mine registry: minerals, mines and their periodic production reports."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mines.choices import LicenceType, MineEventKind, RevivalStage, Verification
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.calendar import jalali_period_label
from revival_portal.core.choices import choice_label
from revival_portal.core.links import row_url
from revival_portal.core.money import MoneyField
from revival_portal.core.provinces import IRAN_BOUNDING_BOX, in_iran_bounding_box
from revival_portal.core.text import normalize_persian

BOX = IRAN_BOUNDING_BOX


def _without_field_checked(instance, constraints):
    """Leave out of validate_constraints() the rules clean() already reports on a field."""
    return [
        (model, [c for c in model_constraints if c.name not in instance.FIELD_CHECKED_CONSTRAINTS])
        for model, model_constraints in constraints
    ]


class Mineral(models.Model):
    """A mineral commodity of the reference list (lead, zinc, manganese, ...)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("mineral")
        verbose_name_plural = _("minerals")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The mineral's name in the active language."""
        return self.name_fa if (get_language() or "").startswith("fa") else self.name_en


class MineQuerySet(OwnedQuerySet):
    """Operators see their own mines; programme staff see all; anyone else sees none."""

    owner_field = "operator"

    def verified(self) -> "MineQuerySet":
        return self.filter(verification_status=Verification.VERIFIED)

    def pending(self) -> "MineQuerySet":
        return self.filter(verification_status=Verification.PENDING)

    def licence_valid(self, on: dt.date | None = None) -> "MineQuerySet":
        return self.filter(licence_expires_on__gte=on or timezone.localdate())

    def licence_expired(self, on: dt.date | None = None) -> "MineQuerySet":
        return self.filter(licence_expires_on__lt=on or timezone.localdate())

    def for_list(self) -> "MineQuerySet":
        """Everything a list row shows, in a constant number of queries whatever the page size."""
        return self.select_related("operator", "province", "primary_mineral").prefetch_related(
            "other_minerals"
        )

    def eligible(self, on: dt.date | None = None) -> "MineQuerySet":
        """Mines that may be used for a new loan application or unit request: verified, licence in force."""
        return self.verified().licence_valid(on)

    def licence_expiring_within(self, days: int, on: dt.date | None = None) -> "MineQuerySet":
        today = on or timezone.localdate()
        return self.filter(
            licence_expires_on__gte=today, licence_expires_on__lte=today + dt.timedelta(days=days)
        )


class Mine(models.Model):
    """A small mine registered by its operator and verified by a programme reviewer."""

    name = models.CharField(_("name"), max_length=200)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mines", verbose_name=_("operator")
    )
    province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="mines", verbose_name=_("province")
    )
    county = models.CharField(_("county / nearest town"), max_length=120)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    primary_mineral = models.ForeignKey(
        Mineral, on_delete=models.PROTECT, related_name="primary_mines", verbose_name=_("primary mineral")
    )
    other_minerals = models.ManyToManyField(
        Mineral, blank=True, related_name="secondary_mines", verbose_name=_("other minerals")
    )
    licence_type = models.CharField(_("licence type"), max_length=16, choices=LicenceType.choices)
    licence_number = models.CharField(
        _("licence number"),
        max_length=64,
        unique=True,
        error_messages={"unique": _("A mine with this licence number is already registered.")},
    )
    licence_issued_on = models.DateField(_("licence issued on"))
    licence_expires_on = models.DateField(_("licence expires on"), db_index=True)
    revival_stage = models.CharField(
        _("revival stage"),
        max_length=16,
        choices=RevivalStage.choices,
        default=RevivalStage.IDLE,
        db_index=True,
    )
    jobs_before = models.PositiveIntegerField(_("jobs before revival"), default=0)
    jobs_now = models.PositiveIntegerField(_("jobs now"), default=0)
    annual_output_tonnes = models.DecimalField(
        _("annual output (t)"), max_digits=14, decimal_places=2, default=0
    )
    proven_reserve_tonnes = models.DecimalField(
        _("proven reserve (t)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    verification_status = models.CharField(
        _("verification"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.PENDING,
        db_index=True,
    )
    verification_reason = BoundedTextField(_("reason"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    verified_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[other_minerals])
    objects = MineQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mine")
        verbose_name_plural = _("mines")
        # The list's order, alone and under its common filters (the person's own, a province, the queue).
        indexes = [
            models.Index(fields=["created_at", "id"], name="mine_created_idx"),
            models.Index(fields=["operator", "created_at", "id"], name="mine_operator_created_idx"),
            models.Index(fields=["province", "created_at", "id"], name="mine_province_created_idx"),
            models.Index(fields=["verification_status", "created_at", "id"], name="mine_verif_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(licence_expires_on__gt=models.F("licence_issued_on")),
                name="mine_licence_expiry_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(latitude__gte=BOX.min_lat, latitude__lte=BOX.max_lat)
                & Q(longitude__gte=BOX.min_lon, longitude__lte=BOX.max_lon),
                name="mine_location_inside_iran",
            ),
            models.CheckConstraint(
                condition=~Q(verification_status=Verification.REJECTED) | ~Q(verification_reason=""),
                name="mine_rejection_has_reason",
            ),
        ]

    # Rules that clean() reports on a field with a clear message; the database still enforces them.
    FIELD_CHECKED_CONSTRAINTS = frozenset({"mine_licence_expiry_after_issue", "mine_location_inside_iran"})

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Whatever the path (page, API, admin, import), names are stored in one spelling so search finds them.
        self.normalize_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return row_url("mines:detail", self.pk)

    def normalize_text(self) -> None:
        """Store names with Persian ی/ک, ASCII digits and tidy spaces."""
        self.name = normalize_persian(self.name)
        self.county = normalize_persian(self.county)
        self.licence_number = (normalize_persian(self.licence_number) or "").upper()

    def clean(self) -> None:
        """Field-level messages for the licence dates and the location (the DB checks them too)."""
        errors = {}
        if (
            self.licence_issued_on
            and self.licence_expires_on
            and self.licence_expires_on <= self.licence_issued_on
        ):
            errors["licence_expires_on"] = _("The licence must expire after the date it was issued.")
        located = self.latitude is not None and self.longitude is not None
        if located and not in_iran_bounding_box(float(self.latitude), float(self.longitude)):
            message = (
                _(
                    "The location must lie inside Iran: latitude %(min_lat)s to %(max_lat)s, "
                    "longitude %(min_lon)s to %(max_lon)s."
                )
                % BOX._asdict()
            )
            if not BOX.min_lat <= float(self.latitude) <= BOX.max_lat:
                errors["latitude"] = message
            if not BOX.min_lon <= float(self.longitude) <= BOX.max_lon:
                errors["longitude"] = message
        if errors:
            raise ValidationError(errors)

    def get_constraints(self):
        return _without_field_checked(self, super().get_constraints())

    def get_revival_stage_display(self) -> str:
        return choice_label(RevivalStage, self.revival_stage)

    def get_verification_status_display(self) -> str:
        return choice_label(Verification, self.verification_status)

    @property
    def licence_expired(self) -> bool:
        return self.licence_expires_on < timezone.localdate()

    @property
    def is_pending(self) -> bool:
        return self.verification_status == Verification.PENDING

    @property
    def is_verified(self) -> bool:
        return self.verification_status == Verification.VERIFIED

    def eligibility_problem(self) -> str:
        """Why this mine cannot be used for a new loan application or unit request ('' when it can)."""
        if not self.is_verified:
            return str(_("Only verified mines can apply for loans or processing units."))
        if self.licence_expired:
            return str(_("The mine's licence has expired; renew it before applying."))
        return ""


class ProductionReportQuerySet(OwnedQuerySet):
    """Reports of the mines ``user`` may see."""

    owner_field = "mine__operator"


class ProductionReport(models.Model):
    """What a mine produced in one month of the Iranian calendar; the programme's impact figures."""

    mine = models.ForeignKey(
        Mine, on_delete=models.CASCADE, related_name="production_reports", verbose_name=_("mine")
    )
    period_year = models.PositiveSmallIntegerField(_("year (Jalali)"))
    period_month = models.PositiveSmallIntegerField(_("month (Jalali)"))
    jobs = models.PositiveIntegerField(_("jobs"))
    tonnes_mined = models.DecimalField(_("tonnes mined"), max_digits=14, decimal_places=2)
    tonnes_sold = models.DecimalField(_("tonnes sold"), max_digits=14, decimal_places=2)
    revenue_rials = MoneyField(_("revenue (rials)"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ProductionReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_year", "-period_month", "-pk"]
        verbose_name = _("production report")
        verbose_name_plural = _("production reports")
        indexes = [models.Index(fields=["period_year", "period_month"], name="prodreport_period_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["mine", "period_year", "period_month"], name="production_report_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_month__gte=1, period_month__lte=12), name="production_report_month_1_12"
            ),
            models.CheckConstraint(
                condition=Q(tonnes_sold__gte=0, tonnes_mined__gte=0),
                name="production_report_tonnes_not_negative",
            ),
        ]

    FIELD_CHECKED_CONSTRAINTS = frozenset(
        {"production_report_one_per_period", "production_report_month_1_12"}
    )

    def __str__(self) -> str:
        return f"{self.mine} {self.period_year}/{self.period_month:02d}"

    @property
    def period_label(self) -> str:
        return jalali_period_label(self.period_year, self.period_month)

    def clean(self) -> None:
        """One report per mine and period, reported on the period field rather than as a bare constraint."""
        errors = {}
        if self.period_month is not None and not 1 <= self.period_month <= 12:
            errors["period_month"] = _("The month must be between 1 and 12.")
        if self.period_year is not None and not 1380 <= self.period_year <= 1500:
            errors["period_year"] = _("Enter the year in the Iranian calendar, for example 1404.")
        if (
            self.mine_id
            and self.period_year
            and self.period_month
            and ProductionReport.objects.filter(
                mine_id=self.mine_id, period_year=self.period_year, period_month=self.period_month
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["period_month"] = _("A report for this mine and period has already been filed.")
        if errors:
            raise ValidationError(errors)

    def get_constraints(self):
        return _without_field_checked(self, super().get_constraints())


class MineEventQuerySet(OwnedQuerySet):
    """Events of the mines ``user`` may see."""

    owner_field = "mine__operator"


class MineEvent(models.Model):
    """One step in a mine's history: registration, edits, verification, stage changes, with a note."""

    mine = models.ForeignKey(Mine, on_delete=models.CASCADE, related_name="events", verbose_name=_("mine"))
    kind = models.CharField(_("event"), max_length=24, choices=MineEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_value = models.CharField(_("from"), max_length=32, blank=True)
    to_value = models.CharField(_("to"), max_length=32, blank=True)
    note = BoundedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    objects = MineEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mine event")
        verbose_name_plural = _("mine events")

    def __str__(self) -> str:
        return f"{self.mine}: {self.get_kind_display()}"

    @property
    def from_label(self) -> str:
        return _value_label(self.kind, self.from_value)

    @property
    def to_label(self) -> str:
        return _value_label(self.kind, self.to_value)


def _value_label(kind: str, value: str) -> str:
    """The translated label of a stage or verification value stored on an event."""
    for choices in (RevivalStage, Verification):
        if value in choices.values:
            return str(choices(value).label)
    return value
