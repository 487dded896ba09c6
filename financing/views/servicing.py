"""Loan servicing pages: cancel the undisbursed remainder, waive a penalty, the statement (and its PDF)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from financing import services
from financing.forms import PenaltyWaiverForm, RemainderCancelForm
from financing.models import Loan
from financing.statement import statement_csv, statement_rows, statement_xlsx
from financing.views.loans import loan_money_form
from revival_portal.core.pdf import pdf_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@permission_required("financing.add_remaindercancellation", raise_exception=True)
def remainder_cancel(request, pk: int):
    """Cancel what is left undisbursed, with a reason."""
    return loan_money_form(
        request,
        pk,
        RemainderCancelForm,
        services.remainder_cancel,
        title=_("Cancel the undisbursed remainder"),
        success=_("The undisbursed remainder was cancelled."),
    )


@login_required
@permission_required("financing.add_penaltywaiver", raise_exception=True)
def penalty_waive(request, pk: int):
    """Waive (part of) one instalment's late-payment penalty, with a reason."""
    return loan_money_form(
        request,
        pk,
        PenaltyWaiverForm,
        services.penalty_waive,
        title=_("Waive a late-payment penalty"),
        success=_("The penalty was waived."),
        initial=lambda loan: {"instalment_number": request.GET.get("number")},
    )


@login_required
def loan_statement(request, pk: int, fmt: str = "html"):
    """Every movement with the running outstanding principal: page, printable page, CSV, XLSX or PDF.
    Operators reach only their own loans (another loan is a 404)."""
    if fmt not in ("html", "print", "csv", "xlsx", "pdf"):
        raise Http404
    loan = get_object_or_404(Loan.objects.for_user(request.user).select_related("application__mine"), pk=pk)
    rows = statement_rows(loan)
    name = f"loan-{loan.pk}-statement-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        response = HttpResponse(statement_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(statement_xlsx(rows, str(loan)), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    context = {"loan": loan, "rows": rows, "on": timezone.localdate(), "printable": fmt == "print"}
    if fmt == "pdf":
        return pdf_response(request, "pdf/loan_statement.html", context, filename=name)
    return render(request, "financing/loan_statement.html", context)
