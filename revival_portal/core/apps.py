"""App configuration for the reference-data app."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Reference data (provinces) and the Iranian helpers shared by every app."""

    name = "revival_portal.core"
    label = "core"
    verbose_name = _("Reference data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from revival_portal.core import (
            lookups,  # noqa: F401  (registers ``__ilike``)
            reference_choices,
        )
        from revival_portal.core.models import Province
        from revival_portal.core.reference import provinces_keep
        from revival_portal.core.serializer_fields import install_localised_number_fields

        install_localised_number_fields()
        # Each app declares its lists' exports in <app>/exports.py; importing them fills the registry.
        autodiscover_modules("exports")

        post_migrate.connect(provinces_keep, sender=self, dispatch_uid="core.provinces_keep")
        reference_choices.watch(Province)
