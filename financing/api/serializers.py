"""API serializers: field errors here, the same rules again in the services, and the database last."""

from collections.abc import Mapping
from functools import cached_property

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from financing.choices import DecisionOutcome, DocumentType, Recommendation
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
from financing.rates import validate_rate
from financing.schedule import days_past_due, is_paid
from financing.selectors import application_events, current_schedules, schedule_versions
from financing.services.applications import grace_period_check
from financing.services.guarantees import GUARANTEE_FIELDS
from financing.services.servicing import movement_date_check
from financing.services.terms import decided_terms_check
from mines.models import Mine
from revival_portal.core.api_lists import PlannedListSerializer
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.serializer_fields import (
    LocalisedDecimalField,
    LocalisedIntegerField,
    MoneySerializerField,
    ShebaSerializerField,
)


def rate_field(**kwargs) -> serializers.DecimalField:
    return LocalisedDecimalField(max_digits=5, decimal_places=2, **kwargs)


def check_rate(value):
    """Turn the shared rate rule into a serializer field error."""
    if value is None:
        return value
    try:
        validate_rate(value, timezone.localdate(), check_policy=True)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None
    return value


class ApplicationEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    # Plain strings in the schema: one status enum shared by both, so no duplicate enum names.
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)

    class Meta:
        model = ApplicationEvent
        fields = ["id", "actor", "at", "from_state", "to_state", "note"]
        read_only_fields = fields
        list_serializer_class = PlannedListSerializer


class LoanApplicationSerializer(serializers.ModelSerializer):
    mine = serializers.PrimaryKeyRelatedField(queryset=Mine.objects.none())
    proposed_rate = rate_field(required=False, allow_null=True)
    applicant = serializers.StringRelatedField()
    status = serializers.CharField(read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = LoanApplication
        fields = [
            "id",
            "mine",
            "applicant",
            "amount_requested",
            "purpose",
            "term_months",
            "grace_months",
            "proposed_rate",
            "status",
            "submitted_at",
            "created_at",
            "updated_at",
            "events",
        ]
        read_only_fields = ["applicant", "status", "submitted_at", "created_at", "updated_at"]
        list_serializer_class = PlannedListSerializer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["mine"].queryset = Mine.objects.for_user(request.user)

    def load_rows(self, applications: list[LoanApplication]) -> dict[str, dict[int, list]]:
        """The events of a whole list of applications (``PlannedListSerializer``)."""
        events = application_events(application_ids=[application.pk for application in applications])
        return {"events": {pk: self.event_list.to_representation(rows) for pk, rows in events.items()}}

    @cached_property
    def event_list(self) -> serializers.ListSerializer:
        return ApplicationEventSerializer(many=True, context=self.context)

    @extend_schema_field(ApplicationEventSerializer(many=True, read_only=True))
    def get_events(self, application: LoanApplication) -> list[dict]:
        events = application_events(application_ids=[application.pk])[application.pk]
        return self.event_list.to_representation(events)

    def validate_proposed_rate(self, value):
        return check_rate(value)

    def validate(self, attrs):
        term = attrs.get("term_months", getattr(self.instance, "term_months", None))
        grace = attrs.get("grace_months", getattr(self.instance, "grace_months", 0))
        try:
            grace_period_check(term, grace)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class RequiredNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class RecommendSerializer(serializers.Serializer):
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH)
    score_technical = LocalisedIntegerField(min_value=1, max_value=5)
    score_financial = LocalisedIntegerField(min_value=1, max_value=5)
    score_guarantees = LocalisedIntegerField(min_value=1, max_value=5)
    score_impact = LocalisedIntegerField(min_value=1, max_value=5)


class DecideSerializer(serializers.Serializer):
    """An approval fixes the amount and the rate (left out: the amount requested, the proposed rate)."""

    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    approved_amount = MoneySerializerField(required=False)
    rate = rate_field(required=False, validators=[check_rate])
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class ContractSerializer(serializers.Serializer):
    """The contract terms; ``context["application"]`` is checked against its decision."""

    approved_amount = MoneySerializerField()
    rate = rate_field(validators=[check_rate])
    term_months = LocalisedIntegerField(min_value=1, max_value=360)
    grace_months = LocalisedIntegerField(min_value=0, max_value=359)
    first_due_date = serializers.DateField()

    def validate(self, attrs):
        """The decided terms: at most the decided amount, exactly the decided rate."""
        application = self.context.get("application")
        if application is not None:
            try:
                decided_terms_check(application, approved_amount=attrs["approved_amount"], rate=attrs["rate"])
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from None
        return attrs


class ReviewSerializer(serializers.ModelSerializer):
    reviewer = serializers.StringRelatedField()

    class Meta:
        model = Review
        fields = [
            "id",
            "reviewer",
            "recommendation",
            "note",
            "score_technical",
            "score_financial",
            "score_guarantees",
            "score_impact",
            "created_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.StringRelatedField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "application",
            "decided_by",
            "outcome",
            "approved_amount",
            "rate",
            "note",
            "rate_policy",
            "decided_at",
            "superseded_at",
        ]
        read_only_fields = fields


class GuaranteeSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=LoanApplication.objects.none())

    class Meta:
        model = Guarantee
        fields = [
            "id",
            "application",
            *GUARANTEE_FIELDS,
            "verified_by",
            "verified_at",
            "confirmed_by_counterparty",
            "counterparty_account",
            "confirmed_at",
        ]
        read_only_fields = ["verified_by", "verified_at", "counterparty_account", "confirmed_at"]

    confirmed_by_counterparty = serializers.BooleanField(
        source="is_confirmed_by_counterparty", read_only=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["application"].queryset = LoanApplication.objects.for_user(request.user)
            self.fields["signed_document"].queryset = Document.objects.for_user(request.user)


class DocumentSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=LoanApplication.objects.none())
    file = serializers.FileField(write_only=True)
    document_type = serializers.ChoiceField(choices=DocumentType.choices)

    class Meta:
        model = Document
        fields = [
            "id",
            "application",
            "document_type",
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
        ]
        read_only_fields = ["original_name", "content_type", "size", "sha256", "uploaded_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["application"].queryset = LoanApplication.objects.for_user(request.user)


# One row of a loan's current schedule, from a ``financing.selectors.current_schedules`` row (no docstring:
# it would become the schema's description).
class InstalmentSerializer(serializers.ModelSerializer):
    days_past_due = serializers.SerializerMethodField()

    class Meta:
        model = Instalment
        fields = ["number", "due_date", "principal", "interest", "amount", "paid_amount", "days_past_due"]
        read_only_fields = fields
        list_serializer_class = PlannedListSerializer

    @cached_property
    def today(self):
        # Once per response, not once per row of a page of schedules.
        return timezone.localdate()

    def get_days_past_due(self, instalment: Mapping) -> int:
        paid = is_paid(instalment["amount"], instalment["paid_amount"])
        return days_past_due(instalment["due_date"], self.today, paid=paid)


class ScheduleVersionSerializer(serializers.ModelSerializer):
    created_by = serializers.StringRelatedField()

    class Meta:
        model = ScheduleVersion
        fields = ["number", "reason", "effective_on", "is_current", "created_by", "created_at"]
        read_only_fields = fields
        list_serializer_class = PlannedListSerializer


class LoanSerializer(serializers.ModelSerializer):
    instalments = serializers.SerializerMethodField()
    schedule_versions = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "application",
            "approved_amount",
            "rate",
            "penalty_rate",
            "term_months",
            "grace_months",
            "first_due_date",
            "decision",
            "rate_policy",
            "contracted_at",
            "status",
            "instalments",
            "schedule_versions",
        ]
        read_only_fields = fields
        list_serializer_class = PlannedListSerializer

    def load_rows(self, loans: list[Loan]) -> dict[str, dict[int, list]]:
        """The current schedules and their versions of a whole list of loans (``PlannedListSerializer``)."""
        loan_ids = [loan.pk for loan in loans]
        schedules = current_schedules(loan_ids=loan_ids)
        versions = schedule_versions(loan_ids=loan_ids)
        return {
            "instalments": {
                pk: self.instalment_list.to_representation(rows) for pk, rows in schedules.items()
            },
            "schedule_versions": {
                pk: self.version_list.to_representation(rows) for pk, rows in versions.items()
            },
        }

    @cached_property
    def instalment_list(self) -> serializers.ListSerializer:
        return InstalmentSerializer(many=True, context=self.context)

    @cached_property
    def version_list(self) -> serializers.ListSerializer:
        return ScheduleVersionSerializer(many=True, context=self.context)

    @extend_schema_field(InstalmentSerializer(many=True, read_only=True))
    def get_instalments(self, loan: Loan) -> list[dict]:
        return self.instalment_list.to_representation(current_schedules(loan_ids=[loan.pk])[loan.pk])

    @extend_schema_field(ScheduleVersionSerializer(many=True, read_only=True))
    def get_schedule_versions(self, loan: Loan) -> list[dict]:
        return self.version_list.to_representation(schedule_versions(loan_ids=[loan.pk])[loan.pk])


class LoanMovementSerializer(serializers.ModelSerializer):
    """A dated movement: the service's date rule as a field error (the view passes the loan)."""

    movement_kind = ""
    date_field = ""

    def validate(self, attrs):
        loan = self.context.get("loan")
        if loan is not None:
            try:
                movement_date_check(
                    loan, kind=self.movement_kind, on=attrs.get(self.date_field), field=self.date_field
                )
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from None
        return attrs


class DisbursementSerializer(LoanMovementSerializer):
    movement_kind, date_field = "tranche", "disbursed_on"
    destination_sheba = ShebaSerializerField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "loan",
            "amount",
            "disbursed_on",
            "bank_reference",
            "destination_sheba",
            "recorded_at",
        ]
        read_only_fields = ["loan", "recorded_at"]
        extra_kwargs = {"amount": {"min_value": 1}}
        list_serializer_class = PlannedListSerializer


class RepaymentSerializer(LoanMovementSerializer):
    movement_kind, date_field = "payment", "paid_on"

    class Meta:
        model = Repayment
        fields = ["id", "loan", "amount", "paid_on", "reference", "prepayment_mode", "recorded_at"]
        read_only_fields = ["loan", "recorded_at"]
        extra_kwargs = {"amount": {"min_value": 1}}
        list_serializer_class = PlannedListSerializer


class RemainderCancellationSerializer(LoanMovementSerializer):
    movement_kind, date_field = "cancellation", "cancelled_on"
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = RemainderCancellation
        fields = ["id", "loan", "amount", "cancelled_on", "reason", "recorded_by", "recorded_at"]
        read_only_fields = ["loan", "amount", "recorded_by", "recorded_at"]


class PenaltyWaiverSerializer(LoanMovementSerializer):
    movement_kind, date_field = "waiver", "waived_on"
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = PenaltyWaiver
        fields = [
            "id",
            "loan",
            "instalment_number",
            "amount",
            "waived_on",
            "reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["loan", "recorded_by", "recorded_at"]
        extra_kwargs = {"amount": {"min_value": 1}, "instalment_number": {"min_value": 1}}


class PayoffDateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class PayoffQuoteSerializer(serializers.Serializer):
    """A payoff quote as the API answers it (read only)."""

    on = serializers.DateField(read_only=True)
    principal = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    interest = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    penalty = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    total = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)


class StatementLineSerializer(serializers.Serializer):
    """One line of a loan statement as the API answers it (read only)."""

    date = serializers.DateField(read_only=True)
    kind = serializers.CharField(read_only=True)
    movement = serializers.CharField(read_only=True)
    detail = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    penalty = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    interest = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    principal = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)
    balance = serializers.DecimalField(max_digits=20, decimal_places=0, read_only=True)


class RatePolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = RatePolicy
        fields = [
            "id",
            "cap",
            "penalty_rate",
            "effective_from",
            "effective_to",
            "legal_reference",
            "created_at",
        ]
        read_only_fields = ["created_at"]
