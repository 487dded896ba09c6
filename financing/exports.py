"""The financing lists as CSV and XLSX: applications, those awaiting a contract, loans, the portfolio with
arrears, disbursements and repayments, each through its page's (or API list's) FilterSet and scope."""

from __future__ import annotations

from django.db.models import DateField, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import ApplicationStatus, ArrearsBucket, LoanStatus, PrepaymentMode
from financing.filtersets import DisbursementFilterSet, LoanFilterSet, PortfolioFilterSet, RepaymentFilterSet
from financing.models import Disbursement, Loan, LoanApplication, Repayment
from financing.schedule import arrears_bucket
from financing.selectors import portfolio_loans
from revival_portal.core.exports import Column, ListExport, field_label, filtered_or_404, register, summed
from revival_portal.core.money import MoneyField


def _filtered_applications(asker, queryset):
    from financing.views.applications import filtered_applications

    filterset, ordered, _sort = filtered_applications(asker, queryset)
    filtered_or_404(filterset)
    return ordered


APPLICATION_EXPORT = register(
    ListExport(
        name="loan-applications",
        title=_("Loan applications"),
        queryset_for_user=lambda user: LoanApplication.objects.for_user(user),
        filtered=_filtered_applications,
        columns=(
            Column("id", _("application"), "pk", kind="number"),
            Column("mine", field_label(LoanApplication, "mine"), "mine__name"),
            Column("mine_id", _("mine id"), "mine_id", kind="number"),
            Column("province", _("province"), "mine__province__name_fa"),
            Column("mineral", _("primary mineral code"), "mine__primary_mineral__code"),
            Column("applicant", field_label(LoanApplication, "applicant"), "applicant__username"),
            Column("company", _("company name"), "applicant__company_name"),
            Column(
                "status", field_label(LoanApplication, "status"), kind="choice", choices=ApplicationStatus
            ),
            Column("amount_requested", field_label(LoanApplication, "amount_requested"), kind="money"),
            Column("term_months", field_label(LoanApplication, "term_months"), kind="number"),
            Column("grace_months", field_label(LoanApplication, "grace_months"), kind="number"),
            Column("proposed_rate", field_label(LoanApplication, "proposed_rate"), kind="number"),
            Column("purpose", field_label(LoanApplication, "purpose")),
            Column("submitted_at", field_label(LoanApplication, "submitted_at"), kind="datetime"),
            Column("created_at", field_label(LoanApplication, "created_at"), kind="datetime"),
        ),
    )
)

AWAITING_CONTRACT_EXPORT = register(
    ListExport(
        name="awaiting-contract",
        title=_("Approved, awaiting contract"),
        queryset_for_user=lambda user: LoanApplication.objects.for_user(user).awaiting_contract(),
        # The page's gate: those who contract loans (fund officers).
        allowed=lambda user: user.is_authenticated and user.has_perm("financing.contract_loan"),
        columns=(
            Column("id", _("application"), "pk", kind="number"),
            Column("mine", field_label(LoanApplication, "mine"), "mine__name"),
            Column("mine_id", _("mine id"), "mine_id", kind="number"),
            Column("province", _("province"), "mine__province__name_fa"),
            Column("applicant", field_label(LoanApplication, "applicant"), "applicant__username"),
            Column("company", _("company name"), "applicant__company_name"),
            Column("amount_requested", field_label(LoanApplication, "amount_requested"), kind="money"),
            Column("proposed_rate", field_label(LoanApplication, "proposed_rate"), kind="number"),
            Column("term_months", field_label(LoanApplication, "term_months"), kind="number"),
            Column("grace_months", field_label(LoanApplication, "grace_months"), kind="number"),
            Column("submitted_at", field_label(LoanApplication, "submitted_at"), kind="datetime"),
        ),
    )
)

LOAN_EXPORT = register(
    ListExport(
        name="loans",
        title=_("Loans"),
        queryset_for_user=lambda user: Loan.objects.for_user(user),
        filterset=LoanFilterSet,
        annotations=lambda user: {
            "disbursed": summed(Disbursement.objects.all(), link="loan_id", value="amount"),
            "repaid": summed(Repayment.objects.all(), link="loan_id", value="amount"),
        },
        columns=(
            Column("id", _("loan"), "pk", kind="number"),
            Column("application_id", field_label(Loan, "application"), "application_id", kind="number"),
            Column("mine", _("mine"), "application__mine__name"),
            Column("province", _("province"), "application__mine__province__name_fa"),
            Column("operator", _("operator"), "application__applicant__username"),
            Column("status", field_label(Loan, "status"), kind="choice", choices=LoanStatus),
            Column("approved_amount", field_label(Loan, "approved_amount"), kind="money"),
            Column("rate", field_label(Loan, "rate"), kind="number"),
            Column("term_months", field_label(Loan, "term_months"), kind="number"),
            Column("grace_months", field_label(Loan, "grace_months"), kind="number"),
            Column("first_due_date", field_label(Loan, "first_due_date"), kind="date"),
            Column("contracted_at", field_label(Loan, "contracted_at"), kind="datetime"),
            Column("disbursed", _("disbursed (rials)"), kind="money"),
            Column("repaid", _("repaid (rials)"), kind="money"),
        ),
    )
)

DISBURSEMENT_EXPORT = register(
    ListExport(
        name="disbursements",
        title=_("Disbursements"),
        queryset_for_user=lambda user: Disbursement.objects.for_user(user),
        filterset=DisbursementFilterSet,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("loan_id", field_label(Disbursement, "loan"), "loan_id", kind="number"),
            Column("mine", _("mine"), "loan__application__mine__name"),
            Column("amount", field_label(Disbursement, "amount"), kind="money"),
            Column("disbursed_on", field_label(Disbursement, "disbursed_on"), kind="date"),
            Column("bank_reference", field_label(Disbursement, "bank_reference")),
            Column("destination_sheba", field_label(Disbursement, "destination_sheba")),
            Column("recorded_by", field_label(Disbursement, "recorded_by"), "recorded_by__username"),
            Column("recorded_at", field_label(Disbursement, "recorded_at"), kind="datetime"),
        ),
    )
)

REPAYMENT_EXPORT = register(
    ListExport(
        name="repayments",
        title=_("Repayments"),
        queryset_for_user=lambda user: Repayment.objects.for_user(user),
        filterset=RepaymentFilterSet,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("loan_id", field_label(Repayment, "loan"), "loan_id", kind="number"),
            Column("mine", _("mine"), "loan__application__mine__name"),
            Column("amount", field_label(Repayment, "amount"), kind="money"),
            Column("paid_on", field_label(Repayment, "paid_on"), kind="date"),
            Column("reference", field_label(Repayment, "reference")),
            Column(
                "prepayment_mode",
                field_label(Repayment, "prepayment_mode"),
                kind="choice",
                choices=PrepaymentMode,
            ),
            Column("recorded_by", field_label(Repayment, "recorded_by"), "recorded_by__username"),
            Column("recorded_at", field_label(Repayment, "recorded_at"), kind="datetime"),
        ),
    )
)


def _bucket_label(days, record) -> str:
    return str(ArrearsBucket(arrears_bucket(days or 0)).label)


def _portfolio_on_the_page(asker, queryset):
    """The portfolio page's loans for its filters (day, province, arrears bucket), with that day's figures
    as the page reads them (``portfolio_loans``: stored balances today, the dated rows for a past day)."""
    filterset = PortfolioFilterSet(asker.GET or None, queryset=Loan.objects.none(), request=asker)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404
    on = (filterset.form.cleaned_data.get("on") if filterset.is_bound else None) or timezone.localdate()
    loans, stored = portfolio_loans(asker.user, on)
    filterset.queryset = loans
    # The late-payment penalty is a stored balance: a past day's export leaves it empty, as the page does.
    penalty = {} if stored else {"penalty": Value(None, output_field=MoneyField())}
    return filterset.qs.annotate(
        as_of=Value(on, output_field=DateField()),
        disbursed=summed(Disbursement.objects.filter(disbursed_on__lte=on), link="loan_id", value="amount"),
        **penalty,
    )


PORTFOLIO_EXPORT = register(
    ListExport(
        name="portfolio",
        title=_("Loan portfolio"),
        queryset_for_user=lambda user: Loan.objects.for_user(user),
        filtered=_portfolio_on_the_page,
        # The page's gate: programme staff who may view loans (operators have their loan list).
        allowed=lambda user: (
            user.is_authenticated and user.is_programme_staff and user.has_perm("financing.view_loan")
        ),
        columns=(
            Column("id", _("loan"), "pk", kind="number"),
            Column("mine", _("mine"), "application__mine__name"),
            Column("province", _("province code"), "application__mine__province_id"),
            Column("operator", _("operator"), "application__applicant__username"),
            Column("status", field_label(Loan, "status"), kind="choice", choices=LoanStatus),
            Column("approved_amount", field_label(Loan, "approved_amount"), kind="money"),
            Column("disbursed", _("disbursed (rials)"), kind="money"),
            Column("outstanding", _("outstanding principal (rials)"), kind="money"),
            Column("days", _("days past due"), "days_past_due", kind="number"),
            Column("bucket", _("arrears"), "days_past_due", value=_bucket_label),
            Column("overdue", _("overdue (rials)"), kind="money"),
            Column("penalty", _("late-payment penalty (rials)"), kind="money"),
            Column("on", _("as of"), "as_of", kind="date"),
        ),
    )
)
