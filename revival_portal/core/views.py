"""The export of any list (CSV streamed, XLSX in the request or by Celery) and the pages of an export job."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET

from revival_portal.core.export_jobs import export_job_request
from revival_portal.core.exports import EXPORTS, XLSX_CONTENT_TYPE, csv_response, xlsx_response
from revival_portal.core.models import ExportJob
from revival_portal.core.pagination import PAGE_SIZE_PARAM

NOT_FILTERS = ("page", PAGE_SIZE_PARAM)


@require_GET
def export_list(request, name: str, fmt: str):
    """List ``name`` as filtered on its page, in ``fmt``; a list the person may not open answers like its
    page (sign-in, 403, or 404 for a foreign object in the filters)."""
    export = EXPORTS.get(name)
    if export is None or fmt not in ("csv", "xlsx"):
        raise Http404
    if not request.user.is_authenticated and not export.allowed(request.user):
        return redirect_to_login(request.get_full_path())
    params = request.GET.copy()
    for key in NOT_FILTERS:
        params.pop(key, None)
    queryset = export.queryset(request.user, params)
    if fmt == "csv":
        return csv_response(
            filename=export.filename("csv"),
            columns=export.headers(),
            rows=export.rows(queryset, request.user),
            safe=True,
        )
    total = queryset.count()
    # A long list is built by Celery for its owner (a public list is short: the open and awarded tenders).
    if total > settings.EXPORT_XLSX_INLINE_MAX_ROWS and request.user.is_authenticated:
        job = export_job_request(
            owner=request.user,
            export_name=name,
            query=params.urlencode(),
            language=translation.get_language(),
            total_rows=total,
        )
        return redirect(job)
    return xlsx_response(
        filename=export.filename("xlsx"),
        title=str(export.title),
        columns=export.headers(),
        rows=export.rows(queryset, request.user),
    )


def _own_job(request, pk: int) -> ExportJob:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)


@require_GET
def export_job(request, pk: int):
    """The job's page: progress that refreshes itself while the file is being built, then the link."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _own_job(request, pk)
    return render(request, "exports/job.html", {"job": job, "export": EXPORTS.get(job.export_name)})


@require_GET
def export_job_status(request, pk: int):
    """The job's panel alone; htmx swaps it in every 2 s while the file is queued or being built."""
    job = _own_job(request, pk)
    return render(
        request, "exports/includes/job_panel.html", {"job": job, "export": EXPORTS.get(job.export_name)}
    )


@require_GET
def export_job_download(request, pk: int):
    """The built file, to its owner only, while it is kept."""
    job = _own_job(request, pk)
    if not job.is_available:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=XLSX_CONTENT_TYPE)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
