"""Load the 31 provinces of Iran (ISO 3166-2:IR) from revival_portal.core.provinces."""

from django.db import migrations


def load_provinces(apps, schema_editor):
    """Create or refresh every province, so re-running after a data fix updates names and positions."""
    from revival_portal.core.provinces import PROVINCES

    Province = apps.get_model("core", "Province")
    db_alias = schema_editor.connection.alias
    for province in PROVINCES:
        Province.objects.using(db_alias).update_or_create(
            code=province.code,
            defaults={
                "name_fa": province.name_fa,
                "name_en": province.name_en,
                "latitude": province.latitude,
                "longitude": province.longitude,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    # Reversing keeps the rows: mines refer to provinces, and 0001's reversal drops the table anyway.
    operations = [migrations.RunPython(load_provinces, migrations.RunPython.noop)]
