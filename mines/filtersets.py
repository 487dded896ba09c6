"""One FilterSet per model, shared by the HTML lists, the exports and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mines.choices import RevivalStage, Verification
from mines.models import Mine, Mineral, ProductionReport
from revival_portal.core.fields import CalendarDateField
from revival_portal.core.models import Province
from revival_portal.core.ordering import OrderingFilter
from revival_portal.core.reference_choices import ReferenceChoiceFilter
from revival_portal.core.text import search_variants
from revival_portal.forms import BootstrapFormMixin


class FilterForm(BootstrapFormMixin, forms.Form):
    """The filter panel of the HTML lists, with Bootstrap markup."""


class FlexibleDateFilter(django_filters.DateFilter):
    field_class = CalendarDateField


def _any_spelling(value: str, *fields: str) -> Q:
    """Match ``value`` in any of ``fields``, whichever keyboard (Arabic or Persian ی/ک) typed the row
    (``ilike``: ``icontains`` as PostgreSQL plans it well, see ``core.lookups``)."""
    query = Q()
    for variant in search_variants(value):
        for field in fields:
            query |= Q(**{f"{field}__ilike": variant})
    return query


class MineFilterSet(django_filters.FilterSet):
    """Filters of the mine list: province, mineral, stage, verification, licence expiry and free text."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    province = ReferenceChoiceFilter(label=_("Province"), queryset=Province.objects.all())
    mineral = ReferenceChoiceFilter(
        label=_("Mineral (primary or other)"),
        queryset=Mineral.objects.all(),
        # field_name only tells the API schema the type; filter_mineral also matches other minerals.
        field_name="primary_mineral",
        method="filter_mineral",
    )
    revival_stage = django_filters.ChoiceFilter(label=_("Revival stage"), choices=RevivalStage.choices)
    verification = django_filters.ChoiceFilter(
        label=_("Verification"), field_name="verification_status", choices=Verification.choices
    )
    licence_expires_before = FlexibleDateFilter(
        label=_("Licence expires before"), field_name="licence_expires_on", lookup_expr="lt"
    )
    licence_expired = django_filters.BooleanFilter(
        label=_("Licence expired"), method="filter_licence_expired"
    )
    ordering = OrderingFilter(
        label=_("Order by"),
        fields=(
            ("name", "name"),
            ("created_at", "registered"),
            ("licence_expires_on", "licence_expires_on"),
            ("jobs_now", "jobs_now"),
            ("annual_output_tonnes", "annual_output"),
        ),
        field_labels={
            "name": _("Name"),
            "created_at": _("Registration date"),
            "licence_expires_on": _("Licence expiry"),
            "jobs_now": _("Jobs now"),
            "annual_output_tonnes": _("Annual output"),
        },
    )

    class Meta:
        model = Mine
        form = FilterForm
        fields = ["q", "province", "mineral", "revival_stage", "verification", "licence_expires_before"]

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(
            _any_spelling(
                value, "name", "county", "licence_number", "operator__company_name", "operator__last_name"
            )
        )

    def filter_mineral(self, queryset, name, value):
        # A subquery rather than a join, so a mine is listed once and no DISTINCT is needed.
        secondary = Mine.other_minerals.through.objects.filter(mineral=value).values("mine_id")
        return queryset.filter(Q(primary_mineral=value) | Q(pk__in=secondary))

    def filter_licence_expired(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.licence_expired(today) if value else queryset.licence_valid(today)


class ProductionReportFilterSet(django_filters.FilterSet):
    """Filters of the production reports: by mine (only one the person may see) and period."""

    mine = django_filters.NumberFilter(label=_("Mine"), method="filter_mine")
    period_year = django_filters.NumberFilter(label=_("Year (Jalali)"))
    period_month = django_filters.NumberFilter(label=_("Month (Jalali)"))

    class Meta:
        model = ProductionReport
        form = FilterForm
        fields = ["mine", "period_year", "period_month"]

    def filter_mine(self, queryset, name, value):
        # Asking for a mine one may not see answers 404, exactly like opening it.
        user = getattr(self.request, "user", None)
        if user is None or not Mine.objects.for_user(user).filter(pk=value).exists():
            raise Http404
        return queryset.filter(mine_id=value)


class MineralFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = Mineral
        fields = ["q", "code"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_any_spelling(value, "name_fa", "name_en", "code"))


class ProvinceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = Province
        fields = ["q", "code"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(_any_spelling(value, "name_fa", "name_en", "code"))
