"""Import of mine spreadsheets (staff); the list's export is served by the shared export view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from mines.forms import MineImportForm
from mines.imports import IMPORT_COLUMNS, mine_import_csv
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
