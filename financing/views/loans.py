"""Loan pages: contract with a schedule preview, the loan with its schedule, tranches, portfolio."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from financing import services
from financing.choices import LoanStatus
from financing.filtersets import LoanFilterSet, PortfolioFilterSet
from financing.forms import ContractForm, DisbursementForm, PayoffQuoteForm, RepaymentForm
from financing.models import Loan, LoanApplication, PenaltyWaiver, RemainderCancellation
from financing.rates import policy_in_force, rate_cap
from financing.selectors import (
    MOVEMENTS,
    loan_arrears,
    loan_figures,
    payoff_quote,
    portfolio_loans,
    portfolio_rows,
    portfolio_summary,
)
from financing.services.terms import contract_initial
from financing.views.common import service_form_page
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service


@login_required
@permission_required("financing.contract_loan", raise_exception=True)
def awaiting_contract(request):
    """Fund officers: approved applications that have no contract yet."""
    applications = (
        LoanApplication.objects.for_user(request.user).awaiting_contract().select_related("mine", "applicant")
    )
    return render(request, "financing/awaiting_contract.html", {"page": paginate(request, applications)})


@login_required
@permission_required("financing.contract_loan", raise_exception=True)
def loan_contract(request, pk: int):
    """The contract form: 'Preview' shows the schedule, 'Contract' saves it (the service re-checks all)."""
    application = get_object_or_404(LoanApplication.objects.for_user(request.user), pk=pk)
    initial = {
        **contract_initial(application),
        "term_months": application.term_months,
        "grace_months": application.grace_months,
    }
    form = ContractForm(request.POST or None, application=application, initial=initial)
    schedule = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "save" in request.POST:
            loan = call_service(
                request,
                services.loan_contract,
                form=form,
                application=application,
                actor=request.user,
                success=_("The loan was contracted."),
                **data,
            )
            if loan:
                return redirect(loan)
        if not form.errors:
            schedule = services.loan_schedule_preview(
                principal=data["approved_amount"],
                rate=data["rate"],
                term_months=data["term_months"],
                grace_months=data["grace_months"],
                first_due_date=data["first_due_date"],
            )
    context = {
        "application": application,
        "decision": application.decision,
        "form": form,
        "schedule": schedule,
        "schedule_total": sum(row.amount for row in schedule) if schedule else None,
        "cap": rate_cap(),
        "policy": policy_in_force(),
    }
    return render(request, "financing/contract_form.html", context)


# What a row of the list shows (financing/loan_list.html), the only columns its rows read.
LIST_ROW_FIELDS = ("approved_amount", "rate", "status", "contracted_at", "application__mine__name")


@login_required
def loan_list(request):
    """Operators: their loans; staff: every loan, filtered by status or province."""
    queryset = Loan.objects.for_user(request.user).select_related("application__mine")
    filterset = LoanFilterSet(request.GET or None, queryset=queryset, request=request)
    page = paginate(request, filterset.qs.only(*LIST_ROW_FIELDS))
    return render(request, "financing/loan_list.html", {"filterset": filterset, "page": page})


@login_required
def loan_detail(request, pk: int):
    """The loan with its current schedule and its versions, penalties, tranches, repayments, arrears and
    a payoff quote for any date (Jalali dates on Persian pages)."""
    # The dated rows are read once: the replay, the totals and the tables all use the prefetched rows.
    loan = get_object_or_404(
        Loan.objects.for_user(request.user)
        .select_related("application__mine", "rate_policy")
        .prefetch_related(
            "instalments",
            "disbursements",
            "repayments",
            Prefetch("cancellations", queryset=RemainderCancellation.objects.select_related("recorded_by")),
            Prefetch("waivers", queryset=PenaltyWaiver.objects.select_related("recorded_by")),
        ),
        pk=pk,
    )
    today = timezone.localdate()
    figures = loan_figures(loan, today)
    quote_form = PayoffQuoteForm(request.GET if "on" in request.GET else None)
    quote_on = quote_form.cleaned_data["on"] if quote_form.is_bound and quote_form.is_valid() else today
    instalments = list(loan.instalments.all())
    for instalment in instalments:
        instalment.late_days = instalment.days_past_due(today)
        instalment.penalty_due = figures.penalties.get(instalment.number, 0)
    days, overdue = loan_arrears(loan, today)
    officer = request.user.has_perm("financing.add_repayment")
    context = {
        "loan": loan,
        "loan_query": f"loan={loan.pk}",
        "instalments": instalments,
        "versions": loan.schedule_versions.select_related("created_by").order_by("-number"),
        "disbursements": loan.disbursements.all(),
        "repayments": loan.repayments.all(),
        "cancellations": loan.cancellations.all(),
        "waivers": loan.waivers.all(),
        "arrears_days": days,
        "overdue": overdue,
        "penalties": sum(figures.penalties.values(), 0),
        "disbursed": figures.disbursed,
        "repaid": loan.repaid_total,
        "outstanding": figures.outstanding_principal,
        "quote": (figures.quote if quote_on <= figures.on else payoff_quote(loan, quote_on))
        if figures.disbursed
        else None,
        "quote_form": quote_form,
        "can_disburse": request.user.has_perm("financing.add_disbursement")
        and loan.status in (LoanStatus.CONTRACTED, LoanStatus.DISBURSING),
        "can_repay": officer and loan.status in (LoanStatus.DISBURSING, LoanStatus.REPAYING),
        "can_waive": request.user.has_perm("financing.add_penaltywaiver"),
        "can_cancel": request.user.has_perm("financing.add_remaindercancellation")
        and loan.status == LoanStatus.DISBURSING,
    }
    return render(request, "financing/loan_detail.html", context)


def loan_money_form(request, pk: int, form_class, service, *, title: str, success: str, initial=None):
    """A page with one form feeding one servicing service on the loan ``pk``."""
    loan = get_object_or_404(Loan.objects.for_user(request.user).select_related("application"), pk=pk)
    return service_form_page(
        request,
        form_class(request.POST or None, initial=initial(loan) if initial else None, loan=loan),
        service,
        target={"loan": loan},
        title=title,
        success=success,
        application=loan.application,
    )


@login_required
@permission_required("financing.add_disbursement", raise_exception=True)
def disbursement_add(request, pk: int):
    """Record a tranche (the service keeps the sum within the approved amount)."""
    return loan_money_form(
        request,
        pk,
        DisbursementForm,
        services.disbursement_record,
        title=_("Record a disbursement"),
        success=_("The disbursement was recorded."),
        initial=lambda loan: {"amount": loan.undisbursed},
    )


@login_required
@permission_required("financing.add_repayment", raise_exception=True)
def repayment_add(request, pk: int):
    """Record money received (the service allocates it to the oldest instalments first)."""
    return loan_money_form(
        request,
        pk,
        RepaymentForm,
        services.repayment_record,
        title=_("Record a repayment"),
        success=_("The repayment was recorded."),
    )


@login_required
@permission_required("financing.view_loan", raise_exception=True)
def portfolio(request):
    """Programme staff: outstanding principal and arrears by bucket; operators see their loan list."""
    if not request.user.is_programme_staff:
        return redirect("financing:loan_list")
    filterset = PortfolioFilterSet(request.GET or None, queryset=Loan.objects.none(), request=request)
    on = (filterset.form.cleaned_data.get("on") if filterset.is_valid() else None) or timezone.localdate()
    loans, stored = portfolio_loans(request.user, on)
    if not stored:
        # A past day's penalty is replayed per row of the page from its prefetched dated rows.
        loans = loans.prefetch_related(*MOVEMENTS)
    filterset.queryset = loans
    filtered = filterset.qs
    context = portfolio_summary(request.user, on, filtered, stored=stored)
    # The summary counted the loans already (for a past day, counting means computing their figures).
    page = paginate(request, filtered, count=context["totals"]["loans"])
    context.update(
        filterset=filterset,
        page=page,
        rows=portfolio_rows(page.object_list, on),
    )
    return render(request, "financing/portfolio.html", context)
