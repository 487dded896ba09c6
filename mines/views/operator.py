"""The operator's pages (staff see the same pages for every mine): list, register, detail, edit, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mines import services
from mines.forms import (
    MineFiguresForm,
    MineForm,
    ProductionReportForm,
    RejectForm,
    StageChangeForm,
    VerifyForm,
)
from mines.selectors import mine_history, mine_reports
from mines.services import OPERATING_FIGURE_FIELDS
from mines.views.common import filtered_mines, get_mine
from revival_portal.accounts.permissions import is_reviewer
from revival_portal.accounts.roles import Role
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service

# What a row of the mine list shows (mines/mine_list.html): up to 100 rows of a registry of 100,000 mines
# read only these columns of the mine and its operator, province and mineral.
LIST_ROW_FIELDS = (
    "name",
    "county",
    "revival_stage",
    "licence_expires_on",
    "verification_status",
    "operator__username",
    "operator__first_name",
    "operator__last_name",
    "operator__company_name",
    "province__name_fa",
    "province__name_en",
    "primary_mineral__name_fa",
    "primary_mineral__name_en",
)


@login_required
def mine_list(request):
    """Operators see their own mines, staff all of them; filters, paging and export links."""
    if not (request.user.is_operator or request.user.is_programme_staff):
        raise PermissionDenied
    filterset = filtered_mines(request)
    page = paginate(request, filterset.qs.only(*LIST_ROW_FIELDS))
    return render(
        request,
        "mines/mine_list.html",
        {
            "filterset": filterset,
            "page": page,
            "is_reviewer": is_reviewer(request.user),
            "can_register": request.user.has_role(Role.OPERATOR),
        },
    )


@login_required
def mine_register(request):
    """An operator registers a mine; it waits for a reviewer's verification."""
    if not request.user.has_role(Role.OPERATOR):
        raise PermissionDenied
    form = MineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mine = call_service(
            request,
            services.mine_register,
            form=form,
            success=_("The mine is registered and awaits verification by a reviewer."),
            actor=request.user,
            **form.cleaned_data,
        )
        if mine:
            return redirect(mine)
    return render(request, "mines/mine_form.html", {"form": form, "title": _("Register a mine")})


@login_required
def mine_detail(request, pk: int):
    """The mine with its badges, history and production reports, and the actions this person may take."""
    mine = get_mine(request, pk)
    reviewer = is_reviewer(request.user)
    owner = mine.operator_id == request.user.pk
    return render(
        request,
        "mines/mine_detail.html",
        {
            "mine": mine,
            "other_minerals": list(mine.other_minerals.all()),
            "events": mine_history(mine=mine)[:50],
            "reports": mine_reports(mine=mine)[:24],
            "reports_query": f"mine={mine.pk}",
            "is_reviewer": reviewer,
            "can_edit": (owner or reviewer) and mine.is_pending,
            "can_update_figures": owner or reviewer,
            "can_report": (owner or reviewer) and mine.is_verified,
            "verify_form": VerifyForm() if reviewer and mine.is_pending else None,
            "reject_form": RejectForm() if reviewer and mine.is_pending else None,
            "stage_form": StageChangeForm(mine=mine) if reviewer and mine.is_verified else None,
        },
    )


@login_required
def mine_edit(request, pk: int):
    """Correct a registration while it is pending."""
    mine = get_mine(request, pk)
    services.require_owner_or_reviewer(actor=request.user, mine=mine)
    if not mine.is_pending:
        messages.error(request, services.NOT_PENDING_MESSAGE)
        return redirect(mine)
    form = MineForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        other_minerals = fields.pop("other_minerals")
        updated = call_service(
            request,
            services.mine_update,
            form=form,
            success=_("The registration was updated."),
            actor=request.user,
            mine=mine,
            other_minerals=other_minerals,
            **fields,
        )
        if updated or not form.errors:  # done, or refused by the workflow (the message says why)
            return redirect(mine)
    return render(
        request, "mines/mine_form.html", {"form": form, "mine": mine, "title": _("Edit the registration")}
    )


@login_required
def mine_figures(request, pk: int):
    """Keep the jobs, output and reserve figures current."""
    mine = get_mine(request, pk)
    services.require_owner_or_reviewer(actor=request.user, mine=mine)
    form = MineFiguresForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OPERATING_FIGURE_FIELDS}
        if call_service(
            request,
            services.mine_figures_update,
            form=form,
            success=_("The operating figures were updated."),
            actor=request.user,
            mine=mine,
            note=form.cleaned_data["note"],
            **data,
        ):
            return redirect(mine)
    return render(
        request, "mines/mine_form.html", {"form": form, "mine": mine, "title": _("Update operating figures")}
    )


@login_required
def production_report_create(request, pk: int):
    """File what a verified mine produced in one Jalali month."""
    mine = get_mine(request, pk)
    services.require_owner_or_reviewer(actor=request.user, mine=mine)
    if not mine.is_verified:
        messages.error(request, services.REPORT_NEEDS_VERIFIED_MINE)
        return redirect(mine)
    form = ProductionReportForm(request.POST or None, mine=mine)
    if request.method == "POST" and form.is_valid():
        report = call_service(
            request,
            services.production_report_file,
            form=form,
            success=_("The production report was filed."),
            actor=request.user,
            mine=mine,
            **form.cleaned_data,
        )
        if report:
            return redirect(mine)
    return render(
        request, "mines/mine_form.html", {"form": form, "mine": mine, "title": _("File a production report")}
    )
