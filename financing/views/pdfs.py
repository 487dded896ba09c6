"""PDFs of the financing pages, scoped exactly like the pages: a foreign or missing object answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from financing import services
from financing.models import Decision, Loan, LoanApplication
from revival_portal.core.pdf import pdf_response


@login_required
@require_GET
def decision_letter_pdf(request, pk: int):
    """The decision letter of an application the person may see, once it has been decided."""
    application = get_object_or_404(
        LoanApplication.objects.for_user(request.user).select_related("mine__province", "applicant"), pk=pk
    )
    decision = (
        Decision.objects.current()
        .filter(application=application)
        .select_related("decided_by", "rate_policy")
        .first()
    )
    if decision is None:
        raise Http404
    return pdf_response(
        request,
        "pdf/decision_letter.html",
        {"application": application, "decision": decision},
        filename=f"decision-letter-{application.pk}",
    )


@login_required
@require_GET
def loan_contract_pdf(request, pk: int):
    """The contract summary of a loan the person may see, with its whole repayment schedule."""
    loan = get_object_or_404(
        Loan.objects.for_user(request.user).select_related(
            "application__mine__province", "application__applicant", "contracted_by", "rate_policy"
        ),
        pk=pk,
    )
    instalments = list(loan.instalments.order_by("number"))
    planned = not instalments
    if planned:
        # Interest runs on what is paid out, so the schedule is made by the first tranche; before it, the
        # summary shows the schedule the whole approved amount would have if paid out on the contract date.
        instalments = services.loan_schedule_preview(
            principal=loan.approved_amount,
            rate=loan.rate,
            term_months=loan.term_months,
            grace_months=loan.grace_months,
            first_due_date=loan.first_due_date,
        )
    totals = {
        "principal": sum(row.principal for row in instalments),
        "interest": sum(row.interest for row in instalments),
        "amount": sum(row.amount for row in instalments),
    }
    return pdf_response(
        request,
        "pdf/loan_contract.html",
        {"loan": loan, "instalments": instalments, "totals": totals, "planned": planned},
        filename=f"loan-contract-{loan.pk}",
    )
