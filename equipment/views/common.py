"""Helpers shared by the equipment views: role gates and turning service refusals into messages."""

from collections.abc import Callable

from revival_portal.accounts.permissions import role_required
from revival_portal.accounts.roles import Role
from revival_portal.forms import call_service

reviewer_required = role_required(Role.REVIEWER)


def run_service(request, call: Callable, *, success: str = "", form=None) -> bool:
    """Call a service; show ``success`` or the refusal as a message (or on ``form``); True when it worked."""
    return call_service(request, call, form=form, success=success) is not None
