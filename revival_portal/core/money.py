"""Money is whole rials with room for at least 20 digits: a Decimal with no fraction, never a float."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

MONEY_DIGITS = 22


class MoneyField(models.DecimalField):
    """An amount in integer rials (22 digits, no decimals); negative amounts are refused."""

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
