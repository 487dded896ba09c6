"""Form and serializer fields clean identifiers to their canonical ASCII form."""

import pytest
from django import forms
from rest_framework import serializers

from revival_portal.core.fields import (
    LegalEntityIdField,
    MobileField,
    NationalIdField,
    PostalCodeField,
    ShebaField,
)
from revival_portal.core.serializer_fields import (
    LegalEntityIdSerializerField,
    MobileSerializerField,
    NationalIdSerializerField,
    PostalCodeSerializerField,
    ShebaSerializerField,
)

SHEBA = "IR820540102680020817909002"

CASES = [
    ("national_id", "۰۴۹۹ ۳۷۰ ۸۹۹", "0499370899", "0499370898", "national_id_checksum"),
    ("legal_entity_id", "۱۰۳۸۰۲۸۴۷۹۰", "10380284790", "10380284791", "legal_entity_id_checksum"),
    ("sheba", "ir82 0540 1026 8002 0817 9090 02", SHEBA, SHEBA[:-1] + "3", "sheba_checksum"),
    ("mobile", "+98 912 123 4567", "09121234567", "0212345678", "mobile_format"),
    ("postal_code", "۱۱۹۳۶-۵۳۴۷۱", "1193653471", "0193653471", "postal_code_invalid"),
]


class IdentifierForm(forms.Form):
    national_id = NationalIdField()
    legal_entity_id = LegalEntityIdField()
    sheba = ShebaField()
    mobile = MobileField()
    postal_code = PostalCodeField(required=False)


class IdentifierSerializer(serializers.Serializer):
    national_id = NationalIdSerializerField()
    legal_entity_id = LegalEntityIdSerializerField()
    sheba = ShebaSerializerField()
    mobile = MobileSerializerField()
    postal_code = PostalCodeSerializerField(required=False, allow_blank=True)


def good_data():
    return {name: raw for name, raw, *_ in CASES}


def test_form_cleans_to_canonical_values():
    form = IdentifierForm(data=good_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {name: canonical for name, _raw, canonical, *_ in CASES}


@pytest.mark.parametrize(("name", "bad", "code"), [(name, bad, code) for name, _r, _c, bad, code in CASES])
def test_form_reports_field_errors_with_codes_and_keeps_input(name, bad, code):
    form = IdentifierForm(data={**good_data(), name: bad})
    assert not form.is_valid()
    assert form.errors.as_data()[name][0].code == code
    assert list(form.errors) == [name]
    # The page comes back with what the user typed.
    assert form[name].value() == bad


def test_form_optional_field_may_be_blank():
    form = IdentifierForm(data={**good_data(), "postal_code": "  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["postal_code"] == ""


def test_form_widgets_are_left_to_right():
    form = IdentifierForm()
    html = str(form["national_id"])
    assert 'dir="ltr"' in html
    assert 'inputmode="numeric"' in html
    assert 'inputmode="tel"' in str(form["mobile"])


def test_serializer_validates_to_canonical_values():
    serializer = IdentifierSerializer(data=good_data())
    assert serializer.is_valid(), serializer.errors
    assert dict(serializer.validated_data) == {name: canonical for name, _raw, canonical, *_ in CASES}


@pytest.mark.parametrize(("name", "bad", "code"), [(name, bad, code) for name, _r, _c, bad, code in CASES])
def test_serializer_reports_field_errors_with_codes(name, bad, code):
    serializer = IdentifierSerializer(data={**good_data(), name: bad})
    assert not serializer.is_valid()
    assert list(serializer.errors) == [name]
    assert serializer.errors[name][0].code == code


def test_serializer_refuses_non_text_and_blank():
    serializer = IdentifierSerializer(data={**good_data(), "national_id": ["0499370899"], "mobile": ""})
    assert not serializer.is_valid()
    assert serializer.errors["national_id"][0].code == "invalid"
    assert serializer.errors["mobile"][0].code == "blank"


def test_serializer_field_copies_keep_a_single_validator():
    # DRF deep-copies declared fields per serializer instance; the validator must not pile up.
    field = IdentifierSerializer().fields["national_id"]
    assert sum(v.__name__ == "validate_national_id" for v in field.validators if hasattr(v, "__name__")) == 1
