"""On PostgreSQL a trigger refuses DELETE on rows of money and decisions, whatever the path (shell, SQL)."""

from django.db import migrations

TABLES = [
    "financing_loanapplication",
    "financing_guarantee",
    "financing_applicationevent",
    "financing_review",
    "financing_decision",
    "financing_ratepolicy",
    "financing_loan",
    "financing_instalment",
    "financing_disbursement",
    "financing_repayment",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION financing_forbid_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % cannot be deleted', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION financing_forbid_delete();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS financing_forbid_delete();")


class Migration(migrations.Migration):
    dependencies = [("financing", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
