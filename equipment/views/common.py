"""Helpers shared by the equipment views: role gates and turning service refusals into messages."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from revival_portal.accounts.permissions import role_required
from revival_portal.accounts.roles import Role
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.forms import add_service_errors

reviewer_required = role_required(Role.REVIEWER)


def run_service(request, call: Callable, *, success: str = "", form=None) -> bool:
    """Call a service; show ``success`` or the refusal as a message (or on ``form``); True when it worked."""
    try:
        call()
    except (TransitionNotAllowed, PermissionDenied) as error:
        messages.error(request, str(error) or _("You are not allowed to do this."))
        return False
    except ValidationError as error:
        if form is not None:
            add_service_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return False
    if success:
        messages.success(request, success)
    return True
