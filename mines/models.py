"""The mine registry: minerals, mines and their periodic production reports."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mines.choices import LicenceType, RevivalStage, Verification
from revival_portal.core.money import MoneyField
from revival_portal.core.provinces import IRAN_BOUNDING_BOX

BOX = IRAN_BOUNDING_BOX


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


class MineQuerySet(models.QuerySet):
    def for_user(self, user) -> "MineQuerySet":
        """Operators see their own mines; programme staff see all; anyone else sees none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        if user.is_operator:
            return self.filter(operator=user)
        return self.none()

    def verified(self) -> "MineQuerySet":
        return self.filter(verification_status=Verification.VERIFIED)

    def licence_valid(self, on: dt.date | None = None) -> "MineQuerySet":
        return self.filter(licence_expires_on__gte=on or timezone.localdate())

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
    licence_number = models.CharField(_("licence number"), max_length=64, unique=True)
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
    verification_reason = models.TextField(_("reason"), blank=True)
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

    def __str__(self) -> str:
        return self.name

    @property
    def licence_expired(self) -> bool:
        return self.licence_expires_on < timezone.localdate()

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


class ProductionReportQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProductionReportQuerySet":
        """Reports of the mines ``user`` may see."""
        return self.filter(mine__in=Mine.objects.for_user(user))


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
        ordering = ["-period_year", "-period_month"]
        verbose_name = _("production report")
        verbose_name_plural = _("production reports")
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

    def __str__(self) -> str:
        return f"{self.mine} {self.period_year}/{self.period_month:02d}"
