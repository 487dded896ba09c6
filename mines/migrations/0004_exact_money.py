"""Money columns exact on SQLite too: rebuild the tables so they gain the CHECK of ``MoneyField``
(an integer of at most 18 digits). Nothing changes on PostgreSQL."""

from django.db import migrations

from revival_portal.core.migration_operations import RebuildTableOnSQLite


class Migration(migrations.Migration):
    dependencies = [("mines", "0003_history_and_events")]

    operations = [
        RebuildTableOnSQLite("productionreport"),
        RebuildTableOnSQLite("historicalproductionreport"),
    ]
