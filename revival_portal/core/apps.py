"""App configuration for the reference-data app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Reference data (provinces) and the Iranian helpers shared by every app."""

    name = "revival_portal.core"
    label = "core"
    verbose_name = _("Reference data")
    default_auto_field = "django.db.models.BigAutoField"
