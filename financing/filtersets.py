"""One FilterSet per model, shared by the HTML lists and the API.

Filters on another object (mine, application, loan) offer only the objects the person may see, so a
foreign id is refused like a missing one and the answer says nothing about whether it exists.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.balances import bucket_filter
from financing.choices import ApplicationStatus, ArrearsBucket, LoanStatus
from financing.models import Disbursement, Document, Guarantee, Loan, LoanApplication, RatePolicy, Repayment
from mines.models import Mine
from revival_portal.core.fields import CalendarDateField
from revival_portal.core.models import Province
from revival_portal.core.reference_choices import ReferenceChoiceFilter
from revival_portal.forms import BootstrapFormMixin


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


class CalendarDateFilter(django_filters.DateFilter):
    field_class = CalendarDateField


class PortfolioForm(BootstrapFormMixin, forms.Form):
    def clean_on(self):
        on = self.cleaned_data.get("on")
        if on is not None and on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


class PortfolioFilterSet(django_filters.FilterSet):
    """The portfolio page: loans active on ``on`` (read by the page, default today) by province, arrears
    bucket. The queryset must carry ``days_past_due`` (``financing.selectors.portfolio_loans``)."""

    on = CalendarDateFilter(label=_("As of"), method="as_of")
    province = ReferenceChoiceFilter(
        label=_("Province"),
        queryset=Province.objects.all(),
        field_name="application__mine__province",
        to_field_name="code",
    )
    bucket = django_filters.ChoiceFilter(
        label=_("Arrears"), choices=ArrearsBucket.choices, method="in_bucket"
    )

    class Meta:
        model = Loan
        form = PortfolioForm
        fields = ["on", "province", "bucket"]

    def as_of(self, queryset, name, value):
        return queryset  # the page builds the queryset as of this day

    def in_bucket(self, queryset, name, value):
        return queryset.filter(bucket_filter(value))


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
