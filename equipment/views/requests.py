"""Unit requests (operators) and the reviewers' queue, booking in one step, and the booking pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from equipment import services
from equipment.choices import BookingStatus, RequestStatus
from equipment.extensions import request_panels_for
from equipment.filtersets import BookingFilterSet, UnitRequestFilterSet
from equipment.forms import BookingCompleteForm, BookingScheduleForm, ReasonForm, UnitRequestForm
from equipment.models import Booking, ProcessingUnit, UnitRequest
from equipment.selectors import suitable_units
from equipment.views.common import reviewer_required
from revival_portal.accounts.permissions import is_reviewer, role_required
from revival_portal.accounts.roles import Role
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service


@login_required
def request_list(request):
    """An operator's own requests; for reviewers, the queue of every request."""
    queryset = UnitRequest.objects.for_user(request.user).select_related("mine", "mineral", "mine__province")
    filterset = UnitRequestFilterSet(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "equipment/request_list.html", {"filter": filterset, "page": page})


@role_required(Role.OPERATOR)
def request_create(request):
    form = UnitRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit_request = call_service(
            request,
            lambda: services.unit_request_submit(actor=request.user, **form.cleaned_data),
            form=form,
            success=_("Your request was sent to the programme reviewers."),
        )
        if unit_request is not None:
            return redirect("equipment:request_detail", pk=unit_request.pk)
    return render(request, "equipment/request_form.html", {"form": form})


@login_required
def request_detail(request, pk: int):
    """The request, its booking and completion report; reviewers also get the suitable units."""
    unit_request = get_object_or_404(
        UnitRequest.objects.for_user(request.user).select_related(
            "mine__province", "mineral", "requested_by"
        ),
        pk=pk,
    )
    context = {
        "unit_request": unit_request,
        "booking": unit_request.live_booking,
        "events": unit_request.events.select_related("actor"),
        "can_cancel": unit_request.status in (RequestStatus.REQUESTED, RequestStatus.SCHEDULED)
        and (booking_not_deployed(unit_request)),
        "panels": request_panels_for(unit_request, request.user),
    }
    if is_reviewer(request.user) and unit_request.status == RequestStatus.REQUESTED:
        form = BookingScheduleForm(
            request.GET if "start_date" in request.GET else None,
            initial={"start_date": unit_request.desired_start, "end_date": unit_request.desired_end},
        )
        start, end = unit_request.desired_start, unit_request.desired_end
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        context.update(
            {
                "units": suitable_units(unit_request, start_date=start, end_date=end),
                "window": (start, end),
                "window_form": form,
            }
        )
    return render(request, "equipment/request_detail.html", context)


def booking_not_deployed(unit_request: UnitRequest) -> bool:
    booking = unit_request.live_booking
    return booking is None or booking.status == BookingStatus.SCHEDULED


@reviewer_required
@require_http_methods(["GET", "POST"])
def request_book(request, pk: int):
    """Show the booking's summary for confirmation (GET), then book the unit (POST)."""
    unit_request = get_object_or_404(
        UnitRequest.objects.for_user(request.user).select_related("mine__province", "mineral"), pk=pk
    )
    form = BookingScheduleForm(
        request.POST if request.method == "POST" else request.GET, units=ProcessingUnit.objects.all()
    )
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("equipment:request_detail", pk=pk)
    if request.method == "GET":
        start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
        context = {"unit_request": unit_request, "days": (end - start).days + 1, **form.cleaned_data}
        return render(request, "equipment/booking_confirm.html", context)
    booking = call_service(
        request,
        lambda: services.booking_schedule(actor=request.user, request=unit_request, **form.cleaned_data),
        success=_("The unit is booked and the operator has been told."),
    )
    if booking is not None:
        return redirect("equipment:booking_detail", pk=booking.pk)
    return redirect("equipment:request_detail", pk=pk)


@login_required
@require_POST
def request_cancel(request, pk: int):
    unit_request = get_object_or_404(UnitRequest.objects.for_user(request.user), pk=pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    call_service(
        request,
        lambda: services.unit_request_cancel(actor=request.user, unit_request=unit_request, reason=reason),
        success=_("The request was cancelled."),
    )
    return redirect("equipment:request_detail", pk=pk)


@login_required
def booking_list(request):
    queryset = Booking.objects.for_user(request.user).select_related("unit__unit_type", "request__mine")
    filterset = BookingFilterSet(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs.order_by("-start_date", "-pk"))
    return render(request, "equipment/booking_list.html", {"filter": filterset, "page": page})


@login_required
def booking_detail(request, pk: int):
    booking = get_object_or_404(
        Booking.objects.for_user(request.user).select_related(
            "unit__unit_type", "request__mine", "booked_by"
        ),
        pk=pk,
    )
    context = {"booking": booking, "events": booking.events.select_related("actor")}
    if is_reviewer(request.user):
        context.update({"complete_form": BookingCompleteForm(), "cancel_form": ReasonForm()})
    return render(request, "equipment/booking_detail.html", context)


def _booking_action(request, pk: int, call, success: str, form=None):
    booking = get_object_or_404(Booking.objects.for_user(request.user), pk=pk)
    call_service(request, lambda: call(booking), success=success, form=form)
    if form is not None and form.errors:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("equipment:booking_detail", pk=pk)


@reviewer_required
@require_POST
def booking_deploy(request, pk: int):
    return _booking_action(
        request,
        pk,
        lambda b: services.booking_deploy(actor=request.user, booking=b),
        _("The unit is deployed."),
    )


@reviewer_required
@require_POST
def booking_complete(request, pk: int):
    form = BookingCompleteForm(request.POST)
    if not form.is_valid():
        return _booking_action(request, pk, lambda b: None, "", form=form)
    return _booking_action(
        request,
        pk,
        lambda b: services.booking_complete(actor=request.user, booking=b, **form.cleaned_data),
        _("The booking is completed."),
    )


@reviewer_required
@require_POST
def booking_cancel(request, pk: int):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _booking_action(
        request,
        pk,
        lambda b: services.booking_cancel(actor=request.user, booking=b, reason=reason),
        _("The booking is cancelled; the request is back in the queue."),
    )
