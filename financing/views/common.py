"""What every financing page shares: one form feeding one service."""

from django import forms
from django.shortcuts import redirect, render

from revival_portal.forms import call_service


def service_form_page(
    request, form: forms.Form, service, *, target: dict, title: str, success: str, **context
):
    """A page with one form that feeds one service on ``target`` (``{"application": ...}`` or
    ``{"loan": ...}``): back to that object once done or refused outright; the form again, filled in,
    on field errors. ``context`` adds template variables."""
    (obj,) = target.values()
    if request.method == "POST" and form.is_valid():
        done = call_service(
            request, service, form=form, actor=request.user, success=success, **target, **form.cleaned_data
        )
        if done or not form.errors:
            return redirect(obj)
    return render(request, "financing/action_form.html", {"form": form, "title": title, **target, **context})
