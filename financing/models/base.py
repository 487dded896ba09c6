"""Pieces shared by the financing models: records of money that nobody may delete."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

STATUTORY_RATE_CAP = Decimal(settings.STATUTORY_RATE_CAP)

MONEY_ROW_DELETE_MESSAGE = _(
    "Records of money and decisions cannot be deleted; correct them with a new entry."
)


def rate_under_statutory_cap(field: str) -> Q:
    """The database form of the cap: 0 <= rate < 18 (strict)."""
    return Q(**{f"{field}__gte": 0, f"{field}__lt": STATUTORY_RATE_CAP})


def validate_rate_under_statutory_cap(value) -> None:
    """Field-level guard of the statutory ceiling (the policy cap is checked where the date is known)."""
    from financing.rates import validate_rate

    validate_rate(value)


rate_validators = [MinValueValidator(Decimal(0)), validate_rate_under_statutory_cap]
month_validators = [MinValueValidator(0), MaxValueValidator(360)]


class UndeletableQuerySet(models.QuerySet):
    """Bulk deletes of money rows are refused like single ones."""

    def delete(self):
        raise PermissionDenied(MONEY_ROW_DELETE_MESSAGE)


class UndeletableModel(models.Model):
    """A record of money or of a decision: it can be corrected by a new row, never deleted."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PermissionDenied(MONEY_ROW_DELETE_MESSAGE)
