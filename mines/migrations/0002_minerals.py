"""Load the mineral reference list (mines/reference.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from mines.reference import minerals_load

    minerals_load(apps.get_model("mines", "Mineral"), schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("mines", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
