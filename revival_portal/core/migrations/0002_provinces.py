"""Load the 31 provinces of Iran (ISO 3166-2:IR) from revival_portal.core.provinces."""

from django.db import migrations


def load_provinces(apps, schema_editor):
    """Create or refresh every province, so re-running after a data fix updates names and positions."""
    from revival_portal.core.reference import provinces_load

    provinces_load(apps.get_model("core", "Province"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    # Reversing keeps the rows: mines refer to provinces, and 0001's reversal drops the table anyway.
    operations = [migrations.RunPython(load_provinces, migrations.RunPython.noop)]
