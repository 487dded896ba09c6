"""Reviewer pages: score and recommend, decide (maker-checker), verify guarantees."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import services
from financing.extensions import panels_for
from financing.forms import DecideForm, RecommendForm
from financing.models import Guarantee, LoanApplication
from financing.views.common import service_form_page
from revival_portal.forms import call_service


def _action_form(request, pk: int, form_class, service, *, title: str, success: str, for_application=False):
    """``for_application``: the form needs the application (to prefill and check against it)."""
    application = get_object_or_404(LoanApplication.objects.for_user(request.user), pk=pk)
    form_kwargs = {"application": application} if for_application else {}
    return service_form_page(
        request,
        form_class(request.POST or None, **form_kwargs),
        service,
        target={"application": application},
        title=title,
        success=success,
        panels=panels_for(application, request.user),
    )


@login_required
@permission_required("financing.review_loanapplication", raise_exception=True)
def application_recommend(request, pk: int):
    """Reviewer A scores the application and recommends an outcome."""
    return _action_form(
        request,
        pk,
        RecommendForm,
        services.loan_application_recommend,
        title=_("Score and recommend"),
        success=_("Your recommendation was recorded."),
    )


@login_required
@permission_required("financing.decide_loanapplication", raise_exception=True)
def application_decide(request, pk: int):
    """Reviewer B decides (the service refuses the reviewer who recommended)."""
    return _action_form(
        request,
        pk,
        DecideForm,
        services.loan_application_decide,
        title=_("Decide"),
        success=_("The decision was recorded."),
        for_application=True,
    )


@login_required
@require_POST
def guarantee_verify(request, pk: int):
    """A reviewer confirms a guarantee (the service checks the role and the application's state)."""
    guarantee = get_object_or_404(Guarantee.objects.for_user(request.user), pk=pk)
    call_service(
        request,
        services.guarantee_verify,
        guarantee=guarantee,
        actor=request.user,
        success=_("The guarantee was verified."),
    )
    return redirect(guarantee.application)
