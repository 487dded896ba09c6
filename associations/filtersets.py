"""One FilterSet per list, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from associations.choices import AssociationKind, MembershipStatus, OfferDirection, OfferStatus, Verdict
from associations.models import Association, Endorsement, Membership, Offer, ReviewSession
from mines.choices import RevivalStage
from mines.models import Mine


class AssociationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssociationKind.choices)
    province = django_filters.CharFilter(label=_("Province code"), field_name="province__code")

    class Meta:
        model = Association
        fields = ["kind", "province"]


class MembershipFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MembershipStatus.choices)

    class Meta:
        model = Membership
        fields = ["status", "association"]


class EndorsementFilterSet(django_filters.FilterSet):
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices)
    application = django_filters.NumberFilter(label=_("Application"), field_name="application_id")
    unit_request = django_filters.NumberFilter(label=_("Unit request"), field_name="unit_request_id")

    class Meta:
        model = Endorsement
        fields = ["verdict", "application", "unit_request"]


class ReviewSessionFilterSet(django_filters.FilterSet):
    class Meta:
        model = ReviewSession
        fields = ["status"]


class OfferFilterSet(django_filters.FilterSet):
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=OfferDirection.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OfferStatus.choices)

    class Meta:
        model = Offer
        fields = ["direction", "status"]


class CatalogueFilterSet(django_filters.FilterSet):
    """The investors' catalogue: only public fields can be filtered on."""

    province = django_filters.CharFilter(label=_("Province code"), field_name="province__code")
    mineral = django_filters.CharFilter(label=_("Mineral code"), field_name="primary_mineral__code")
    stage = django_filters.ChoiceFilter(
        label=_("Revival stage"), field_name="revival_stage", choices=RevivalStage.choices
    )
    output_min = django_filters.NumberFilter(
        label=_("Output from (t/year)"), field_name="annual_output_tonnes", lookup_expr="gte"
    )

    class Meta:
        model = Mine
        fields = ["province", "mineral", "stage", "output_min"]


class MemberMineFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    stage = django_filters.ChoiceFilter(
        label=_("Revival stage"), field_name="revival_stage", choices=RevivalStage.choices
    )

    class Meta:
        model = Mine
        fields = ["q", "stage"]
