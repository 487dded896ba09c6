"""Unit requests and bookings: request, schedule without double-booking, deploy, complete, cancel."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from equipment.choices import BookingStatus, EventKind, RequestStatus, UnitStatus
from equipment.models import Booking, ProcessingUnit, UnitRequest
from equipment.models.bookings import BOOKING_NO_OVERLAP_CONSTRAINT
from equipment.services.common import event_record, lazy_date, lazy_name
from mines.models import Mine
from revival_portal.accounts.permissions import require_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.services import notify, notify_role


def _request_url(unit_request: UnitRequest) -> str:
    return reverse("equipment:request_detail", args=[unit_request.pk])


@transaction.atomic
def unit_request_submit(
    *,
    actor,
    mine: Mine,
    mineral,
    ore_tonnes: Decimal,
    desired_start: dt.date,
    desired_end: dt.date,
    note: str = "",
) -> UnitRequest:
    """An operator asks for a processing unit for one of their verified mines; reviewers are told."""
    if not actor.is_operator or not Mine.objects.for_user(actor).filter(pk=mine.pk).exists():
        raise PermissionDenied(_("You can request units only for your own mines."))
    errors = {}
    if problem := mine.eligibility_problem():
        errors["mine"] = problem
    served = {mine.primary_mineral_id, *mine.other_minerals.values_list("pk", flat=True)}
    if mineral.pk not in served:
        errors["mineral"] = _("This mineral is not one the mine produces.")
    if desired_start < timezone.localdate():
        errors["desired_start"] = _("The desired start cannot be in the past.")
    if desired_end < desired_start:
        errors["desired_end"] = _("The desired end must be on or after the desired start.")
    if errors:
        raise ValidationError(errors)
    unit_request = UnitRequest(
        mine=mine,
        requested_by=actor,
        mineral=mineral,
        ore_tonnes=ore_tonnes,
        desired_start=desired_start,
        desired_end=desired_end,
        note=note,
    )
    unit_request.full_clean()
    unit_request.save()
    event_record(kind=EventKind.REQUEST_SUBMITTED, actor=actor, request=unit_request)
    notify_role(
        role=Role.REVIEWER,
        kind="equipment.request_received",
        subject=format_lazy(_("New processing-unit request for {mine}"), mine=mine.name),
        body=format_lazy(
            _("{tonnes} t of {mineral}, wanted from {start} to {end}."),
            tonnes=ore_tonnes,
            mineral=lazy_name(mineral),
            start=lazy_date(desired_start),
            end=lazy_date(desired_end),
        ),
        url=_request_url(unit_request),
    )
    return unit_request


@transaction.atomic
def unit_request_cancel(*, actor, unit_request: UnitRequest, reason: str = "") -> UnitRequest:
    """The operator withdraws a request (or a reviewer declines it) before a unit is deployed."""
    unit_request = UnitRequest.objects.select_for_update().get(pk=unit_request.pk)
    is_owner = actor.is_operator and unit_request.mine.operator_id == actor.pk
    if not is_owner:
        require_reviewer(actor, _("Only the mine's operator or a reviewer may cancel this request."))
    if unit_request.status not in (RequestStatus.REQUESTED, RequestStatus.SCHEDULED):
        raise TransitionNotAllowed(
            _("A request that is %(status)s cannot be cancelled.")
            % {"status": unit_request.get_status_display()}
        )
    booking = unit_request.bookings.select_for_update().exclude(status=BookingStatus.CANCELLED).first()
    if booking is not None:
        if booking.status != BookingStatus.SCHEDULED:
            raise TransitionNotAllowed(_("The unit is already deployed; the booking must be completed."))
        _booking_mark_cancelled(booking, reason=reason)
        event_record(
            kind=EventKind.BOOKING_CANCELLED, actor=actor, booking=booking, request=unit_request, note=reason
        )
    unit_request.status = RequestStatus.CANCELLED
    unit_request.full_clean()
    unit_request.save()
    event_record(kind=EventKind.REQUEST_CANCELLED, actor=actor, request=unit_request, note=reason)
    if not is_owner:  # a reviewer declined it: the operator must hear why
        notify(
            recipients=[unit_request.mine.operator],
            kind="equipment.request_cancelled",
            subject=format_lazy(
                _("Your processing-unit request for {mine} was cancelled"), mine=unit_request.mine
            ),
            body=reason,
            url=_request_url(unit_request),
        )
    return unit_request


def _overlap_message(unit: ProcessingUnit, clash: Booking | None = None) -> str:
    if clash is None:
        return str(_("Unit %(unit)s is already booked for overlapping dates.") % {"unit": unit.code})
    return str(
        _(
            "Unit %(unit)s is already booked from %(start)s to %(end)s (both days included). "
            "Choose dates after %(end)s or another unit."
        )
        % {"unit": unit.code, "start": lazy_date(clash.start_date), "end": lazy_date(clash.end_date)}
    )


@transaction.atomic
def booking_schedule(
    *, actor, request: UnitRequest, unit: ProcessingUnit, start_date: dt.date, end_date: dt.date
) -> Booking:
    """Book ``unit`` for ``request`` from ``start_date`` to ``end_date`` (both inclusive) without overlap.

    The unit row is locked first, so concurrent attempts on one unit run one after another and each sees
    the bookings committed before it; the PostgreSQL exclusion constraint is the last line of defence.
    """
    require_reviewer(actor, _("Only programme reviewers may schedule processing units."))
    if end_date < start_date:
        raise ValidationError({"end_date": _("The last day must be on or after the first day.")})
    unit = ProcessingUnit.objects.select_for_update().select_related("unit_type").get(pk=unit.pk)
    request = UnitRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.REQUESTED:
        raise TransitionNotAllowed(
            _("Only a request waiting for a unit can be booked; this one is %(status)s.")
            % {"status": request.get_status_display()}
        )
    if not unit.is_bookable:
        raise TransitionNotAllowed(
            _("Unit %(unit)s is %(status)s and cannot be booked.")
            % {"unit": unit.code, "status": unit.get_status_display()}
        )
    if not unit.unit_type.minerals.filter(pk=request.mineral_id).exists():
        raise ValidationError({"unit": _("This unit's circuit does not process the requested mineral.")})
    clash = Booking.objects.live().filter(unit=unit).overlapping(start_date, end_date).first()
    if clash is not None:
        raise TransitionNotAllowed(_overlap_message(unit, clash))
    booking = Booking(unit=unit, request=request, start_date=start_date, end_date=end_date, booked_by=actor)
    booking.full_clean()
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if BOOKING_NO_OVERLAP_CONSTRAINT in str(exc):
            raise TransitionNotAllowed(_overlap_message(unit)) from exc
        raise
    request.status = RequestStatus.SCHEDULED
    request.save(update_fields=["status", "updated_at"])
    event_record(kind=EventKind.BOOKING_SCHEDULED, actor=actor, request=request, booking=booking)
    notify(
        recipients=[request.mine.operator],
        kind="equipment.booking_scheduled",
        subject=format_lazy(_("Processing unit {unit} booked for {mine}"), unit=unit.code, mine=request.mine),
        body=format_lazy(
            _("The unit is yours from {start} to {end} (both days included)."),
            start=lazy_date(start_date),
            end=lazy_date(end_date),
        ),
        url=_request_url(request),
    )
    return booking


def _locked_booking(booking: Booking, expected: str, verb) -> Booking:
    booking = Booking.objects.select_for_update().select_related("request", "unit").get(pk=booking.pk)
    if booking.status != expected:
        raise TransitionNotAllowed(
            _("A %(status)s booking cannot be %(verb)s.")
            % {"status": booking.get_status_display(), "verb": verb}
        )
    return booking


@transaction.atomic
def booking_deploy(*, actor, booking: Booking) -> Booking:
    """The unit leaves for the mine: scheduled -> deployed."""
    require_reviewer(actor)
    booking = _locked_booking(booking, BookingStatus.SCHEDULED, _("deployed"))
    booking.status = BookingStatus.DEPLOYED
    booking.deployed_at = timezone.now()
    booking.full_clean()
    booking.save()
    ProcessingUnit.objects.filter(pk=booking.unit_id).update(status=UnitStatus.DEPLOYED)
    event_record(kind=EventKind.BOOKING_DEPLOYED, actor=actor, booking=booking, request=booking.request)
    return booking


@transaction.atomic
def booking_complete(
    *, actor, booking: Booking, tonnes_processed: Decimal, condition_notes: str = ""
) -> Booking:
    """The campaign is over: deployed -> completed with tonnes processed and the unit's condition."""
    require_reviewer(actor)
    booking = _locked_booking(booking, BookingStatus.DEPLOYED, _("completed"))
    if tonnes_processed is None or tonnes_processed < 0:
        raise ValidationError({"tonnes_processed": _("Enter the tonnes processed (zero or more).")})
    booking.status = BookingStatus.COMPLETED
    booking.tonnes_processed = tonnes_processed
    booking.condition_notes = condition_notes
    booking.completed_at = timezone.now()
    booking.full_clean()
    booking.save()
    ProcessingUnit.objects.filter(pk=booking.unit_id, status=UnitStatus.DEPLOYED).update(
        status=UnitStatus.AVAILABLE
    )
    request = booking.request
    request.status = RequestStatus.COMPLETED
    request.save(update_fields=["status", "updated_at"])
    event_record(kind=EventKind.BOOKING_COMPLETED, actor=actor, booking=booking, request=request)
    notify(
        recipients=[request.mine.operator],
        kind="equipment.booking_completed",
        subject=format_lazy(_("Processing at {mine} completed"), mine=request.mine),
        body=format_lazy(
            _("Unit {unit} processed {tonnes} t."), unit=booking.unit.code, tonnes=tonnes_processed
        ),
        url=_request_url(request),
    )
    return booking


def _booking_mark_cancelled(booking: Booking, *, reason: str) -> None:
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancel_reason = reason
    booking.full_clean()
    booking.save()


@transaction.atomic
def booking_cancel(*, actor, booking: Booking, reason: str = "") -> Booking:
    """A reviewer cancels a scheduled booking; its dates free up and the request returns to the queue."""
    require_reviewer(actor)
    booking = _locked_booking(booking, BookingStatus.SCHEDULED, _("cancelled"))
    _booking_mark_cancelled(booking, reason=reason)
    request = booking.request
    request.status = RequestStatus.REQUESTED
    request.save(update_fields=["status", "updated_at"])
    event_record(kind=EventKind.BOOKING_CANCELLED, actor=actor, booking=booking, request=request, note=reason)
    notify(
        recipients=[request.mine.operator],
        kind="equipment.booking_cancelled",
        subject=format_lazy(_("Booking of unit {unit} cancelled"), unit=booking.unit.code),
        body=reason,
        url=_request_url(request),
    )
    return booking


def booking_reminders_send(*, today: dt.date | None = None) -> int:
    """Tell operators whose booking starts tomorrow; a second run the same day sends nothing new."""
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    sent = 0
    bookings = Booking.objects.filter(status=BookingStatus.SCHEDULED, start_date=tomorrow).select_related(
        "unit", "request__mine__operator"
    )
    for booking in bookings:
        sent += len(
            notify(
                recipients=[booking.request.mine.operator],
                kind="equipment.booking_starting",
                subject=format_lazy(
                    _("Unit {unit} arrives tomorrow at {mine}"),
                    unit=booking.unit.code,
                    mine=booking.request.mine,
                ),
                body=format_lazy(
                    _("The booking runs from {start} to {end}."),
                    start=lazy_date(booking.start_date),
                    end=lazy_date(booking.end_date),
                ),
                url=_request_url(booking.request),
                dedupe_key=f"booking-starting:{booking.pk}",
            )
        )
    return sent
