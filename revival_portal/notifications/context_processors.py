"""The unread-notification count shown in the header."""

from django.utils.functional import SimpleLazyObject

from revival_portal.notifications.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    # Lazy: pages that do not render the header pay no query.
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }
