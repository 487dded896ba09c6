"""A finished report's files as attachments: the one answer the report pages and the API give."""

from django.http import FileResponse, Http404

from revival_portal.reports.models import ProgrammeReport

# Each format a report is built in: the model field holding the file and the type it is sent with.
DOWNLOADS = {
    "xlsx": ("xlsx_file", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv_file", "text/csv; charset=utf-8"),
}


def report_file_response(report: ProgrammeReport, file_format: str) -> FileResponse:
    """Stream ``report``'s file in ``file_format`` (the files have no public URL); 404 when there is none.

    Callers decide what a report that is not built yet answers; this only sends a stored file.
    """
    if file_format not in DOWNLOADS:
        raise Http404
    field_name, content_type = DOWNLOADS[file_format]
    stored = getattr(report, field_name)
    if not report.is_done or not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=f"{report.file_stem}.{file_format}", content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
