"""Database pieces only PostgreSQL has: the booking exclusion constraint and the operation that adds it.

The portal also runs on SQLite (one machine, no services), where GiST exclusion constraints do not exist.
The constraint is therefore not declared in ``Booking.Meta`` (Django would try to create it on SQLite too)
but added by migration 0002 through ``PostgreSQLOnly``, which runs the wrapped operation on PostgreSQL and
does nothing elsewhere. On SQLite the service check (with the unit row lock) is the only guard.
``django.contrib.postgres`` does not need to be in INSTALLED_APPS for this.
"""

from django.db import migrations
from django.db.models import F, Func, Q


def booking_no_overlap_constraint(name: str = "booking_unit_dates_no_overlap"):
    """EXCLUDE USING gist (unit_id WITH =, daterange(start_date, end_date, '[]') WITH &&) for live bookings.

    '[]' makes both ends inclusive: a booking ending on day D and another starting on D overlap.
    """
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators

    days = Func(
        F("start_date"),
        F("end_date"),
        RangeBoundary(inclusive_lower=True, inclusive_upper=True),
        function="daterange",
        output_field=DateRangeField(),
    )
    return ExclusionConstraint(
        name=name,
        expressions=[("unit", RangeOperators.EQUAL), (days, RangeOperators.OVERLAPS)],
        condition=~Q(status="cancelled"),
        violation_error_message="This unit is already booked for overlapping dates.",
    )


class PostgreSQLOnly(migrations.operations.base.Operation):
    """Run ``operation`` against the database on PostgreSQL only; the migration state never changes.

    Keeping the state unchanged means ``makemigrations`` does not see the constraint and never proposes to
    drop it.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self._run(schema_editor, to_state, forwards=True, app_label=app_label)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self._run(schema_editor, from_state, forwards=False, app_label=app_label)

    def _run(self, schema_editor, state, *, forwards: bool, app_label: str) -> None:
        operation = self.operation
        if isinstance(operation, migrations.AddConstraint):
            model = state.apps.get_model(app_label, operation.model_name)
            if forwards:
                schema_editor.add_constraint(model, operation.constraint)
            else:
                schema_editor.remove_constraint(model, operation.constraint)
            return
        if forwards:
            operation.database_forwards(app_label, schema_editor, state, state)
        else:
            operation.database_backwards(app_label, schema_editor, state, state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"
