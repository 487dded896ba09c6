"""The fleet: unit types (a processing circuit) and the mobile units built to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from equipment.choices import BOOKABLE_UNIT_STATUSES, UnitStatus
from revival_portal.core.bounded import LONG_TEXT_MAX_LENGTH, BoundedTextField


class UnitTypeQuerySet(models.QuerySet):
    def for_user(self, user) -> "UnitTypeQuerySet":
        """The catalogue of unit types is open to everyone signed in."""
        if not user.is_authenticated:
            return self.none()
        return self.all()


class UnitType(models.Model):
    """A processing circuit (e.g. lead-zinc flotation) with the minerals it serves and its capacity."""

    name_fa = models.CharField(_("Persian name"), max_length=120, unique=True)
    name_en = models.CharField(_("English name"), max_length=120, unique=True)
    circuit = BoundedTextField(
        _("circuit"), max_length=LONG_TEXT_MAX_LENGTH, help_text=_("The process steps of the unit, in order.")
    )
    minerals = models.ManyToManyField(
        "mines.Mineral", related_name="unit_types", verbose_name=_("minerals served")
    )
    capacity_tph = models.DecimalField(_("capacity (t/h)"), max_digits=8, decimal_places=2)

    history = HistoricalRecords(m2m_fields=[minerals])
    objects = UnitTypeQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")
        constraints = [
            models.CheckConstraint(condition=Q(capacity_tph__gt=0), name="unit_type_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The type's name in the active language."""
        return self.name_fa if (get_language() or "").startswith("fa") else self.name_en


class ProcessingUnitQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProcessingUnitQuerySet":
        """Staff see the fleet; a partner the units it built; an operator the units booked for its mines."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        query = Q(pk__in=[])
        if user.is_operator:
            query |= Q(bookings__request__mine__operator=user)
        if user.has_role("partner"):
            query |= Q(builder=user)
        return self.filter(query).distinct()

    def bookable(self) -> "ProcessingUnitQuerySet":
        """Units that may take a new booking (built, not in maintenance, not retired)."""
        return self.filter(status__in=BOOKABLE_UNIT_STATUSES)

    def serving(self, mineral) -> "ProcessingUnitQuerySet":
        """Units whose type processes ``mineral``."""
        return self.filter(unit_type__minerals=mineral)

    def free_between(self, start_date, end_date) -> "ProcessingUnitQuerySet":
        """Units with no live booking overlapping ``start_date``..``end_date`` (both days inclusive)."""
        from equipment.models.bookings import Booking

        busy = Booking.objects.live().overlapping(start_date, end_date).values("unit_id")
        return self.exclude(pk__in=busy)


class ProcessingUnit(models.Model):
    """One mobile processing unit of the fleet: a code, its type, where it is based and who built it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    unit_type = models.ForeignKey(
        UnitType, on_delete=models.PROTECT, related_name="units", verbose_name=_("unit type")
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=UnitStatus.choices,
        default=UnitStatus.IN_PRODUCTION,
        db_index=True,
    )
    home_province = models.ForeignKey(
        "core.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("home province")
    )
    builder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="built_units",
        verbose_name=_("builder (partner)"),
    )
    commissioned_on = models.DateField(_("commissioned on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ProcessingUnitQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("processing unit")
        verbose_name_plural = _("processing units")

    def __str__(self) -> str:
        return self.code

    @property
    def is_bookable(self) -> bool:
        return self.status in BOOKABLE_UNIT_STATUSES
