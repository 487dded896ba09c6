"""Report pages: the list with live progress, downloads, the programme dashboard and the public page."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from revival_portal.accounts.permissions import role_required
from revival_portal.core.pagination import paginate
from revival_portal.core.pdf import pdf_response
from revival_portal.core.templatetags.jalali import digits, tonnes
from revival_portal.forms import add_service_errors
from revival_portal.reports.charts import dashboard_chart_data, public_chart_data
from revival_portal.reports.choices import REPORT_READER_ROLES, ReportStatus
from revival_portal.reports.downloads import report_file_response
from revival_portal.reports.exports import report_sections
from revival_portal.reports.figures import cached_programme_figures
from revival_portal.reports.forms import ReportRequestForm
from revival_portal.reports.maps import province_choropleth
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import Period
from revival_portal.reports.revisions import figure_changes, loaded_figures
from revival_portal.reports.selectors import programme_figures
from revival_portal.reports.services import programme_report_request
from revival_portal.reports.transparency import cached_public_figures

staff_required = role_required(*REPORT_READER_ROLES)


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
    page = paginate(request, reports)
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


def _report_figures(report: ProgrammeReport) -> dict:
    """The figures a finished report's files were written from (older reports without them: computed)."""
    if report.figures is not None:
        return loaded_figures(report.figures)
    return programme_figures(start=report.start_date, end=report.end_date)


@staff_required
@require_GET
def report_summary_pdf(request, pk: int):
    """A finished report's summary page as a PDF, in the report's language like its XLSX and CSV."""
    report = get_object_or_404(ProgrammeReport.objects.for_user(request.user), pk=pk)
    if not report.is_done:
        raise Http404
    figures = _report_figures(report)
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


@staff_required
@require_GET
def report_detail(request, pk: int):
    """A report's summary, its revision, and what changed against the previous revision of its period."""
    report = get_object_or_404(
        ProgrammeReport.objects.for_user(request.user).select_related("requested_by"), pk=pk
    )
    summary, changes, previous = None, [], None
    if report.is_done:
        summary = report_sections(report, _report_figures(report), in_report_language=False)[0]
        if report.revision and report.revision > 1:
            previous = (
                ProgrammeReport.objects.for_user(request.user)
                .for_period(report.period_kind, report.jalali_year, report.jalali_month)
                .filter(status=ReportStatus.DONE, revision=report.revision - 1)
                .order_by("-finished_at", "-pk")
                .first()
            )
            if previous is not None:
                changes = figure_changes(report, previous.figures, report.figures)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "summary": summary,
            "rows": [(label, _shown(value)) for label, value in summary.rows] if summary else [],
            "previous": previous,
            "changes": [(c.figure, _shown(c.old), _shown(c.new)) for c in changes],
        },
    )


def _requested_period(request, default: Period) -> Period:
    """The period of ``?period=1403`` or ``?period=1403-07`` (``?year=&month=`` too), else ``default``;
    a period that has not started yet is ``default`` too."""
    text = request.GET.get("period") or "-".join(
        value for value in (request.GET.get("year", ""), request.GET.get("month", "")) if value
    )
    try:
        period = Period.parse(text) if text else default
    except ValueError:
        return default
    return period if period.has_started() else default


def _period_options(selected: Period) -> list[tuple[str, str, bool]]:
    """The selector's choices: the months of this fiscal year and the last, then the last five fiscal
    years (value, label, selected)."""
    today = timezone.localdate()
    current = Period.current_fiscal_year(today).year
    months = [
        Period(year, month)
        for year in (current, current - 1)
        for month in range(12, 0, -1)
        if Period(year, month).has_started(today)
    ]
    years = [Period(year) for year in range(current, current - 5, -1)]
    options = months + years
    if selected not in options:
        options.insert(0, selected)
    return [(str(period), period.label, period == selected) for period in options]


@staff_required
def programme_dashboard(request):
    """The programme's figures for a month or fiscal year as of its last day, with charts and a map."""
    period = _requested_period(request, Period.current_month())
    figures = cached_programme_figures(period)
    return render(
        request,
        "reports/dashboard.html",
        {
            "figures": figures,
            "period": period,
            "period_options": _period_options(period),
            "chart_data": dashboard_chart_data(figures),
            "province_map": province_choropleth(figures["mines"]["by_province"], value_key="mines"),
        },
    )


@require_GET
def transparency(request):
    """Public programme aggregates as of a period: no sign-in, no person's, company's or mine's name."""
    period = _requested_period(request, Period.current_month())
    figures = cached_public_figures(period)
    return render(
        request,
        "reports/transparency.html",
        {
            "figures": figures,
            "period": period,
            "period_options": _period_options(period),
            "chart_data": public_chart_data(figures),
            "province_map": province_choropleth(figures["by_province"], value_key="mines"),
        },
    )
