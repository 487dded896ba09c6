"""Admin for the fleet, requests, bookings and tenders. Status changes go through the services (actions).

A bid's price is never a form field here: before the tender closes the list and the change page show
"sealed"; after closing they show the amount read-only. The price is also kept out of the history tables.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from equipment import services
from equipment.choices import TenderStatus
from equipment.models import (
    Award,
    Bid,
    Booking,
    EquipmentEvent,
    ProcessingUnit,
    Tender,
    UnitRequest,
    UnitType,
)
from equipment.services.tenders import TENDER_EDITABLE_FIELDS
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.core.templatetags.jalali import rials
from revival_portal.exceptions import TransitionNotAllowed


def _each(modeladmin, request, queryset, call, done_message) -> None:
    """Run a service on each selected object and report what worked and what was refused."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except (TransitionNotAllowed, PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(UnitType)
class UnitTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name_en", "name_fa", "capacity_tph")
    list_filter = ("minerals",)
    search_fields = ("name_en", "name_fa", "circuit")
    filter_horizontal = ("minerals",)


@admin.register(ProcessingUnit)
class ProcessingUnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "unit_type", "status", "home_province", "builder", "commissioned_on")
    list_filter = ("status", "unit_type", "home_province")
    search_fields = ("code", "builder__company_name", "builder__username")
    raw_id_fields = ("builder",)


@admin.register(UnitRequest)
class UnitRequestAdmin(SimpleHistoryAdmin):
    list_display = (
        "id",
        "mine",
        "mineral",
        "ore_tonnes",
        "desired_start",
        "desired_end",
        "status",
        "created_at",
    )
    list_filter = ("status", "mineral", "mine__province")
    search_fields = ("mine__name", "mine__operator__username", "note")
    raw_id_fields = ("mine", "requested_by")
    readonly_fields = ("status", "requested_by", "created_at", "updated_at")
    date_hierarchy = "created_at"
    actions = ["cancel_requests"]

    @admin.action(description=_("Cancel the selected requests"))
    def cancel_requests(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda r: services.unit_request_cancel(actor=request.user, unit_request=r),
            _("%(count)d requests cancelled."),
        )


@admin.register(Booking)
class BookingAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "request", "start_date", "end_date", "status", "tonnes_processed")
    list_filter = ("status", "unit__unit_type")
    search_fields = ("unit__code", "request__mine__name")
    date_hierarchy = "start_date"
    raw_id_fields = ("unit", "request", "booked_by")
    readonly_fields = (
        "unit",
        "request",
        "start_date",
        "end_date",
        "status",
        "booked_by",
        "booked_at",
        "deployed_at",
        "completed_at",
        "cancelled_at",
    )
    actions = ["deploy_bookings", "cancel_bookings"]

    def has_add_permission(self, request):
        return False  # bookings are made from a request, where the overlap check runs

    @admin.action(description=_("Deploy the selected bookings"))
    def deploy_bookings(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda b: services.booking_deploy(actor=request.user, booking=b),
            _("%(count)d bookings deployed."),
        )

    @admin.action(description=_("Cancel the selected bookings"))
    def cancel_bookings(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda b: services.booking_cancel(actor=request.user, booking=b),
            _("%(count)d bookings cancelled."),
        )


@admin.register(Tender)
class TenderAdmin(SimpleHistoryAdmin):
    writes_through_services = True  # save_model calls tender_create / tender_update
    list_display = ("title", "kind", "status", "closes_at", "created_by")
    list_filter = ("status", "kind")
    search_fields = ("title", "scope")
    readonly_fields = ("status", "created_by", "published_at", "closed_at")
    date_hierarchy = "closes_at"
    actions = ["publish_tenders", "close_tenders"]

    def has_add_permission(self, request):
        # tender_create refuses anyone but a reviewer or an administrator; refuse here, not with a 500.
        return is_reviewer(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_reviewer(request.user) and super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        """tender_update edits drafts only: once published, nothing can be changed here either."""
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status != TenderStatus.DRAFT:
            return (*readonly, *TENDER_EDITABLE_FIELDS)
        return readonly

    def save_model(self, request, obj, form, change):
        """Through the services, so the admin gets the same checks, ``created_by`` and event row."""
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            if fields:
                services.tender_update(actor=request.user, tender=obj, **fields)
        else:
            fields = {name: form.cleaned_data[name] for name in TENDER_EDITABLE_FIELDS}
            obj.pk = services.tender_create(actor=request.user, **fields).pk
            obj._state.adding = False
        obj.refresh_from_db()

    @admin.action(description=_("Publish the selected tenders"))
    def publish_tenders(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda t: services.tender_publish(actor=request.user, tender=t),
            _("%(count)d tenders published."),
        )

    @admin.action(description=_("Close the selected tenders (past their closing time)"))
    def close_tenders(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda t: services.tender_close(actor=request.user, tender=t),
            _("%(count)d tenders closed."),
        )


@admin.register(Bid)
class BidAdmin(SimpleHistoryAdmin):
    """Read-only: bids come from partners. The price shows only once the tender has closed."""

    list_display = ("tender", "partner", "sealed_price", "score", "submitted_at", "updated_at")
    list_filter = ("tender__status", "tender")
    search_fields = ("tender__title", "partner__company_name", "partner__username")
    fields = ("tender", "partner", "sealed_price", "delivery_schedule", "score", "submitted_at", "updated_at")
    readonly_fields = fields

    @admin.display(description=_("price (rials)"))
    def sealed_price(self, obj):
        # An administrator is never the bidder, so only the closing time unseals the price.
        if obj.tender.bidding_over:
            return rials(obj.price_rials)
        return _("sealed until closing")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tender", "partner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ("tender", "bid", "awarded_by", "awarded_at")
    search_fields = ("tender__title",)
    readonly_fields = ("tender", "bid", "justification", "awarded_by", "awarded_at")

    def has_add_permission(self, request):
        return False  # awards are made with tender_award, which checks the tender is closed


@admin.register(EquipmentEvent)
class EquipmentEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "actor", "request", "booking", "tender")
    list_filter = ("kind",)
    search_fields = ("note", "actor__username")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
