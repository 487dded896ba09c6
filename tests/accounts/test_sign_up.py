"""Operator self-sign-up: valid data creates an operator; bad data re-shows the form with what was typed."""

import pytest
from django.urls import reverse

from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "علی",
    "last_name": "رضایی",
    "national_id": "۰۴۹۹۳۷۰۸۹۹",
    "mobile": "+989121234567",
    "email": "ali@example.ir",
    "company_name": "",
    "company_legal_id": "",
    "password1": "Kavir-mine-1404",
    "password2": "Kavir-mine-1404",
}


def post(client, **changes):
    return client.post(reverse("accounts:sign_up"), {**VALID, **changes})


def test_sign_up_creates_an_operator_with_normalised_identifiers_and_signs_in(client):
    response = post(client)

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    user = User.objects.get()
    assert user.username == user.national_id == "0499370899"
    assert user.mobile == "09121234567"
    assert user.role_names == {Role.OPERATOR}
    assert user.language == "fa"
    assert client.get(reverse("dashboard")).status_code == 200


def test_sign_up_with_a_company_needs_a_valid_legal_entity_id(client):
    response = post(client, company_name="Kavir Co.", company_legal_id="10380284791")
    assert response.status_code == 200
    assert "company_legal_id" in response.context["form"].errors

    response = post(client, company_name="Kavir Co.", company_legal_id="10380284790")
    assert response.status_code == 302
    assert User.objects.get().company_legal_id == "10380284790"


def test_bad_national_id_keeps_what_was_typed_and_shows_a_persian_field_error(client):
    response = post(client, national_id="0499370898")

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'id="error-national_id"' in html
    assert "کد ملی" in response.context["form"].errors["national_id"][0]
    for typed in ("علی", "رضایی", "ali@example.ir", "0499370898", "+989121234567"):
        assert f'value="{typed}"' in html


def test_mobile_already_in_use_is_refused_in_the_page_language(client):
    OperatorFactory(mobile="09121234567")
    client.cookies["django_language"] = "en"

    response = post(client)

    assert response.status_code == 200
    assert User.objects.filter(national_id="0499370899").count() == 0
    assert response.context["form"].errors["mobile"] == ["This mobile number is already in use."]
    assert 'value="ali@example.ir"' in response.content.decode()


def test_national_id_and_email_must_be_unique(client):
    OperatorFactory(national_id="0499370899", email="ALI@example.ir")

    response = post(client)

    errors = response.context["form"].errors
    assert "national_id" in errors
    assert "email" in errors
    assert User.objects.count() == 1


@pytest.mark.parametrize("mobile", ["0912123456", "08121234567", "abc"])
def test_malformed_mobile_is_a_field_error_not_a_crash(client, mobile):
    response = post(client, mobile=mobile)
    assert response.status_code == 200
    assert "mobile" in response.context["form"].errors
    assert not User.objects.exists()


def test_a_sign_up_that_loses_a_race_for_the_national_id_gets_a_field_error_not_a_500(client, monkeypatch):
    # Both requests passed the form's and the model's checks before either inserted: the second insert
    # meets the unique constraint.
    from revival_portal.accounts.forms import SignUpForm

    OperatorFactory(national_id="0499370899")
    monkeypatch.setattr(SignUpForm, "clean_national_id", lambda form: form.cleaned_data["national_id"])
    monkeypatch.setattr(User, "full_clean", lambda user, *args, **kwargs: None)

    response = post(client)

    assert response.status_code == 200
    assert "national_id" in response.context["form"].errors
    assert User.objects.filter(national_id="0499370899").count() == 1
