"""Reviewer pages: score and recommend, decide (maker-checker), verify guarantees."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import services
from financing.forms import DecideForm, RecommendForm
from financing.models import Guarantee, LoanApplication
from financing.views.common import call_service


def _action_form(request, pk: int, form_class, service, *, title: str, success: str):
    application = get_object_or_404(LoanApplication.objects.for_user(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request,
            service,
            form=form,
            application=application,
            actor=request.user,
            success=success,
            **form.cleaned_data,
        )
        if done or not form.errors:
            return redirect(application)
    return render(
        request, "financing/action_form.html", {"application": application, "form": form, "title": title}
    )


@login_required
def application_recommend(request, pk: int):
    return _action_form(
        request,
        pk,
        RecommendForm,
        services.loan_application_recommend,
        title=_("Score and recommend"),
        success=_("Your recommendation was recorded."),
    )


@login_required
def application_decide(request, pk: int):
    return _action_form(
        request,
        pk,
        DecideForm,
        services.loan_application_decide,
        title=_("Decide"),
        success=_("The decision was recorded."),
    )


@login_required
@require_POST
def guarantee_verify(request, pk: int):
    guarantee = get_object_or_404(Guarantee.objects.for_user(request.user), pk=pk)
    call_service(
        request,
        services.guarantee_verify,
        guarantee=guarantee,
        actor=request.user,
        success=_("The guarantee was verified."),
    )
    return redirect(guarantee.application)
