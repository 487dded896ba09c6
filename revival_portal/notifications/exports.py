"""The inbox as CSV and XLSX: the person's own notifications, with the page's unread-only filter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from revival_portal.core.exports import Column, ListExport, field_label, register
from revival_portal.notifications.models import Notification


def _on_the_page(asker, queryset):
    from revival_portal.notifications.views import inbox_notifications

    return inbox_notifications(asker, queryset)


NOTIFICATION_EXPORT = register(
    ListExport(
        name="notifications",
        title=_("Notifications"),
        queryset_for_user=lambda user: Notification.objects.for_user(user),
        filtered=_on_the_page,
        columns=(
            Column("id", _("id"), "pk", kind="number"),
            Column("created_at", field_label(Notification, "created_at"), kind="datetime"),
            Column("subject", field_label(Notification, "subject")),
            Column("body", field_label(Notification, "body")),
            Column("url", field_label(Notification, "url")),
            Column("read_at", field_label(Notification, "read_at"), kind="datetime"),
        ),
    )
)
