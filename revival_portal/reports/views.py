"""Report pages: the list with live progress, downloads, the programme dashboard and the public page."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from revival_portal.accounts.permissions import role_required
from revival_portal.accounts.roles import Role
from revival_portal.core.pdf import pdf_response
from revival_portal.core.templatetags.jalali import digits, tonnes
from revival_portal.forms import add_service_errors
from revival_portal.reports.charts import dashboard_chart_data, public_chart_data
from revival_portal.reports.downloads import report_file_response
from revival_portal.reports.exports import report_sections
from revival_portal.reports.forms import ReportRequestForm
from revival_portal.reports.maps import province_choropleth
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import programme_figures
from revival_portal.reports.services import programme_report_request
from revival_portal.reports.transparency import cached_public_figures

staff_required = role_required(Role.REVIEWER, Role.FUND_OFFICER)


@staff_required
def report_list(request):
    """Reports with their status and a self-refreshing progress bar, and the form to request one."""
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = programme_report_request(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The report for %(period)s has been requested.") % {"period": report.period_label}
            )
            return redirect("reports:list")
    reports = ProgrammeReport.objects.for_user(request.user).select_related("requested_by")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "reports/report_list.html", {"form": form, "page": page})


@staff_required
@require_GET
def report_progress(request, pk: int):
    """One report's row; htmx swaps it in every 2 s while the report is queued or running."""
    report = get_object_or_404(
        ProgrammeReport.objects.for_user(request.user).select_related("requested_by"), pk=pk
    )
    return render(request, "reports/includes/report_row.html", {"report": report})


@staff_required
@require_GET
def report_download(request, pk: int, file_format: str):
    """A finished report's XLSX or CSV as an attachment; 404 while it is not built."""
    report = get_object_or_404(ProgrammeReport.objects.for_user(request.user), pk=pk)
    return report_file_response(report, file_format)


def _shown(value) -> str:
    """A summary figure as text: numbers with separators, dates and labels with the language's digits."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return tonnes(value)
    return digits(value)


@staff_required
@require_GET
def report_summary_pdf(request, pk: int):
    """A finished report's summary page as a PDF, in the report's language like its XLSX and CSV."""
    report = get_object_or_404(ProgrammeReport.objects.for_user(request.user), pk=pk)
    if not report.is_done:
        raise Http404
    figures = programme_figures(start=report.start_date, end=report.end_date)
    with translation.override(report.language or "fa"):
        summary = report_sections(report, figures)[0]
        return pdf_response(
            request,
            "pdf/report_summary.html",
            {
                "report": report,
                "headers": summary.headers,
                "rows": [(label, _shown(value)) for label, value in summary.rows],
            },
            filename=f"{report.file_stem}-summary",
        )


def _dashboard_period(request) -> Period:
    """The fiscal year (and optional month) asked for in the query string, else the current fiscal year."""
    current = Period.current_fiscal_year()
    try:
        month = int(request.GET["month"]) if request.GET.get("month") else None
        period = Period(int(request.GET.get("year") or current.year), month)
    except ValueError:
        return current
    return current if period.year > current.year else period


@staff_required
def programme_dashboard(request):
    """The programme's figures for a fiscal year or month, with charts and a province map."""
    period = _dashboard_period(request)
    start, end = period.bounds
    figures = programme_figures(start=start, end=end)
    current = Period.current_fiscal_year().year
    return render(
        request,
        "reports/dashboard.html",
        {
            "figures": figures,
            "year": period.year,
            "month": period.month,
            "years": range(current, current - 5, -1),
            "months": ReportRequestForm.base_fields["jalali_month"].choices[1:],
            "chart_data": dashboard_chart_data(figures),
            "province_map": province_choropleth(figures["mines"]["by_province"], value_key="mines"),
        },
    )


@require_GET
def transparency(request):
    """Public programme aggregates: no sign-in, no person's, company's or mine's name."""
    figures = cached_public_figures(Period.current_month())
    return render(
        request,
        "reports/transparency.html",
        {
            "figures": figures,
            "chart_data": public_chart_data(figures),
            "province_map": province_choropleth(figures["by_province"], value_key="mines"),
        },
    )
