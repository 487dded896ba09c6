"""Form fields for Iranian identifiers whose cleaned value is the canonical ASCII form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms

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


class IdentifierField(forms.CharField):
    """A ``CharField`` that normalises the input before validating it, so the cleaned value is canonical."""

    normalizer: ClassVar[Callable[[Any], str]] = staticmethod(normalize_identifier)
    inputmode: ClassVar[str] = "numeric"

    def to_python(self, value: Any) -> str:
        """Return the normalised identifier, or the field's empty value for blank input."""
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return self.normalizer(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Add ``dir="ltr"`` and an ``inputmode`` so digits type and read correctly on RTL pages."""
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.update({"dir": "ltr", "inputmode": self.inputmode, "autocomplete": "off"})
        return attrs


class NationalIdField(IdentifierField):
    """National id (10 digits with a check digit)."""

    default_validators = [validate_national_id]


class LegalEntityIdField(IdentifierField):
    """Legal-entity id (11 digits with a check digit)."""

    default_validators = [validate_legal_entity_id]


class ShebaField(IdentifierField):
    """Sheba account number, cleaned to ``IR`` followed by 24 digits."""

    normalizer = staticmethod(normalize_sheba)
    default_validators = [validate_sheba]
    inputmode = "text"


class MobileField(IdentifierField):
    """Iranian mobile number, cleaned to ``09xxxxxxxxx``."""

    normalizer = staticmethod(normalize_mobile)
    default_validators = [validate_mobile]
    inputmode = "tel"

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        """Mark the input as a telephone number so phones offer their keypad and autofill."""
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["autocomplete"] = "tel"
        return attrs


class PostalCodeField(IdentifierField):
    """Iranian postal code, cleaned to 10 digits."""

    normalizer = staticmethod(normalize_postal_code)
    default_validators = [validate_postal_code]
