"""The inbox: a person's notifications, newest first, with mark-as-read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from revival_portal.core.pagination import paginate
from revival_portal.notifications.models import Notification
from revival_portal.notifications.services import notification_mark_read


def inbox_notifications(request, queryset):
    """The inbox's rows of ``queryset``: ``?unread=1`` keeps the unread ones; the page and its export use it.
    ``request`` needs only ``GET``."""
    return queryset.unread() if request.GET.get("unread") else queryset


@login_required
def inbox(request):
    """The signed-in person's notifications, newest first (``?unread=1``: the unread ones only)."""
    notifications = inbox_notifications(request, Notification.objects.for_user(request.user))
    page = paginate(request, notifications)
    return render(
        request, "notifications/inbox.html", {"page": page, "only_unread": bool(request.GET.get("unread"))}
    )


@login_required
@require_POST
def mark_read(request, pk: int | None = None):
    """Mark one notification (or all of them) read and go back to ``next`` when it is on this site."""
    count = notification_mark_read(user=request.user, notification_ids=None if pk is None else [pk])
    if pk is None:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
        )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect("notifications:inbox")
