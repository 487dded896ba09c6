"""What every financing page shares: a refused service call becomes a message or a field error."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.forms import add_service_errors

REFUSALS = (PermissionDenied, TransitionNotAllowed, ValidationError)


def refusal_message(error: Exception) -> str:
    """A readable sentence for a refused service call (never a 500)."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) if error.args else _("You are not allowed to do this.")
    return str(error)


def call_service(request, service, *, form=None, success: str = "", **kwargs):
    """Run ``service``; on refusal put the reason on the page (errors onto ``form``) and return None."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, refusal_message(error))
        return None
    except (PermissionDenied, TransitionNotAllowed) as error:
        messages.error(request, refusal_message(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


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
