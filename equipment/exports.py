"""The equipment lists as CSV and XLSX: the fleet, unit requests, bookings, tenders and bids.

A bid's price is exported only where the person may see it (``Bid.price_visible_q``, the rule every page
asks): sealed prices are empty until the tender closes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from equipment.choices import BookingStatus, RequestStatus, TenderKind, TenderStatus, UnitStatus
from equipment.filtersets import (
    BidFilterSet,
    BookingFilterSet,
    ProcessingUnitFilterSet,
    TenderFilterSet,
    UnitRequestFilterSet,
)
from equipment.models import Bid, Booking, ProcessingUnit, Tender, UnitRequest
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.core.exports import Column, ListExport, field_label, filtered_or_404, register

PROCESSING_UNIT_EXPORT = register(
    ListExport(
        name="processing-units",
        title=_("Fleet"),
        queryset_for_user=lambda user: ProcessingUnit.objects.for_user(user),
        filterset=ProcessingUnitFilterSet,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("code", field_label(ProcessingUnit, "code")),
            Column("unit_type", field_label(ProcessingUnit, "unit_type"), "unit_type__name_fa"),
            Column("capacity_tph", _("capacity (t/h)"), "unit_type__capacity_tph", kind="number"),
            Column("home_province", field_label(ProcessingUnit, "home_province"), "home_province__name_fa"),
            Column("status", field_label(ProcessingUnit, "status"), kind="choice", choices=UnitStatus),
        ),
    )
)

UNIT_REQUEST_EXPORT = register(
    ListExport(
        name="unit-requests",
        title=_("Unit requests"),
        queryset_for_user=lambda user: UnitRequest.objects.for_user(user),
        filterset=UnitRequestFilterSet,
        columns=(
            Column("id", _("request"), "pk", kind="number"),
            Column("mine", field_label(UnitRequest, "mine"), "mine__name"),
            Column("province", _("province"), "mine__province__name_fa"),
            Column("mineral", field_label(UnitRequest, "mineral"), "mineral__code"),
            Column("ore_tonnes", field_label(UnitRequest, "ore_tonnes"), kind="number"),
            Column("desired_start", field_label(UnitRequest, "desired_start"), kind="date"),
            Column("desired_end", field_label(UnitRequest, "desired_end"), kind="date"),
            Column("status", field_label(UnitRequest, "status"), kind="choice", choices=RequestStatus),
            Column("requested_by", field_label(UnitRequest, "requested_by"), "requested_by__username"),
            Column("created_at", field_label(UnitRequest, "created_at"), kind="datetime"),
        ),
    )
)

BOOKING_EXPORT = register(
    ListExport(
        name="bookings",
        title=_("Bookings"),
        queryset_for_user=lambda user: Booking.objects.for_user(user),
        filterset=BookingFilterSet,
        ordering=("-start_date", "-pk"),
        columns=(
            Column("id", _("booking"), "pk", kind="number"),
            Column("unit", field_label(Booking, "unit"), "unit__code"),
            Column("unit_type", _("unit type"), "unit__unit_type__name_fa"),
            Column("request_id", field_label(Booking, "request"), "request_id", kind="number"),
            Column("mine", _("mine"), "request__mine__name"),
            Column("start_date", field_label(Booking, "start_date"), kind="date"),
            Column("end_date", field_label(Booking, "end_date"), kind="date"),
            Column("status", field_label(Booking, "status"), kind="choice", choices=BookingStatus),
            Column("tonnes_processed", field_label(Booking, "tonnes_processed"), kind="number"),
            Column("booked_at", field_label(Booking, "booked_at"), kind="datetime"),
            Column("deployed_at", field_label(Booking, "deployed_at"), kind="datetime"),
            Column("completed_at", field_label(Booking, "completed_at"), kind="datetime"),
            Column("cancelled_at", field_label(Booking, "cancelled_at"), kind="datetime"),
        ),
    )
)


def _tenders_on_the_page(asker, queryset):
    """Reviewers filter every tender; anyone else sees the open and the awarded ones, like the page."""
    if is_reviewer(asker.user):
        return filtered_or_404(TenderFilterSet(asker.GET or None, queryset=queryset, request=asker))
    return queryset.open() | queryset.awarded()


TENDER_EXPORT = register(
    ListExport(
        name="tenders",
        title=_("Tenders"),
        queryset_for_user=lambda user: Tender.objects.for_user(user),
        filtered=_tenders_on_the_page,
        allowed=lambda user: True,
        ordering=("-closes_at", "-pk"),
        columns=(
            Column("id", _("tender"), "pk", kind="number"),
            Column("title", field_label(Tender, "title")),
            Column("kind", field_label(Tender, "kind"), kind="choice", choices=TenderKind),
            Column("status", field_label(Tender, "status"), kind="choice", choices=TenderStatus),
            Column("closes_at", field_label(Tender, "closes_at"), kind="datetime"),
            Column("published_at", field_label(Tender, "published_at"), kind="datetime"),
            Column("awarded_to", _("awarded to"), "award__bid__partner__username"),
            Column("awarded_company", _("company name"), "award__bid__partner__company_name"),
            Column("awarded_at", _("awarded at"), "award__awarded_at", kind="datetime"),
        ),
    )
)

BID_EXPORT = register(
    ListExport(
        name="bids",
        title=_("Bids"),
        queryset_for_user=lambda user: Bid.objects.for_user(user).with_shown_price(user),
        filterset=BidFilterSet,
        ordering=("-submitted_at", "-pk"),
        columns=(
            Column("id", _("bid"), "pk", kind="number"),
            Column("tender_id", field_label(Bid, "tender"), "tender_id", kind="number"),
            Column("tender", _("tender title"), "tender__title"),
            Column("partner", field_label(Bid, "partner"), "partner__username"),
            Column("company", _("company name"), "partner__company_name"),
            # The sealed rule decides: empty until the tender closes, except for the bidder.
            Column("price_rials", field_label(Bid, "price_rials"), "shown_price", kind="money"),
            Column("score", field_label(Bid, "score"), kind="number"),
            Column("submitted_at", field_label(Bid, "submitted_at"), kind="datetime"),
            Column("tender_closes_at", _("tender closes at"), "tender__closes_at", kind="datetime"),
        ),
    )
)
