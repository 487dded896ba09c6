"""Reference rows every installation has (the provinces), loaded by migration and kept after every migrate.

``post_migrate`` also runs after a database flush (as tests in real transactions do), so the rows come back
there too, just as Django's permissions do.
"""

from django.apps import apps as global_apps

from revival_portal.core.provinces import PROVINCES


def provinces_load(province_model, using: str = "default") -> None:
    """Create or refresh the 31 provinces from ``PROVINCES``."""
    for province in PROVINCES:
        province_model.objects.using(using).update_or_create(
            code=province.code,
            defaults={
                "name_fa": province.name_fa,
                "name_en": province.name_en,
                "latitude": province.latitude,
                "longitude": province.longitude,
            },
        )


def provinces_keep(sender, using: str = "default", apps=global_apps, **kwargs) -> None:
    """post_migrate receiver: put the provinces back if a flush removed them."""
    province_model = apps.get_model("core", "Province")
    if not province_model.objects.using(using).exists():
        provinces_load(province_model, using)
