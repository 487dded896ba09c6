"""A representative's view of member mines: figures, export, endorsements waiting; 404 for non-members."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from associations import figures, services
from associations.filtersets import MemberMineFilterSet
from associations.forms import EndorsementForm
from associations.models import Association, Endorsement
from associations.selectors import (
    associations_of_mine,
    member_applications,
    member_bookings,
    member_mines,
    member_unit_requests,
    waiting_for_endorsement,
)
from associations.views.common import form_page
from revival_portal.accounts.permissions import role_required
from revival_portal.accounts.roles import Role
from revival_portal.core.pagination import paginate

representative_only = role_required(Role.ASSOCIATION_REPRESENTATIVE)


@representative_only
def member_list(request):
    """Member mines with production, jobs, loans, arrears, endorsements waiting and bookings (exported as
    the list "member-mines")."""
    filterset = MemberMineFilterSet(request.GET or None, queryset=member_mines(request.user), request=request)
    rows = figures.member_rows(request.user, filterset.qs)
    applications, requests = waiting_for_endorsement(request.user)
    return render(
        request,
        "associations/member_list.html",
        {
            "filterset": filterset,
            "page": paginate(request, rows),
            "totals": figures.totals(rows),
            "waiting_applications": applications.select_related("mine"),
            "waiting_requests": requests.select_related("mine"),
            "associations": Association.objects.represented_by(request.user),
        },
    )


@representative_only
def member_mine_detail(request, pk: int):
    """One member mine; a non-member's mine is simply not found."""
    mine = get_object_or_404(member_mines(request.user).select_related("province", "primary_mineral"), pk=pk)
    return render(
        request,
        "associations/member_mine_detail.html",
        {
            "mine": mine,
            "row": figures.member_rows(request.user, member_mines(request.user).filter(pk=pk))[0],
            "reports": mine.production_reports.all()[:12],
            "applications": member_applications(request.user).filter(mine=mine),
            "unit_requests": member_unit_requests(request.user).filter(mine=mine),
            "bookings": member_bookings(request.user).filter(request__mine=mine).select_related("unit"),
            "endorsements": Endorsement.objects.for_user(request.user)
            .filter(application__mine=mine)
            .select_related("association"),
        },
    )


def _endorse(request, *, target, target_name: str):
    associations = Association.objects.represented_by(request.user).filter(
        pk__in=associations_of_mine(target.mine).values("pk")
    )
    return form_page(
        request,
        EndorsementForm(request.POST or None, associations=associations),
        services.endorsement_record,
        title=_("Endorse %(target)s") % {"target": target},
        success=_("Your answer was recorded."),
        back=reverse("associations:member_mine_detail", args=[target.mine_id]),
        arguments={"actor": request.user, target_name: target},
        intro=target,
    )


@representative_only
def application_endorse(request, pk: int):
    application = get_object_or_404(member_applications(request.user).select_related("mine"), pk=pk)
    return _endorse(request, target=application, target_name="application")


@representative_only
def unit_request_endorse(request, pk: int):
    unit_request = get_object_or_404(member_unit_requests(request.user).select_related("mine"), pk=pk)
    return _endorse(request, target=unit_request, target_name="unit_request")
