"""Money columns exact on SQLite too: rebuild the tables so they gain the CHECK of ``MoneyField``
(an integer of at most 18 digits). Nothing changes on PostgreSQL."""

from django.db import migrations

from revival_portal.core.migration_operations import RebuildTableOnSQLite


class Migration(migrations.Migration):
    dependencies = [("equipment", "0002_booking_no_overlap")]

    operations = [
        RebuildTableOnSQLite("bid"),
    ]
