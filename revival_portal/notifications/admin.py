from django.contrib import admin

from revival_portal.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipient", "kind", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "created_at")
    search_fields = ("subject", "recipient__username", "recipient__email")
    raw_id_fields = ("recipient",)
    date_hierarchy = "created_at"
