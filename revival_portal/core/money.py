"""Money and rate columns that are exact on every database.

Money is whole rials: a Decimal with no fraction, never a float. PostgreSQL stores it as ``numeric`` and
is exact by itself. SQLite (the one-machine mode) keeps an integer exactly up to 64 bits, but Django reads
every ``DecimalField`` back through a 15-digit float context, so 999999999999999999 came back as
1000000000000000000. ``MoneyField`` therefore has its own internal type: Django's decimal converter is not
applied, the field converts what the driver returns itself (an ``int`` exactly), and the same holds for
the sums the reports make of it. On SQLite a CHECK keeps the column an integer of at most 18 digits, so a
value the database could only hold as a float is refused instead of rounded; validation refuses it first
with a clear message.

``RateField`` is a percentage with two decimals. PostgreSQL rounds ``numeric(5, 2)`` on write (so the cap
CHECK sees 18.00 for 17.999); SQLite would keep 17.999 as a float that reads back as 18.00, so on SQLite a
CHECK refuses any rate with more than two decimals.
"""

import decimal
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

MONEY_DIGITS = 22
# What every database holds exactly: SQLite's 64-bit integers hold any 18-digit number.
EXACT_MONEY_DIGITS = 18
MAX_EXACT_MONEY = Decimal(10**EXACT_MONEY_DIGITS - 1)

# Values a one-machine database stored as floats before the CHECK existed: read them as Django did.
_FLOAT_CONTEXT = decimal.Context(prec=15)


def validate_exact_money(value) -> None:
    """Refuse an amount no database of the portal can keep exactly (more than 18 digits)."""
    if value is None:
        return
    if abs(Decimal(value)) > MAX_EXACT_MONEY:
        raise ValidationError(
            _(
                "Amounts of more than %(digits)s digits cannot be stored exactly; "
                "the largest is %(largest)s rials."
            ),
            code="money_too_large",
            params={"digits": EXACT_MONEY_DIGITS, "largest": f"{MAX_EXACT_MONEY:,}"},
        )


class MoneyField(models.DecimalField):
    """An amount in integer rials (at most 18 digits, no decimals); negative amounts are refused."""

    # Whatever validators a model adds, the exact-money limit always applies.
    default_validators = [validate_exact_money]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("validators", [MinValueValidator(Decimal(0))])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_digits", MONEY_DIGITS), ("decimal_places", 0)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        # Not "DecimalField": that name makes the SQLite backend round every value to 15 digits.
        return "MoneyField"

    def db_type(self, connection):
        return connection.data_types["DecimalField"] % self.db_type_parameters(connection)

    def db_check(self, connection):
        if connection.vendor != "sqlite":
            return None
        column = connection.ops.quote_name(self.column)
        exact = f"typeof({column}) = 'integer' AND {column} BETWEEN -{MAX_EXACT_MONEY} AND {MAX_EXACT_MONEY}"
        return f"{column} IS NULL OR ({exact})"

    def from_db_value(self, value, expression, connection):
        """What the driver returns, as an exact Decimal: ``int`` (SQLite), ``Decimal`` (PostgreSQL)."""
        if value is None or isinstance(value, Decimal):
            return value
        if isinstance(value, float):
            return _FLOAT_CONTEXT.create_decimal_from_float(value).quantize(Decimal(1))
        return Decimal(value)


class RateField(models.DecimalField):
    """An interest rate in percent with two decimals (the caps are CHECK constraints of each model)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, default in (("max_digits", 5), ("decimal_places", 2)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def db_check(self, connection):
        if connection.vendor != "sqlite":
            return None
        column = connection.ops.quote_name(self.column)
        return f"ROUND({column}, {self.decimal_places}) = {column}"


class WholeRials(Cast):
    """A money column read as a Python ``int`` (every stored amount fits a 64-bit integer).

    Both databases' drivers answer the cast with an ``int`` already, so no converter runs per value: a
    selector that reads thousands of amounts for display uses it instead of building a Decimal for each.
    """

    def __init__(self, expression):
        super().__init__(expression, output_field=models.BigIntegerField())

    def get_db_converters(self, connection):
        return []
