"""API serializers: field errors here, the same rules again in the services, and the database last."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
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
    RatePolicy,
    Repayment,
    Review,
)
from financing.rates import validate_rate
from financing.services.applications import grace_period_check
from financing.services.guarantees import GUARANTEE_FIELDS
from mines.models import Mine
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.serializer_fields import (
    LocalisedDecimalField,
    LocalisedIntegerField,
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


class LoanApplicationSerializer(serializers.ModelSerializer):
    mine = serializers.PrimaryKeyRelatedField(queryset=Mine.objects.none())
    proposed_rate = rate_field(required=False, allow_null=True)
    applicant = serializers.StringRelatedField()
    status = serializers.CharField(read_only=True)
    events = ApplicationEventSerializer(many=True, read_only=True)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["mine"].queryset = Mine.objects.for_user(request.user)

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
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class ContractSerializer(serializers.Serializer):
    approved_amount = LocalisedDecimalField(max_digits=22, decimal_places=0, min_value=1)
    rate = rate_field(validators=[check_rate])
    term_months = LocalisedIntegerField(min_value=1, max_value=360)
    grace_months = LocalisedIntegerField(min_value=0, max_value=359)
    first_due_date = serializers.DateField()


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
        fields = ["id", "application", "decided_by", "outcome", "note", "rate_policy", "decided_at"]
        read_only_fields = fields


class GuaranteeSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=LoanApplication.objects.none())

    class Meta:
        model = Guarantee
        fields = ["id", "application", *GUARANTEE_FIELDS, "verified_by", "verified_at"]
        read_only_fields = ["verified_by", "verified_at"]

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


class InstalmentSerializer(serializers.ModelSerializer):
    days_past_due = serializers.SerializerMethodField()

    class Meta:
        model = Instalment
        fields = ["number", "due_date", "principal", "interest", "amount", "paid_amount", "days_past_due"]
        read_only_fields = fields

    def get_days_past_due(self, instalment) -> int:
        return instalment.days_past_due()


class LoanSerializer(serializers.ModelSerializer):
    instalments = InstalmentSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "application",
            "approved_amount",
            "rate",
            "term_months",
            "grace_months",
            "first_due_date",
            "rate_policy",
            "contracted_at",
            "status",
            "instalments",
        ]
        read_only_fields = fields


class DisbursementSerializer(serializers.ModelSerializer):
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


class RepaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Repayment
        fields = ["id", "loan", "amount", "paid_on", "reference", "recorded_at"]
        read_only_fields = ["loan", "recorded_at"]
        extra_kwargs = {"amount": {"min_value": 1}}


class RatePolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = RatePolicy
        fields = ["id", "cap", "effective_from", "effective_to", "legal_reference", "created_at"]
        read_only_fields = ["created_at"]
