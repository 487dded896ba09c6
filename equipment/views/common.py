"""Helpers shared by the equipment views: role gates and turning service refusals into messages."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.has_role(Role.REVIEWER, Role.ADMIN)


def role_required(*roles: str) -> Callable:
    """Signed in and holding one of ``roles`` (administrators always pass); else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles, Role.ADMIN):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


reviewer_required = role_required(Role.REVIEWER)


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form when the field is not in it)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def run_service(request, call: Callable, *, success: str = "", form=None) -> bool:
    """Call a service; show ``success`` or the refusal as a message (or on ``form``); True when it worked."""
    try:
        call()
    except (TransitionNotAllowed, PermissionDenied) as error:
        messages.error(request, str(error) or _("You are not allowed to do this."))
        return False
    except ValidationError as error:
        if form is not None:
            add_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True
