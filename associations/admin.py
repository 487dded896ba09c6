"""Admin: administrators register associations, their representatives, investors and the endorsement
policy; memberships, endorsements, sessions and offers are written only by the services and shown here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from associations import services
from associations.models import (
    AgendaItem,
    Association,
    AssociationEvent,
    Endorsement,
    EndorsementPolicy,
    Investor,
    Invitation,
    Membership,
    Offer,
    Opinion,
    Representative,
    ReviewSession,
)


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Rows written only by the services; the admin shows them and their history."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RepresentativeInline(NoDeleteMixin, admin.TabularInline):
    model = Representative
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "active", "since"]


@admin.register(Association)
class AssociationAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "registration_number"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "registration_number"]
    inlines = [RepresentativeInline]


@admin.register(Investor)
class InvestorAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "user", "legal_id", "active"]
    search_fields = ["name", "legal_id", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(EndorsementPolicy)
class EndorsementPolicyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Versions of the endorsement setting; a saved version is never edited, a new one follows it."""

    list_display = ["legal_reference", "requires_endorsement", "effective_from", "effective_to"]
    readonly_fields = ["created_by", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.endorsement_policy_create(
            actor=request.user,
            requires_endorsement=obj.requires_endorsement,
            effective_from=obj.effective_from,
            effective_to=obj.effective_to,
            legal_reference=obj.legal_reference,
        )
        obj.pk = saved.pk


@admin.register(Membership)
class MembershipAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["mine", "association", "status", "starts_on", "ends_on"]
    list_filter = ["status", "association"]
    search_fields = ["mine__name", "association__name"]


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["association", "application", "unit_request", "verdict", "endorsed_by", "endorsed_at"]
    list_filter = ["verdict"]


class AgendaItemInline(ReadOnlyMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(ReadOnlyMixin, admin.TabularInline):
    model = Invitation
    extra = 0


@admin.register(ReviewSession)
class ReviewSessionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["title", "meets_on", "status", "opened_by"]
    inlines = [AgendaItemInline, InvitationInline]


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["item", "author", "stance", "recorded_at"]
    list_filter = ["stance"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["pk", "direction", "investor", "mine", "status", "created_at", "guarantee"]
    list_filter = ["direction", "status"]


@admin.register(AssociationEvent)
class AssociationEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "subject", "object_id", "actor", "from_state", "to_state"]
    list_filter = ["subject"]
