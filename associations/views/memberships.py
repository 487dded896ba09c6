"""Association pages: the list, asking to join, and answering membership requests."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from associations import services
from associations.filtersets import AssociationFilterSet, MembershipFilterSet
from associations.forms import AnswerForm, JoinForm
from associations.models import Association, Membership
from associations.views.common import form_page
from revival_portal.core.pagination import paginate
from revival_portal.forms import call_service


@login_required
def association_list(request):
    """Every association (operators choose one to join); a representative's own are marked."""
    queryset = Association.objects.for_user(request.user).select_related("province")
    filterset = AssociationFilterSet(request.GET or None, queryset=queryset, request=request)
    represented = set(Association.objects.represented_by(request.user).values_list("pk", flat=True))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "associations/association_list.html",
        {"filterset": filterset, "page": page, "represented": represented},
    )


@login_required
def association_join(request, pk: int):
    """An operator asks to join with one or more of their mines."""
    if not request.user.is_operator:
        raise Http404
    association = get_object_or_404(Association.objects.for_user(request.user), pk=pk)
    return form_page(
        request,
        JoinForm(request.POST or None, user=request.user),
        services.membership_request,
        title=_("Join %(association)s") % {"association": association},
        success=_("Your request was sent to the association."),
        back=reverse("associations:membership_list"),
        arguments={"actor": request.user, "association": association},
    )


@login_required
def membership_list(request):
    """An operator's memberships; a representative's requests to answer and members."""
    queryset = Membership.objects.for_user(request.user).select_related("association", "mine", "operator")
    filterset = MembershipFilterSet(request.GET or None, queryset=queryset, request=request)
    page = paginate(request, filterset.qs)
    represented = set(Association.objects.represented_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "associations/membership_list.html",
        {"filterset": filterset, "page": page, "represented": represented, "answer_form": AnswerForm()},
    )


MEMBERSHIP_ACTIONS = {
    "accept": (services.membership_accept, _("The mine is now a member.")),
    "decline": (services.membership_decline, _("The request was declined.")),
    "end": (services.membership_end, _("The membership ended.")),
}


@login_required
@require_POST
def membership_action(request, pk: int, action: str):
    if action not in MEMBERSHIP_ACTIONS:
        raise Http404
    membership = get_object_or_404(Membership.objects.for_user(request.user), pk=pk)
    service, success = MEMBERSHIP_ACTIONS[action]
    form = AnswerForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    call_service(request, service, membership=membership, actor=request.user, note=note, success=str(success))
    return redirect("associations:membership_list")
