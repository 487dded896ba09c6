"""One FilterSet per model, shared by the HTML lists and the API. Bid prices are never filterable."""

import django_filters
from django.utils.translation import gettext_lazy as _

from equipment.choices import BookingStatus, RequestStatus, TenderKind, TenderStatus, UnitStatus
from equipment.models import Bid, Booking, ProcessingUnit, Tender, UnitRequest, UnitType
from mines.filtersets import FlexibleDateFilter
from mines.models import Mineral
from revival_portal.core.models import Province
from revival_portal.core.reference_choices import ReferenceChoiceFilter


class UnitTypeFilterSet(django_filters.FilterSet):
    mineral = ReferenceChoiceFilter(field_name="minerals", queryset=Mineral.objects.all(), label=_("Mineral"))

    class Meta:
        model = UnitType
        fields = ["mineral"]


class ProcessingUnitFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter(lookup_expr="icontains", label=_("Code"))
    status = django_filters.ChoiceFilter(choices=UnitStatus.choices, label=_("Status"))
    unit_type = ReferenceChoiceFilter(queryset=UnitType.objects.all(), label=_("Unit type"))
    home_province = ReferenceChoiceFilter(queryset=Province.objects.all(), label=_("Home province"))
    mineral = ReferenceChoiceFilter(
        field_name="unit_type__minerals", queryset=Mineral.objects.all(), label=_("Mineral")
    )

    class Meta:
        model = ProcessingUnit
        fields = ["code", "status", "unit_type", "home_province", "mineral"]


class UnitRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("Status"))
    mineral = ReferenceChoiceFilter(queryset=Mineral.objects.all(), label=_("Mineral"))
    province = ReferenceChoiceFilter(
        field_name="mine__province", queryset=Province.objects.all(), label=_("Province")
    )

    class Meta:
        model = UnitRequest
        fields = ["status", "mineral", "province"]


class BookingFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=BookingStatus.choices, label=_("Status"))
    unit = django_filters.CharFilter(field_name="unit__code", lookup_expr="iexact", label=_("Unit code"))
    # Jalali or ISO dates, with the Jalali picker on Persian pages.
    starts_after = FlexibleDateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starts on or after")
    )
    ends_before = FlexibleDateFilter(field_name="end_date", lookup_expr="lte", label=_("Ends on or before"))

    class Meta:
        model = Booking
        fields = ["status", "unit", "starts_after", "ends_before"]


class TenderFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TenderStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=TenderKind.choices, label=_("Kind"))

    class Meta:
        model = Tender
        fields = ["status", "kind"]


class BidFilterSet(django_filters.FilterSet):
    # Deliberately no price filter: a range filter would let anyone bisect a sealed amount.
    tender = django_filters.ModelChoiceFilter(
        queryset=lambda request: Tender.objects.for_user(request.user) if request else Tender.objects.none(),
        label=_("Tender"),
    )

    class Meta:
        model = Bid
        fields = ["tender"]
