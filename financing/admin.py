"""Admin: history on every money and decision model; nobody may delete a financing row here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from financing.models import (
    ApplicationEvent,
    Decision,
    Disbursement,
    Document,
    Guarantee,
    Instalment,
    Loan,
    LoanApplication,
    RatePolicy,
    Repayment,
    Review,
)
from financing.services.policy import rate_policy_create


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
    list_display = ["application", "decided_by", "outcome", "rate_policy", "decided_at"]
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
    """Administrators set rate policies here; the model and the database refuse a cap of 18 or more."""

    writes_through_services = True  # a new policy is recorded with rate_policy_create

    list_display = ["cap", "effective_from", "effective_to", "legal_reference"]
    search_fields = ["legal_reference"]
    readonly_fields = ["created_by", "created_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A recorded policy is history: a new regulation is a new policy, not an edit of the old one.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in ("cap", "effective_from", "effective_to")}
        created = rate_policy_create(
            actor=request.user, legal_reference=form.cleaned_data["legal_reference"], **fields
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()


class InstalmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Instalment
    extra = 0
    fields = ["number", "due_date", "principal", "interest", "amount", "paid_amount"]
    readonly_fields = fields


@admin.register(Loan)
class LoanAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["pk", "application", "approved_amount", "rate", "status", "contracted_at"]
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
