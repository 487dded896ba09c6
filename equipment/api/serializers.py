"""API representations; writes go through the services. A bid's price is sealed like on the pages."""

from decimal import Decimal

from rest_framework import serializers

from equipment.models import Award, Bid, Booking, ProcessingUnit, Tender, UnitRequest, UnitType
from mines.models import Mine, Mineral
from revival_portal.core.bounded import NOTE_MAX_LENGTH
from revival_portal.core.serializer_fields import (
    LocalisedDecimalField,
    LocalisedIntegerField,
    MoneySerializerField,
)


class UnitTypeSerializer(serializers.ModelSerializer):
    minerals = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Mineral.objects.all())

    class Meta:
        model = UnitType
        fields = ["id", "name_fa", "name_en", "circuit", "minerals", "capacity_tph"]
        # The database refuses a capacity of zero or less (unit_type_capacity_positive): a 400, not a 500.
        extra_kwargs = {"capacity_tph": {"min_value": Decimal("0.01")}}


class ProcessingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcessingUnit
        fields = ["id", "code", "unit_type", "status", "home_province", "builder", "commissioned_on"]


class UnitRequestSerializer(serializers.ModelSerializer):
    mineral = serializers.SlugRelatedField(slug_field="code", queryset=Mineral.objects.all())
    booking = serializers.SerializerMethodField()

    class Meta:
        model = UnitRequest
        fields = [
            "id",
            "mine",
            "mineral",
            "ore_tonnes",
            "desired_start",
            "desired_end",
            "note",
            "status",
            "requested_by",
            "created_at",
            "booking",
        ]
        read_only_fields = ["status", "requested_by", "created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only the operator's own mines can be named; another's id is simply "does not exist".
            self.fields["mine"].queryset = Mine.objects.for_user(request.user)

    def get_booking(self, obj) -> int | None:
        booking = obj.live_booking
        return booking.pk if booking else None


class BookingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Booking
        fields = [
            "id",
            "unit",
            "request",
            "start_date",
            "end_date",
            "status",
            "tonnes_processed",
            "condition_notes",
            "booked_by",
            "booked_at",
            "deployed_at",
            "completed_at",
            "cancel_reason",
        ]
        read_only_fields = [f for f in fields if f not in ("unit", "request", "start_date", "end_date")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "request" in self.fields:
            self.fields["request"].queryset = UnitRequest.objects.for_user(request.user)


class BookingCompleteSerializer(serializers.Serializer):
    tonnes_processed = LocalisedDecimalField(max_digits=12, decimal_places=2, min_value=Decimal(0))
    condition_notes = serializers.CharField(
        max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")


class AwardSerializer(serializers.ModelSerializer):
    partner = serializers.CharField(source="bid.partner", read_only=True)

    class Meta:
        model = Award
        fields = ["bid", "partner", "justification", "awarded_by", "awarded_at"]
        read_only_fields = ["awarded_by", "awarded_at"]


class TenderSerializer(serializers.ModelSerializer):
    award = AwardSerializer(read_only=True, allow_null=True)  # null until the tender is awarded
    bid_count = serializers.SerializerMethodField()

    class Meta:
        model = Tender
        fields = [
            "id",
            "title",
            "scope",
            "kind",
            "closes_at",
            "status",
            "created_by",
            "published_at",
            "closed_at",
            "award",
            "bid_count",
        ]
        read_only_fields = ["status", "created_by", "published_at", "closed_at"]

    def get_bid_count(self, obj) -> int:
        # Annotated by the viewset (one query for the page); counted here for a lone tender.
        count = getattr(obj, "bid_count", None)
        return obj.bids.count() if count is None else count


class TenderAwardSerializer(serializers.Serializer):
    bid = LocalisedIntegerField()
    justification = serializers.CharField(max_length=NOTE_MAX_LENGTH)


class BidSerializer(serializers.ModelSerializer):
    """``price_rials`` is null for anyone but the bidder until the tender's closing time."""

    # Null for anyone but the bidder until the closing time; a bid itself must always name a price.
    price_rials = MoneySerializerField(allow_null=True)
    price_sealed = serializers.SerializerMethodField()

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "partner",
            "price_rials",
            "price_sealed",
            "delivery_schedule",
            "document",
            "score",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = ["partner", "score", "submitted_at", "updated_at"]
        extra_kwargs = {"document": {"required": False, "use_url": False, "allow_null": True}}

    def validate_price_rials(self, value):
        if value is None:
            raise serializers.ValidationError(serializers.Field.default_error_messages["null"])
        return value

    def get_price_sealed(self, obj) -> bool:
        return not obj.price_visible_to(self.context["request"].user)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.price_visible_to(self.context["request"].user):
            data["price_rials"] = None
            data["document"] = None
        return data


class BidScoreSerializer(serializers.Serializer):
    score = LocalisedIntegerField(min_value=0, max_value=100)
