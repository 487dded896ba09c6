"""API representations; every write goes through a service, these only read and validate input."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from associations.choices import Stance, Verdict
from associations.models import (
    AgendaItem,
    Association,
    Endorsement,
    Investor,
    Membership,
    Offer,
    Opinion,
    ReviewSession,
)
from associations.selectors import member_applications
from associations.services.offers import OFFER_FIELDS
from financing.models import LoanApplication
from mines.models import Mine
from revival_portal.accounts.models import User


class AssociationSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", default=None, read_only=True)

    class Meta:
        model = Association
        fields = ["id", "name", "kind", "province", "registration_number"]


class JoinSerializer(serializers.Serializer):
    mines = serializers.PrimaryKeyRelatedField(many=True, queryset=Mine.objects.none())
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mines"].child_relation.queryset = Mine.objects.for_user(user).filter(operator=user)


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = [
            "id",
            "association",
            "mine",
            "operator",
            "status",
            "note",
            "requested_at",
            "starts_on",
            "ends_on",
        ]
        read_only_fields = fields


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class EndorsementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Endorsement
        fields = [
            "id",
            "association",
            "application",
            "unit_request",
            "verdict",
            "note",
            "endorsed_by",
            "endorsed_at",
        ]
        read_only_fields = fields


class EndorseSerializer(serializers.Serializer):
    association = serializers.PrimaryKeyRelatedField(queryset=Association.objects.none())
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.represented_by(user)


class MemberMineSerializer(serializers.ModelSerializer):
    """A member mine as its association sees it (figures come from the row built by the view)."""

    province = serializers.CharField(source="province.code")
    primary_mineral = serializers.CharField(source="primary_mineral.code")

    class Meta:
        model = Mine
        fields = [
            "id",
            "name",
            "province",
            "county",
            "primary_mineral",
            "revival_stage",
            "jobs_before",
            "jobs_now",
            "annual_output_tonnes",
        ]


class MemberApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanApplication
        fields = ["id", "mine", "amount_requested", "purpose", "term_months", "status", "submitted_at"]
        read_only_fields = fields


class CatalogueMineSerializer(serializers.ModelSerializer):
    """Public fields only: no operator, licence or location."""

    province = serializers.CharField(source="province.code")
    primary_mineral = serializers.CharField(source="primary_mineral.code")
    other_minerals = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Mine
        fields = [
            "id",
            "name",
            "province",
            "primary_mineral",
            "other_minerals",
            "annual_output_tonnes",
            "proven_reserve_tonnes",
            "revival_stage",
        ]


class InvestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Investor
        fields = ["id", "name"]


class OfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = [
            "id",
            "direction",
            "investor",
            "mine",
            "application",
            *OFFER_FIELDS,
            "status",
            "created_at",
            "answered_at",
            "guarantee",
        ]
        read_only_fields = ["investor", "status", "created_at", "answered_at", "guarantee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["mine"].queryset = Mine.objects.verified()
            self.fields["application"].queryset = LoanApplication.objects.for_user(request.user)
        self.fields["mine"].required = False


class OfferCreateSerializer(OfferSerializer):
    """A purchase offer names the ``mine``; a sales offer the ``investor`` and the ``application``."""

    investor = serializers.PrimaryKeyRelatedField(
        queryset=Investor.objects.filter(active=True), required=False
    )

    class Meta(OfferSerializer.Meta):
        read_only_fields = ["status", "created_at", "answered_at", "guarantee"]


class AcceptSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=LoanApplication.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = LoanApplication.objects.for_user(user).filter(applicant=user)


class OpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Opinion
        fields = ["id", "item", "author", "stance", "note", "recorded_at"]
        read_only_fields = fields


class OpinionInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    stance = serializers.ChoiceField(choices=Stance.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = session.agenda.all()


class AgendaItemSerializer(serializers.ModelSerializer):
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "application", "opinions"]


class ReviewSessionSerializer(serializers.ModelSerializer):
    agenda = serializers.SerializerMethodField()
    invited = serializers.SlugRelatedField(
        source="invitations", many=True, read_only=True, slug_field="user_id"
    )
    applications = serializers.PrimaryKeyRelatedField(
        many=True, write_only=True, queryset=LoanApplication.objects.none()
    )
    fund_officer = serializers.PrimaryKeyRelatedField(write_only=True, queryset=User.objects.all())

    class Meta:
        model = ReviewSession
        fields = [
            "id",
            "title",
            "meets_on",
            "status",
            "opened_by",
            "agenda",
            "invited",
            "applications",
            "fund_officer",
        ]
        read_only_fields = ["status", "opened_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["applications"].child_relation.queryset = LoanApplication.objects.for_user(
                request.user
            )

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, session):
        """Staff see the whole agenda; a representative only their members' applications."""
        items = list(session.agenda.all())
        request = self.context.get("request")
        if request is not None and not request.user.is_programme_staff:
            visible = set(member_applications(request.user).values_list("pk", flat=True))
            items = [item for item in items if item.application_id in visible]
        return AgendaItemSerializer(items, many=True).data
