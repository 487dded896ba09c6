"""One FilterSet per model, shared by the HTML lists and the API.

Filters on another object (mine, application, loan) offer only the objects the person may see, so a
foreign id is refused like a missing one and the answer says nothing about whether it exists.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, LoanStatus
from financing.models import Disbursement, Document, Guarantee, Loan, LoanApplication, RatePolicy, Repayment
from mines.models import Mine


def _visible(model):
    """A filter queryset: the ``model`` rows the request's user may see (none without a request)."""

    def queryset(request):
        user = getattr(request, "user", None)
        return model.objects.for_user(user) if user is not None else model.objects.none()

    return queryset


class LoanApplicationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # A column of the row itself: no join, so no duplicates, and no DISTINCT (which would sort every
    # joined column and keep the list's index from serving its first page).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=ApplicationStatus.choices, distinct=False
    )
    province = django_filters.CharFilter(label=_("Province code"), field_name="mine__province__code")
    mineral = django_filters.CharFilter(label=_("Mineral code"), field_name="mine__primary_mineral__code")
    amount_min = django_filters.NumberFilter(
        label=_("Amount from"), field_name="amount_requested", lookup_expr="gte"
    )
    amount_max = django_filters.NumberFilter(
        label=_("Amount to"), field_name="amount_requested", lookup_expr="lte"
    )
    mine = django_filters.ModelChoiceFilter(label=_("Mine"), queryset=_visible(Mine))
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
    application = django_filters.ModelChoiceFilter(label=_("Application"), queryset=_visible(LoanApplication))

    class Meta:
        model = Guarantee
        fields = ["application", "kind"]


class DocumentFilterSet(django_filters.FilterSet):
    application = django_filters.ModelChoiceFilter(label=_("Application"), queryset=_visible(LoanApplication))

    class Meta:
        model = Document
        fields = ["application", "document_type"]


class LoanFilterSet(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=LoanStatus.choices, distinct=False
    )
    province = django_filters.CharFilter(
        label=_("Province code"), field_name="application__mine__province__code"
    )

    class Meta:
        model = Loan
        fields = ["status", "province"]


class DisbursementFilterSet(django_filters.FilterSet):
    loan = django_filters.ModelChoiceFilter(label=_("Loan"), queryset=_visible(Loan))

    class Meta:
        model = Disbursement
        fields = ["loan"]


class RepaymentFilterSet(django_filters.FilterSet):
    loan = django_filters.ModelChoiceFilter(label=_("Loan"), queryset=_visible(Loan))

    class Meta:
        model = Repayment
        fields = ["loan"]


class RatePolicyFilterSet(django_filters.FilterSet):
    class Meta:
        model = RatePolicy
        fields = ["effective_from"]
