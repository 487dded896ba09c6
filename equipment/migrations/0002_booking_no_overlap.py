"""PostgreSQL only: btree_gist and the exclusion constraint that stops a unit being booked twice.

See equipment/db.py; on SQLite both operations do nothing and the service check is the guard.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from equipment.db import PostgreSQLOnly, booking_no_overlap_constraint


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial")]

    operations = [
        BtreeGistExtension(),  # does nothing on other databases
        PostgreSQLOnly(
            migrations.AddConstraint(model_name="booking", constraint=booking_no_overlap_constraint())
        ),
    ]
