"""Unit requests from mine operators and the bookings that schedule a unit for them.

The date rule: a booking occupies ``start_date`` to ``end_date`` with BOTH days included. Back-to-back
bookings therefore start the day after the previous one ends; a booking that starts on the day another
ends overlaps it and is refused. The same rule is written in three places: the service
(``booking_schedule``, a clear message), ``BookingQuerySet.overlapping`` (used by the service and the
suitability search) and, on PostgreSQL, the exclusion constraint ``booking_unit_dates_no_overlap`` over
``daterange(start_date, end_date, '[]')`` (migration 0002).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from equipment.choices import BookingStatus, RequestStatus
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.bounded import BoundedTextField

BOOKING_NO_OVERLAP_CONSTRAINT = "booking_unit_dates_no_overlap"


class UnitRequestQuerySet(OwnedQuerySet):
    """Staff see every request; an operator only the requests for their own mines."""

    owner_field = "mine__operator"

    def open(self) -> "UnitRequestQuerySet":
        """Requests waiting for a booking: the reviewers' queue."""
        return self.filter(status=RequestStatus.REQUESTED)


class UnitRequest(models.Model):
    """An operator's request for a processing unit: which mine, mineral, how much ore and when."""

    mine = models.ForeignKey(
        "mines.Mine", on_delete=models.PROTECT, related_name="unit_requests", verbose_name=_("mine")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    mineral = models.ForeignKey(
        "mines.Mineral", on_delete=models.PROTECT, related_name="+", verbose_name=_("mineral")
    )
    ore_tonnes = models.DecimalField(_("ore to process (t)"), max_digits=12, decimal_places=2)
    desired_start = models.DateField(_("desired start"))
    desired_end = models.DateField(_("desired end"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.REQUESTED,
        db_index=True,
    )
    note = BoundedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = UnitRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at", "id"], name="unitrequest_created_idx")]
        verbose_name = _("unit request")
        verbose_name_plural = _("unit requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_end__gte=F("desired_start")), name="unit_request_end_not_before_start"
            ),
            models.CheckConstraint(condition=Q(ore_tonnes__gt=0), name="unit_request_ore_positive"),
        ]

    def __str__(self) -> str:
        return _("Request #%(number)s — %(mine)s") % {"number": self.pk, "mine": self.mine}

    @property
    def window_days(self) -> int:
        return (self.desired_end - self.desired_start).days + 1

    @property
    def live_booking(self) -> "Booking | None":
        """The request's booking that is not cancelled, if any."""
        return next((b for b in self.bookings.all() if b.status != BookingStatus.CANCELLED), None)


class BookingQuerySet(OwnedQuerySet):
    """Staff see every booking; an operator only the bookings for their own mines."""

    owner_field = "request__mine__operator"

    def live(self) -> "BookingQuerySet":
        """Bookings that hold their dates (every one but the cancelled)."""
        return self.exclude(status=BookingStatus.CANCELLED)

    def overlapping(self, start_date: dt.date, end_date: dt.date) -> "BookingQuerySet":
        """Bookings sharing at least one day with ``start_date``..``end_date`` (inclusive ranges)."""
        return self.filter(start_date__lte=end_date, end_date__gte=start_date)


class Booking(models.Model):
    """A unit scheduled for a request from ``start_date`` to ``end_date``, both days INCLUSIVE.

    A unit never holds two live (not cancelled) bookings sharing a day: the next booking may start the day
    after the previous one ends, not on that day. PostgreSQL enforces it with an exclusion constraint.
    """

    unit = models.ForeignKey(
        "equipment.ProcessingUnit", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("unit")
    )
    request = models.ForeignKey(
        UnitRequest, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("request")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day (inclusive)"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BookingStatus.choices,
        default=BookingStatus.SCHEDULED,
        db_index=True,
    )
    tonnes_processed = models.DecimalField(
        _("tonnes processed"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    condition_notes = BoundedTextField(_("condition notes"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    booked_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    deployed_at = models.DateTimeField(_("deployed at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = BoundedTextField(_("reason for cancelling"), blank=True)

    history = HistoricalRecords()
    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["start_date", "id"], name="booking_start_idx")]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="booking_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(tonnes_processed__isnull=True) | Q(tonnes_processed__gte=0),
                name="booking_tonnes_not_negative",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(status=BookingStatus.CANCELLED),
                name="booking_one_live_per_request",
            ),
            # booking_unit_dates_no_overlap (PostgreSQL exclusion constraint) is added by migration 0002.
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.start_date:%Y-%m-%d}..{self.end_date:%Y-%m-%d}"

    @property
    def days(self) -> int:
        """Days the unit is held, counting both the first and the last day."""
        return (self.end_date - self.start_date).days + 1
