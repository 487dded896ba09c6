"""API representations of the mine registry; writes go through the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from mines.choices import RevivalStage
from mines.models import Mine, MineEvent, Mineral, ProductionReport
from mines.selectors import mine_other_minerals
from revival_portal.core.api_lists import PlannedListSerializer
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.calendar import parse_date
from revival_portal.core.models import Province
from revival_portal.core.serializer_fields import LocalisedDecimalField, LocalisedIntegerField


class FlexibleDateSerializerField(serializers.DateField):
    """An ISO date, or a Jalali ``yyyy/mm/dd`` in any digits."""

    def to_internal_value(self, value):
        parsed = parse_date(str(value)) if isinstance(value, str) else None
        if parsed is None:
            return super().to_internal_value(value)
        return parsed


class MineralSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mineral
        fields = ["id", "code", "name_fa", "name_en"]
        read_only_fields = fields


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name_fa", "name_en", "latitude", "longitude"]
        read_only_fields = fields


class MineSerializer(serializers.ModelSerializer):
    """A mine; the registration fields are writable while it is pending, the decision fields never."""

    province = serializers.PrimaryKeyRelatedField(queryset=Province.objects.all())
    licence_issued_on = FlexibleDateSerializerField()
    licence_expires_on = FlexibleDateSerializerField()
    operator_name = serializers.SerializerMethodField()
    licence_expired = serializers.BooleanField(read_only=True)
    eligibility_problem = serializers.CharField(read_only=True)

    class Meta:
        model = Mine
        fields = [
            "id",
            "name",
            "operator",
            "operator_name",
            "province",
            "county",
            "latitude",
            "longitude",
            "primary_mineral",
            "other_minerals",
            "licence_type",
            "licence_number",
            "licence_issued_on",
            "licence_expires_on",
            "licence_expired",
            "revival_stage",
            "jobs_before",
            "jobs_now",
            "annual_output_tonnes",
            "proven_reserve_tonnes",
            "verification_status",
            "verification_reason",
            "verified_at",
            "eligibility_problem",
            "created_at",
        ]
        list_serializer_class = PlannedListSerializer
        read_only_fields = [
            "operator",
            "revival_stage",
            "verification_status",
            "verification_reason",
            "verified_at",
            "created_at",
        ]

    def get_operator_name(self, mine: Mine) -> str:
        return mine.operator.company_name or str(mine.operator)

    def load_rows(self, mines: list[Mine]) -> dict[str, dict[int, list[int]]]:
        """The other minerals of a whole list of mines (``PlannedListSerializer``)."""
        return {"other_minerals": mine_other_minerals(mine_ids=[mine.pk for mine in mines])}


class MineFiguresSerializer(serializers.Serializer):
    jobs_now = LocalisedIntegerField(min_value=0)
    annual_output_tonnes = LocalisedDecimalField(max_digits=14, decimal_places=2, min_value=0)
    proven_reserve_tonnes = LocalisedDecimalField(
        max_digits=16, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class MineVerifySerializer(serializers.Serializer):
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class MineRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=NOTE_MAX_LENGTH,
        error_messages={"blank": _("Give the reason for rejecting the registration.")},
    )


class MineStageChangeSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=RevivalStage.choices)
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class MineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MineEvent
        fields = ["id", "kind", "actor", "from_value", "to_value", "note", "created_at"]
        read_only_fields = fields


class ProductionReportSerializer(serializers.ModelSerializer):
    """A month's production; filing a second report for the same period is a 400 on ``period_month``."""

    mine = serializers.PrimaryKeyRelatedField(queryset=Mine.objects.all())
    period_label = serializers.CharField(read_only=True)

    class Meta:
        model = ProductionReport
        fields = [
            "id",
            "mine",
            "period_year",
            "period_month",
            "period_label",
            "jobs",
            "tonnes_mined",
            "tonnes_sold",
            "revenue_rials",
            "filed_by",
            "filed_at",
        ]
        read_only_fields = ["filed_by", "filed_at"]
        list_serializer_class = PlannedListSerializer
        # The model's clean() reports a duplicate period on the field; the generic unique-together
        # message would not say which field is wrong.
        validators = []

    def validate_mine(self, mine: Mine) -> Mine:
        # Someone else's mine answers 404, as if it did not exist.
        if not Mine.objects.for_user(self.context["request"].user).filter(pk=mine.pk).exists():
            raise NotFound
        return mine
