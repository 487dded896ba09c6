"""Import of mine spreadsheets (staff) and export of the filtered mine list as CSV or XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mines.exports import MINE_COLUMNS, csv_response, iterate, mine_rows, xlsx_response
from mines.forms import MineImportForm
from mines.imports import IMPORT_COLUMNS, mine_import_csv
from mines.views.common import filtered_mines
from revival_portal.accounts.permissions import is_reviewer


@login_required
def mine_import(request):
    """Upload a CSV of mines; the page answers with a row-by-row report."""
    if not is_reviewer(request.user):
        raise PermissionDenied
    form = MineImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = mine_import_csv(
            actor=request.user,
            data=form.cleaned_data["file"].read(),
            all_or_nothing=form.cleaned_data["mode"] == MineImportForm.ALL_OR_NOTHING,
        )
        if result.imported:
            messages.success(request, _("%(count)d mines were imported.") % {"count": result.imported})
        elif result.errors or result.file_error:
            messages.error(request, _("Nothing was imported."))
    return render(
        request, "mines/mine_import.html", {"form": form, "result": result, "columns": IMPORT_COLUMNS}
    )


@login_required
def mine_export(request, fmt: str):
    """The list as filtered on the page, as CSV (streamed) or XLSX; only the person's own mines."""
    if not (request.user.is_operator or request.user.is_programme_staff):
        raise PermissionDenied
    mines = iterate(filtered_mines(request).qs)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return csv_response(filename=f"mines-{stamp}.csv", columns=MINE_COLUMNS, rows=mine_rows(mines))
    if fmt == "xlsx":
        return xlsx_response(
            filename=f"mines-{stamp}.xlsx", title=_("Mines"), columns=MINE_COLUMNS, rows=mine_rows(mines)
        )
    raise Http404
