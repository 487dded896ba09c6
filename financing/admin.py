"""Admin: history on every money and decision model; nobody may delete a financing row here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from financing import services
from financing.models import (
    ApplicationEvent,
    Decision,
    Disbursement,
    Document,
    Guarantee,
    Instalment,
    Loan,
    LoanApplication,
    PenaltyWaiver,
    RatePolicy,
    RemainderCancellation,
    Repayment,
    Review,
    ScheduleVersion,
)
from financing.services.policy import POLICY_FIELDS


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyMixin(NoDeleteMixin):
    """Rows written only by the workflow services; the admin shows them and their history."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ApplicationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    fields = ["at", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields


@admin.register(LoanApplication)
class LoanApplicationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["pk", "mine", "applicant", "amount_requested", "proposed_rate", "status", "submitted_at"]
    list_filter = ["status", "mine__province"]
    search_fields = ["mine__name", "applicant__username", "applicant__last_name", "purpose"]
    list_select_related = ["mine", "applicant"]
    inlines = [ApplicationEventInline]


@admin.register(Review)
class ReviewAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["application", "reviewer", "recommendation", "created_at"]
    list_filter = ["recommendation"]
    search_fields = ["application__mine__name", "reviewer__username"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "application",
        "decided_by",
        "outcome",
        "approved_amount",
        "rate",
        "rate_policy",
        "decided_at",
        "superseded_at",
    ]
    list_filter = ["outcome"]
    search_fields = ["application__mine__name", "decided_by__username"]


@admin.register(Guarantee)
class GuaranteeAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["application", "kind", "counterparty_name", "mineral", "tonnes_per_year", "verified_at"]
    list_filter = ["kind", "price_basis"]
    search_fields = ["counterparty_name", "counterparty_id"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["application", "document_type", "original_name", "content_type", "size", "uploaded_at"]
    list_filter = ["document_type", "content_type"]
    search_fields = ["original_name", "sha256"]
    exclude = ["file"]


@admin.register(RatePolicy)
class RatePolicyAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    """Administrators add rate policies here. One that a decision or a loan relied on is a fixed version:
    shown read-only, never deleted; a change is a new policy with its own effective date."""

    writes_through_services = True  # created and corrected with the rate policy services

    list_display = [
        "cap",
        "penalty_rate",
        "effective_from",
        "effective_to",
        "legal_reference",
        "is_referenced",
    ]
    search_fields = ["legal_reference"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(boolean=True, description=_("relied on"))
    def is_referenced(self, obj) -> bool:
        return obj.is_referenced

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_referenced:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """The same services as the API: create, or correct a policy nobody relied on yet."""
        fields = {name: form.cleaned_data[name] for name in POLICY_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.rate_policy_update(policy=obj, actor=request.user, **fields)
        else:
            saved = services.rate_policy_create(actor=request.user, **fields)
        obj.pk, obj.created_by, obj.created_at = saved.pk, saved.created_by, saved.created_at


class InstalmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Instalment
    extra = 0
    fields = [
        "number",
        "due_date",
        "principal",
        "interest",
        "amount",
        "paid_amount",
        "paid_interest",
        "penalty_paid",
        "penalty_waived",
    ]
    readonly_fields = fields


@admin.register(Loan)
class LoanAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["pk", "application", "approved_amount", "rate", "penalty_rate", "status", "contracted_at"]
    list_filter = ["status"]
    search_fields = ["application__mine__name"]
    inlines = [InstalmentInline]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["loan", "amount", "disbursed_on", "bank_reference", "destination_sheba"]
    search_fields = ["bank_reference", "destination_sheba"]
    date_hierarchy = "disbursed_on"


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["loan", "amount", "paid_on", "reference"]
    search_fields = ["reference"]
    date_hierarchy = "paid_on"


@admin.register(ScheduleVersion)
class ScheduleVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["loan", "number", "reason", "effective_on", "is_current", "created_by", "created_at"]
    list_filter = ["reason", "is_current"]


@admin.register(RemainderCancellation)
class RemainderCancellationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["loan", "amount", "cancelled_on", "reason", "recorded_by"]
    date_hierarchy = "cancelled_on"


@admin.register(PenaltyWaiver)
class PenaltyWaiverAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["loan", "instalment_number", "amount", "waived_on", "reason", "recorded_by"]
    date_hierarchy = "waived_on"
