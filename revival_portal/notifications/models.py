"""In-app notifications; each one may also be e-mailed once by a Celery task."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from revival_portal.core.bounded import LONG_TEXT_MAX_LENGTH, BoundedTextField


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A person sees only their own notifications."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person about an event in the programme (inbox entry and e-mail)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = BoundedTextField(_("message"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Scheduled reminders carry a key such as "instalment-due:42" so a second run does not repeat them.
    dedupe_key = models.CharField(_("deduplication key"), max_length=128, blank=True)
    send_email = models.BooleanField(_("send e-mail"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_dedupe_key_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
