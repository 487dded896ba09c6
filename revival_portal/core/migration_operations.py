"""Migration operations shared by the apps."""

from django.db.migrations.operations.base import Operation


class RebuildTableOnSQLite(Operation):
    """Rebuild a model's table on SQLite so it gains the column CHECKs of today's fields (the exact-money
    and two-decimal-rate checks of ``revival_portal.core.money``); nothing to do on PostgreSQL, whose
    ``numeric`` columns are exact already. The model's state does not change."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor._remake_table(to_state.apps.get_model(app_label, self.model_name))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self) -> str:
        return f"Rebuild {self.model_name} on SQLite with exact money checks"

    @property
    def migration_name_fragment(self) -> str:
        return f"rebuild_{self.model_name.lower()}"

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name}
