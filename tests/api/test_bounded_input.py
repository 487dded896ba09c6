"""Bounded input: deep or huge JSON, over-long texts, Persian digits in every number, and uploads that are
not what their name says all answer 400, and nothing is stored."""

import importlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework import serializers
from rest_framework.test import APIClient

from equipment.models import Bid
from financing.models import LoanApplication
from revival_portal.core.serializer_fields import LOCALISED_NUMBER_FIELDS
from revival_portal.parsers import json_depth
from tests.equipment.factories import TenderFactory
from tests.factories import OperatorFactory, PartnerFactory
from tests.financing.factories import LoanApplicationFactory
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/loan-applications/"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth('{"a": [1, {"b": "[[[[["}]}') == 3
    assert json_depth('"[{"') == 0


def test_ten_thousand_nested_arrays_answer_400_not_500():
    mine = MineFactory()
    body = "[" * 10_000 + "]" * 10_000
    response = api(mine.operator).post(APPLICATIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert not LoanApplication.objects.exists()


def test_fifty_levels_are_still_read():
    mine = MineFactory()
    nested = "[" * 49 + "1" + "]" * 49
    body = f'{{"mine": {mine.pk}, "amount_requested": "1000", "purpose": "x", "extra": {nested}}}'
    response = api(mine.operator).post(APPLICATIONS, body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_body_over_the_limit_answers_400(settings):
    mine = MineFactory()
    body = f'{{"mine": {mine.pk}, "amount_requested": "1000", "purpose": "{"x" * (1024 * 1024)}"}}'
    response = api(mine.operator).post(APPLICATIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert not LoanApplication.objects.exists()


def test_a_200000_character_purpose_is_refused_and_nothing_stored():
    mine = MineFactory()
    data = {"mine": mine.pk, "amount_requested": "1000", "purpose": "x" * 200_000}
    response = api(mine.operator).post(APPLICATIONS, data, format="json")
    assert response.status_code == 400 and "purpose" in response.json()
    assert not LoanApplication.objects.exists()


def test_a_one_megabyte_text_in_a_form_post_is_refused_and_nothing_stored():
    mine = MineFactory()
    data = {"mine": mine.pk, "amount_requested": "1000", "purpose": "x" * (1024 * 1024)}
    response = api(mine.operator).post(APPLICATIONS, data, format="multipart")
    assert response.status_code == 400
    assert not LoanApplication.objects.exists()


def test_the_page_form_refuses_an_over_long_purpose_too():
    from financing.forms import ApplicationTermsForm

    application = LoanApplicationFactory()
    data = {"purpose": "x" * 20_000, "term_months": "24", "grace_months": "6", "proposed_rate": "17"}
    form = ApplicationTermsForm(data, instance=application)
    assert not form.is_valid() and "purpose" in form.errors
    assert 'maxlength="10000"' in str(form["purpose"])


@pytest.mark.parametrize("amount", ["۲۰۰۰۰۰۰۰۰۰", "٢٠٠٠٠٠٠٠٠٠", "۲٬۰۰۰٬۰۰۰٬۰۰۰", "2,000,000,000"])
def test_an_amount_in_persian_or_arabic_digits_reads_like_the_rate(amount):
    mine = MineFactory()
    data = {"mine": mine.pk, "amount_requested": amount, "proposed_rate": "۱۷٫۵", "term_months": "۲۴"}
    response = api(mine.operator).post(APPLICATIONS, data, format="json")
    assert response.status_code == 201, response.content
    application = LoanApplication.objects.get()
    assert application.amount_requested == 2_000_000_000 and str(application.proposed_rate) == "17.50"
    assert application.term_months == 24


API_SERIALIZER_MODULES = [
    "mines.api.serializers",
    "financing.api.serializers",
    "equipment.api.serializers",
    "revival_portal.notifications.api.serializers",
    "revival_portal.reports.api.serializers",
]


def _api_serializers():
    """Every serializer class the API modules define (list, detail and action serializers)."""
    found = []
    for module_name in API_SERIALIZER_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, serializers.Serializer)
                and value.__module__ == module_name
                # An abstract base (a ModelSerializer without Meta) is checked through its subclasses.
                and not (issubclass(value, serializers.ModelSerializer) and not hasattr(value, "Meta"))
            ):
                found.append(value)
    return found


def _fields(serializer):
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer):
            field = field.child
        if isinstance(field, serializers.Serializer):
            yield from _fields(field)
        else:
            yield name, field


def test_every_writable_text_is_bounded_and_every_number_reads_persian_digits(rf):
    request = rf.get("/")
    request.user = OperatorFactory()
    checked = 0
    for cls in _api_serializers():
        serializer = cls(context={"request": request})
        for name, field in _fields(serializer):
            if field.read_only:
                continue
            checked += 1
            if type(field) is serializers.CharField:
                assert field.max_length, f"{cls.__name__}.{name} has no max_length"
            for plain, localised in LOCALISED_NUMBER_FIELDS.items():
                if isinstance(field, plain):
                    assert isinstance(field, localised), f"{cls.__name__}.{name} refuses Persian digits"
    assert checked > 30


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("content", [EXECUTABLE, HTML], ids=["executable", "html"])
def test_a_bid_document_that_is_not_a_pdf_is_refused_and_nothing_stored(content, private_media):
    tender, partner = TenderFactory(), PartnerFactory()
    response = api(partner).post(
        "/api/v1/bids/",
        {
            "tender": tender.pk,
            "price_rials": "1000",
            "delivery_schedule": "Q1",
            "document": SimpleUploadedFile("offer.pdf", content, content_type="application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 400 and "document" in response.json()
    assert not Bid.objects.exists()
    assert stored_files(private_media) == []


def test_a_png_named_pdf_is_refused_as_a_bid_document_but_a_real_pdf_is_kept(private_media):
    tender, partner = TenderFactory(), PartnerFactory()
    client = api(partner)

    def bid(name, content):
        data = {"tender": tender.pk, "price_rials": "1000", "delivery_schedule": "Q1"}
        data["document"] = SimpleUploadedFile(name, content, content_type="application/pdf")
        return client.post("/api/v1/bids/", data, format="multipart")

    assert bid("offer.pdf", _png()).status_code == 400
    assert stored_files(private_media) == []
    assert bid("offer.pdf", b"%PDF-1.4\n%%EOF\n").status_code == 201
    assert len(stored_files(private_media)) == 1
