"""Role checks that services and views share: one definition of who counts as a reviewer."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role


def holds_role(user, *roles: str) -> bool:
    """Signed in and holding one of ``roles``; administrators always do. The gate of ``role_required``
    pages, which their exports share."""
    return user is not None and user.is_authenticated and user.has_role(*roles, Role.ADMIN)


def is_reviewer(user) -> bool:
    """Programme reviewers and administrators: they verify mines, book units and run tenders."""
    return holds_role(user, Role.REVIEWER)


def require_reviewer(actor, message=None) -> None:
    """Refuse anyone but a programme reviewer or an administrator."""
    if not is_reviewer(actor):
        raise PermissionDenied(message or _("Only programme reviewers may do this."))


def role_required(*roles: str) -> Callable:
    """View decorator: signed in and holding one of ``roles`` (administrators always pass), else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not holds_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
