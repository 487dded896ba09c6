"""The unread-notification count of the header, cached per person and invalidated when it can change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from revival_portal.core import versioned_cache
from revival_portal.notifications.models import Notification


def _scope(user_pk) -> str:
    return f"notifications:unread:{user_pk}"


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread (cached until one is created, read or deleted)."""
    if not user.is_authenticated:
        return 0
    return versioned_cache.cached(
        f"unread:{user.pk}", [_scope(user.pk)], lambda: Notification.objects.for_user(user).unread().count()
    )


def unread_changed(*user_pks) -> None:
    """Call after changing notifications in bulk (``update``), which sends no model signal."""
    versioned_cache.bump(*(_scope(pk) for pk in set(user_pks)))


@receiver(post_save, sender=Notification, dispatch_uid="notifications.unread.save")
@receiver(post_delete, sender=Notification, dispatch_uid="notifications.unread.delete")
def _notification_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"emailed_at"}:
        return  # the e-mail was sent: nothing the count depends on
    unread_changed(instance.recipient_id)
