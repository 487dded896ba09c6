"""The unread-notification count shown in the header."""

from django.utils.functional import SimpleLazyObject

from revival_portal.notifications.unread import unread_count


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}
    # Lazy: pages that do not render the header pay nothing; the others read it from the cache.
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user))}
