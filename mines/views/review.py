"""The reviewer's pages: the queue of pending registrations, verify, reject and the revival pipeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mines import services
from mines.forms import RejectForm, StageChangeForm, VerifyForm
from mines.selectors import mines_pending_review
from mines.views.common import get_mine
from revival_portal.accounts.permissions import require_reviewer
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service
from revival_portal.queues import last_visit, sort_queue

REVIEW_SORT_COLUMNS = {"registered": "created_at", "name": "name"}


def sorted_review_queue(request, queryset):
    """The queue in the order ``?sort=`` asks (newest first by default): ``(ordered queryset, sort links)``;
    the page and its export use it. ``request`` needs only ``user`` and ``GET``."""
    return sort_queue(request, queryset, REVIEW_SORT_COLUMNS, default="-registered")


@login_required
def review_queue(request):
    """Registrations waiting for a decision, newest first unless the reviewer sorts by another column;
    those registered since the reviewer last opened the queue are marked."""
    require_reviewer(request.user)
    queryset, sort = sorted_review_queue(request, mines_pending_review(user=request.user))
    context = {
        "page": paginate(request, queryset),
        "reject_form": RejectForm(),
        "sort": sort,
        "last_visit": last_visit(request, "mine-registrations"),
    }
    return render(request, "mines/review_queue.html", context)


@login_required
@require_POST
def mine_verify(request, pk: int):
    mine = get_mine(request, pk)
    require_reviewer(request.user)
    form = VerifyForm(request.POST)
    form.is_valid()
    call_service(
        request,
        services.mine_verify,
        success=_("%(name)s is verified.") % {"name": mine.name},
        actor=request.user,
        mine=mine,
        note=form.cleaned_data.get("note", ""),
    )
    if request.POST.get("next") == "queue":
        return redirect("mines:review_queue")
    return redirect(mine)


@login_required
def mine_reject(request, pk: int):
    """Reject with a reason; an empty reason comes back as a field error."""
    mine = get_mine(request, pk)
    require_reviewer(request.user)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(
            request,
            services.mine_reject,
            form=form,
            success=_("%(name)s was rejected.") % {"name": mine.name},
            actor=request.user,
            mine=mine,
            reason=form.cleaned_data["reason"],
        ):
            return redirect("mines:review_queue")
        if not form.errors:  # refused by the workflow (the message says why)
            return redirect(mine)
    return render(
        request, "mines/mine_form.html", {"form": form, "mine": mine, "title": _("Reject the registration")}
    )


@login_required
def mine_stage_change(request, pk: int):
    """Move a verified mine along the revival pipeline, with a note for its history."""
    mine = get_mine(request, pk)
    require_reviewer(request.user)
    form = StageChangeForm(request.POST or None, mine=mine)
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            request,
            services.mine_stage_change,
            form=form,
            success=_("The revival stage was changed."),
            actor=request.user,
            mine=mine,
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
        )
        if changed or not form.errors:  # done, or refused by the workflow (the message says why)
            return redirect(mine)
    return render(
        request, "mines/mine_form.html", {"form": form, "mine": mine, "title": _("Change the revival stage")}
    )
