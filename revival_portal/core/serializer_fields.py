"""DRF serializer fields for Iranian identifiers, cleaned to the same canonical form as the form fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rest_framework import serializers

from .identifiers import (
    normalize_identifier,
    normalize_mobile,
    normalize_postal_code,
    normalize_sheba,
    validate_legal_entity_id,
    validate_mobile,
    validate_national_id,
    validate_postal_code,
    validate_sheba,
)
from .money import MONEY_DIGITS, validate_exact_money
from .text import normalize_number


class IdentifierSerializerField(serializers.CharField):
    """A ``CharField`` that normalises input before the validators run; errors become 400 field errors."""

    normalizer: ClassVar[Callable[[Any], str]] = staticmethod(normalize_identifier)
    identifier_validators: ClassVar[tuple[Callable[[Any], None], ...]] = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # DRF turns the Django ValidationError of these validators into its own, keeping message and code.
        self.validators.extend(self.identifier_validators)

    def to_internal_value(self, data: Any) -> str:
        """Return the canonical ASCII form of ``data``."""
        return self.normalizer(super().to_internal_value(data))


class NationalIdSerializerField(IdentifierSerializerField):
    """National id (10 digits with a check digit)."""

    identifier_validators = (validate_national_id,)


class LegalEntityIdSerializerField(IdentifierSerializerField):
    """Legal-entity id (11 digits with a check digit)."""

    identifier_validators = (validate_legal_entity_id,)


class ShebaSerializerField(IdentifierSerializerField):
    """Sheba account number as ``IR`` followed by 24 digits."""

    normalizer = staticmethod(normalize_sheba)
    identifier_validators = (validate_sheba,)


class MobileSerializerField(IdentifierSerializerField):
    """Iranian mobile number as ``09xxxxxxxxx``."""

    normalizer = staticmethod(normalize_mobile)
    identifier_validators = (validate_mobile,)


class PostalCodeSerializerField(IdentifierSerializerField):
    """Iranian postal code as 10 digits."""

    normalizer = staticmethod(normalize_postal_code)
    identifier_validators = (validate_postal_code,)


class _LocalisedNumberMixin:
    """Read Persian/Arabic digits, ``٫`` and thousands separators like the forms do (``normalize_number``)."""

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(normalize_number(data))


class LocalisedIntegerField(_LocalisedNumberMixin, serializers.IntegerField):
    pass


class LocalisedDecimalField(_LocalisedNumberMixin, serializers.DecimalField):
    pass


class LocalisedFloatField(_LocalisedNumberMixin, serializers.FloatField):
    pass


LOCALISED_NUMBER_FIELDS = {
    serializers.IntegerField: LocalisedIntegerField,
    serializers.DecimalField: LocalisedDecimalField,
    serializers.FloatField: LocalisedFloatField,
}


def install_localised_number_fields() -> None:
    """Make every ModelSerializer build its number fields from the localised classes above.

    Declared fields use the localised classes by name; this covers the fields built from model fields,
    so that an amount, a rate and a tonnage all read the same digits (a test walks every serializer).
    """
    mapping = serializers.ModelSerializer.serializer_field_mapping
    for model_field, api_field in list(mapping.items()):
        if api_field in LOCALISED_NUMBER_FIELDS:
            mapping[model_field] = LOCALISED_NUMBER_FIELDS[api_field]


class MoneySerializerField(LocalisedDecimalField):
    """An amount in whole rials, at least one and at most 18 digits (what every database keeps exactly)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)
        self.validators.append(validate_exact_money)
