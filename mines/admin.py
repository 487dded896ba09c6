"""Admin for the mine registry: list columns, filters, search and history; decisions call the services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mines import services
from mines.models import Mine, MineEvent, Mineral, ProductionReport
from revival_portal.exceptions import TransitionNotAllowed


@admin.register(Mineral)
class MineralAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_fa", "name_en"]
    search_fields = ["code", "name_fa", "name_en"]


class MineEventInline(admin.TabularInline):
    model = MineEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_value", "to_value", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mine)
class MineAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "operator",
        "province",
        "primary_mineral",
        "licence_number",
        "licence_expires_on",
        "revival_stage",
        "verification_status",
    ]
    list_filter = ["verification_status", "revival_stage", "licence_type", "province", "primary_mineral"]
    search_fields = ["name", "county", "licence_number", "operator__username", "operator__company_name"]
    list_select_related = ["operator", "province", "primary_mineral"]
    autocomplete_fields = ["operator"]
    filter_horizontal = ["other_minerals"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "verification_status",
        "verification_reason",
        "verified_by",
        "verified_at",
        "created_at",
    ]
    inlines = [MineEventInline]
    actions = ["verify_selected"]

    @admin.action(description=_("Verify the selected pending mines"))
    def verify_selected(self, request, queryset):
        done = 0
        for mine in queryset:
            try:
                services.mine_verify(actor=request.user, mine=mine)
                done += 1
            except (TransitionNotAllowed, PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{mine}: {error}", messages.WARNING)
        self.message_user(request, _("%(count)d mines verified.") % {"count": done}, messages.SUCCESS)


@admin.register(ProductionReport)
class ProductionReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "mine",
        "period_year",
        "period_month",
        "jobs",
        "tonnes_mined",
        "tonnes_sold",
        "revenue_rials",
    ]
    list_filter = ["period_year", "period_month", "mine__province"]
    search_fields = ["mine__name", "mine__licence_number"]
    list_select_related = ["mine"]
    raw_id_fields = ["mine", "filed_by"]


@admin.register(MineEvent)
class MineEventAdmin(admin.ModelAdmin):
    list_display = ["mine", "kind", "actor", "from_value", "to_value", "created_at"]
    list_filter = ["kind"]
    search_fields = ["mine__name", "note"]
    list_select_related = ["mine", "actor"]
    readonly_fields = ["mine", "kind", "actor", "from_value", "to_value", "note", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
