"""What every financing page shares: turning a refused service call into a message on the page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from revival_portal.exceptions import TransitionNotAllowed

REFUSALS = (PermissionDenied, TransitionNotAllowed, ValidationError)


def refusal_message(error: Exception) -> str:
    """A readable sentence for a refused service call (never a 500)."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if isinstance(error, PermissionDenied):
        return str(error) if error.args else _("You are not allowed to do this.")
    return str(error)


def call_service(request, service, *, form=None, success: str = "", **kwargs):
    """Run ``service``; on refusal put the reason on the page (field errors onto ``form``) and return None."""
    try:
        result = service(**kwargs)
    except ValidationError as error:
        if form is not None and hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.error(request, refusal_message(error))
        return None
    except (PermissionDenied, TransitionNotAllowed) as error:
        messages.error(request, refusal_message(error))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True
