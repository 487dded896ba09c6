from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from revival_portal.notifications.api.serializers import NotificationSerializer
from revival_portal.notifications.models import Notification
from revival_portal.notifications.services import notification_mark_read


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in person's notifications."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user)

    @action(detail=True, methods=["post"], url_path="mark-read")
    def mark_read(self, request, pk=None):
        notification = self.get_object()
        notification_mark_read(user=request.user, notification_ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
