"""Dashboard cards of the equipment app."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from equipment.choices import BookingStatus, RequestStatus, TenderStatus, UnitStatus
from equipment.models import Bid, Booking, ProcessingUnit, Tender, UnitRequest
from revival_portal.accounts.roles import Role
from revival_portal.views import Panel


def panels(user) -> list[Panel]:
    cards = []
    requests_url = reverse("equipment:request_list")
    if user.has_role(Role.OPERATOR):
        mine = UnitRequest.objects.for_user(user)
        cards.append(
            Panel(
                _("Unit requests waiting"), mine.filter(status=RequestStatus.REQUESTED).count(), requests_url
            )
        )
        upcoming = Booking.objects.for_user(user).filter(
            status__in=[BookingStatus.SCHEDULED, BookingStatus.DEPLOYED], end_date__gte=timezone.localdate()
        )
        cards.append(
            Panel(
                _("Unit bookings ahead"), upcoming.count(), reverse("equipment:booking_list"), tone="success"
            )
        )
    if user.has_role(Role.REVIEWER, Role.ADMIN):
        cards.append(
            Panel(
                _("Unit requests to schedule"),
                UnitRequest.objects.open().count(),
                f"{requests_url}?status={RequestStatus.REQUESTED}",
                tone="warning",
            )
        )
        cards.append(
            Panel(
                _("Units available"),
                ProcessingUnit.objects.filter(status=UnitStatus.AVAILABLE).count(),
                reverse("equipment:unit_list"),
            )
        )
        to_award = (
            Tender.objects.filter(status=TenderStatus.CLOSED).count() + Tender.objects.due_to_close().count()
        )
        cards.append(Panel(_("Tenders to award"), to_award, reverse("equipment:tender_list"), tone="info"))
    if user.has_role(Role.PARTNER):
        cards.append(
            Panel(_("Open tenders"), Tender.objects.open().count(), reverse("equipment:tender_list"))
        )
        cards.append(
            Panel(
                _("My bids"),
                Bid.objects.for_user(user).count(),
                reverse("equipment:bid_list"),
                tone="success",
            )
        )
    return cards
