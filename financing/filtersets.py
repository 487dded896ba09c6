"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, LoanStatus
from financing.models import Disbursement, Document, Guarantee, Loan, LoanApplication, RatePolicy, Repayment


class LoanApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ApplicationStatus.choices)
    province = django_filters.CharFilter(label=_("Province code"), field_name="mine__province__code")
    mineral = django_filters.CharFilter(label=_("Mineral code"), field_name="mine__primary_mineral__code")
    amount_min = django_filters.NumberFilter(
        label=_("Amount from"), field_name="amount_requested", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount to"), field_name="amount_requested", lookup_expr="lte"
    )
    submitted_after = django_filters.DateFilter(
        label=_("Submitted from"), field_name="submitted_at", lookup_expr="date__gte"
    )

    class Meta:
        model = LoanApplication
        fields = ["q", "status", "province", "mineral", "mine", "amount_min", "amount_max", "submitted_after"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = Q(mine__name__icontains=value) | Q(applicant__last_name__icontains=value)
        query |= Q(applicant__company_name__icontains=value) | Q(purpose__icontains=value)
        if value.isdigit():
            query |= Q(pk=int(value))
        return queryset.filter(query)


class GuaranteeFilterSet(django_filters.FilterSet):
    class Meta:
        model = Guarantee
        fields = ["application", "kind"]


class DocumentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Document
        fields = ["application", "document_type"]


class LoanFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=LoanStatus.choices)
    province = django_filters.CharFilter(
        label=_("Province code"), field_name="application__mine__province__code"
    )

    class Meta:
        model = Loan
        fields = ["status", "province"]


class DisbursementFilterSet(django_filters.FilterSet):
    class Meta:
        model = Disbursement
        fields = ["loan"]


class RepaymentFilterSet(django_filters.FilterSet):
    class Meta:
        model = Repayment
        fields = ["loan"]


class RatePolicyFilterSet(django_filters.FilterSet):
    class Meta:
        model = RatePolicy
        fields = ["effective_from"]
