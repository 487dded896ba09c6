"""Form fields for what Iranians type: identifiers (cleaned to their canonical ASCII form), numbers with
Persian digits and separators, and dates in the Jalali or Gregorian calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from .calendar import format_jalali, parse_date, parse_datetime, to_tehran
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
from .templatetags.jalali import is_persian
from .text import normalize_number, persian_digits


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
        """Add ``dir="ltr"`` and an ``inputmode`` so digits type and read correctly on RTL pages; the class
        ``identifier`` keeps the value as typed on Persian pages (``core.digits``)."""
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.update(
                {"dir": "ltr", "inputmode": self.inputmode, "autocomplete": "off", "class": "identifier"}
            )
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


class CalendarDateInput(forms.DateInput):
    """A date box in the reader's calendar: Jalali text (``۱۴۰۴/۰۱/۰۱``) with the portal's Jalali picker on
    Persian pages (``data-jdp``, see static/js/datepicker.js), the browser's date picker on English ones.
    What a person typed comes back to them unchanged."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"dir": "ltr", "autocomplete": "off", **(attrs or {})}, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, dt.date) and is_persian():
            return persian_digits(format_jalali(value))
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if is_persian():
            widget["type"] = "text"
            widget["attrs"].setdefault("inputmode", "numeric")
            widget["attrs"].setdefault("placeholder", "۱۴۰۴/۰۱/۰۱")
            widget["attrs"].update({"data-jdp": "", "data-jdp-only-date": ""})
        else:
            widget["type"] = "date"
        return context


class CalendarDateField(forms.DateField):
    """A date typed in the Jalali calendar (``1404/01/01``, any digits) or as an ISO Gregorian date."""

    widget = CalendarDateInput
    default_error_messages = {
        "invalid": _("Enter a date such as 1404/01/01 (Jalali) or 2025-03-21."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class CalendarDateTimeInput(forms.DateTimeInput):
    """A moment in Tehran time: Jalali text with the picker's clock on Persian pages (``۱۴۰۴/۰۱/۰۵ ۱۴:۳۰``),
    the browser's ``datetime-local`` box on English ones."""

    def __init__(self, attrs=None):
        attrs = {"dir": "ltr", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            if is_persian():
                return persian_digits(format_jalali(value, with_time=True))
            return to_tehran(value).strftime("%Y-%m-%dT%H:%M")
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if is_persian():
            widget["type"] = "text"
            widget["attrs"].update(
                {"data-jdp": "", "inputmode": "numeric", "placeholder": "۱۴۰۴/۰۱/۰۱ ۱۲:۰۰"}
            )
        else:
            widget["type"] = "datetime-local"
        return context


class CalendarDateTimeField(forms.DateTimeField):
    """A moment typed in Tehran time, in the Jalali calendar (``1404/01/05 14:30``) or as an ISO date."""

    widget = CalendarDateTimeInput
    default_error_messages = {
        "invalid": _("Enter a date and time such as 1404/01/05 14:30 (Jalali) or 2025-03-25 14:30."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        parsed = parse_datetime(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class LocalisedDecimalField(forms.DecimalField):
    """A number typed with Persian, Arabic or ASCII digits, with or without thousands separators.

    A text box, not ``type=number``: browsers refuse Persian digits and separators in number inputs.
    """

    widget = forms.TextInput

    def to_python(self, value):
        return super().to_python(normalize_number(value))

    def widget_attrs(self, widget):
        attrs = {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max", "step")}
        attrs.update({"dir": "ltr", "inputmode": "decimal", "autocomplete": "off"})
        return attrs


class MoneyFormField(LocalisedDecimalField):
    """An amount in whole rials: at least one, and at most what every database keeps exactly (18 digits);
    a longer number is refused with that reason, never rounded."""

    default_validators = [validate_exact_money]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric"}
