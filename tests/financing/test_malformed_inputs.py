"""No input, however malformed, produces a 500: pages and API answer 200/302/400/404/409 (PRODUCT §7)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from financing.models import ApplicationEvent, Disbursement, Loan, Repayment
from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory
from tests.financing.factories import (
    GuaranteeFactory,
    LoanApplicationFactory,
    approved_application,
    contracted_loan,
    recommended_application,
    sheba,
)

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["abc", "1e400", "-5", "99999999999999999999999999", "NaN", "Infinity", "", "1.5", "\x00"]
BAD_QUERIES = [
    "page=abc",
    "page=-1",
    "page=99999999999999999999",
    "amount_min=1e400",
    "amount_max=NaN",
    "amount_min=abc",
    "submitted_after=2024-13-45",
    "mine=abc",
    "mine=99999999999999999999",
    "application=abc",
    "loan=-1",
    "status=bogus",
    "q=%00",
    "province=%00",
    "ordering=nonexistent",
    "effective_from=yesterday",
]
API_LISTS = [
    "/api/v1/loan-applications/",
    "/api/v1/guarantees/",
    "/api/v1/documents/",
    "/api/v1/loans/",
    "/api/v1/disbursements/",
    "/api/v1/repayments/",
    "/api/v1/rate-policies/",
]
ROLES = [OperatorFactory, ReviewerFactory, FundOfficerFactory, PartnerFactory]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_not_500(response, allowed=(200, 201, 302, 400, 403, 404, 409)):
    assert response.status_code in allowed, (response.status_code, response.content[:500])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_answer_malformed_queries_without_500(role, url):
    contracted_loan()
    client = api(role())
    for query in BAD_QUERIES:
        assert_not_500(client.get(f"{url}?{query}"))
    for bad_id in ("abc", "-1", "99999999999999999999", "1e3"):
        assert client.get(f"{url}{bad_id}/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name",
    [
        "financing:application_list",
        "financing:loan_list",
        "financing:portfolio",
        "financing:awaiting_contract",
    ],
)
def test_list_pages_answer_malformed_queries_without_500(client, role, name):
    contracted_loan()
    client.force_login(role())
    for query in BAD_QUERIES:
        assert_not_500(client.get(f"{reverse(name)}?{query}"))


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_application_api_refuses_malformed_numbers(value):
    application = LoanApplicationFactory()
    client = api(application.applicant)
    base = "/api/v1/loan-applications/"
    for field in ("amount_requested", "proposed_rate", "term_months", "grace_months"):
        payload = {"mine": application.mine_id, "amount_requested": "1000", field: value}
        assert_not_500(client.post(base, payload, format="json"), allowed=(201, 400))
        assert_not_500(
            client.patch(f"{base}{application.pk}/", {field: value}, format="json"), allowed=(200, 400)
        )
    assert_not_500(
        client.post(base, {"mine": value, "amount_requested": "1000"}, format="json"), allowed=(400,)
    )


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_money_actions_refuse_malformed_numbers(value):
    loan = contracted_loan()
    officer = api(FundOfficerFactory())
    disbursement = {
        "amount": value,
        "disbursed_on": "2025-01-01",
        "bank_reference": "B-1",
        "destination_sheba": sheba(),
    }
    assert_not_500(officer.post(f"/api/v1/loans/{loan.pk}/disburse/", disbursement, format="json"), (400,))
    repayment = {"amount": value, "paid_on": "2025-01-01", "reference": "R-1"}
    assert_not_500(officer.post(f"/api/v1/loans/{loan.pk}/repay/", repayment, format="json"), (400, 409))
    assert not Disbursement.objects.exists() and not Repayment.objects.exists()
    contract = {
        "approved_amount": value,
        "rate": value,
        "term_months": value,
        "grace_months": value,
        "first_due_date": value,
    }
    application = approved_application()
    assert_not_500(
        officer.post(f"/api/v1/loan-applications/{application.pk}/contract/", contract, format="json"), (400,)
    )


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_money_pages_refuse_malformed_numbers(client, value):
    loan = contracted_loan()
    client.force_login(FundOfficerFactory())
    for name, data in (
        ("financing:disbursement_add", {"amount": value, "disbursed_on": value, "bank_reference": "B"}),
        ("financing:repayment_add", {"amount": value, "paid_on": value, "reference": "R"}),
    ):
        assert_not_500(client.post(reverse(name, args=[loan.pk]), data), allowed=(200,))
    application = approved_application()
    contract = {"approved_amount": value, "rate": value, "term_months": value, "grace_months": value}
    response = client.post(reverse("financing:loan_contract", args=[application.pk]), contract)
    assert_not_500(response, allowed=(200,))
    assert not Loan.objects.filter(application=application).exists()


@pytest.mark.parametrize("first_due", ["9999-12-31", "9000-01-01", "0001-01-01", "2025-02-30"])
def test_contract_with_an_absurd_first_due_date_is_refused(client, first_due):
    application = approved_application()
    officer = FundOfficerFactory()
    contract = {
        "approved_amount": "1000000",
        "rate": "12.00",
        "term_months": "12",
        "grace_months": "0",
        "first_due_date": first_due,
    }
    response = api(officer).post(
        f"/api/v1/loan-applications/{application.pk}/contract/", contract, format="json"
    )
    assert response.status_code == 400
    client.force_login(officer)
    page = client.post(reverse("financing:loan_contract", args=[application.pk]), contract)
    assert page.status_code == 200 and page.context["form"].errors
    page = client.post(reverse("financing:loan_contract", args=[application.pk]), {**contract, "save": "1"})
    assert page.status_code == 200 and page.context["form"].errors
    assert not Loan.objects.exists()


def test_far_but_sane_first_due_date_is_still_accepted():
    application = approved_application(rate=Decimal("12.00"))
    response = api(FundOfficerFactory()).post(
        f"/api/v1/loan-applications/{application.pk}/contract/",
        {
            "approved_amount": "1000000",
            "rate": "12.00",
            "term_months": "360",
            "grace_months": "12",
            "first_due_date": str(timezone.localdate() + dt.timedelta(days=300)),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["term_months"] == 360


def test_workflow_notes_with_a_nul_character_are_refused(client):
    application = LoanApplicationFactory()
    client.force_login(application.applicant)
    events = ApplicationEvent.objects.count()
    response = client.post(
        reverse("financing:application_action", args=[application.pk, "withdraw"]), {"note": "a\x00b"}
    )
    assert_not_500(response, allowed=(302,))
    application.refresh_from_db()
    assert application.status == "draft" and ApplicationEvent.objects.count() == events
    response = api(application.applicant).post(
        f"/api/v1/loan-applications/{application.pk}/withdraw/", {"note": "a\x00b"}, format="json"
    )
    assert response.status_code == 400


def test_review_forms_refuse_malformed_scores(client):
    application = recommended_application()
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    for value in BAD_NUMBERS:
        response = client.post(
            reverse("financing:application_decide", args=[application.pk]), {"outcome": value, "note": value}
        )
        assert_not_500(response, allowed=(200,))
        response = api(reviewer).post(
            f"/api/v1/loan-applications/{application.pk}/recommend/",
            {"recommendation": "approve", "note": "n", "score_technical": value},
            format="json",
        )
        assert_not_500(response, allowed=(400, 409))


def test_guarantee_and_document_api_refuse_malformed_input():
    application = LoanApplicationFactory()
    client = api(application.applicant)
    for value in BAD_NUMBERS:
        payload = {
            "application": application.pk,
            "kind": "purchase",
            "counterparty_name": "Buyer",
            "counterparty_id": value,
            "mineral": value,
            "tonnes_per_year": value,
            "price_basis": "per_tonne",
            "price_rials_per_tonne": value,
            "starts_on": value,
            "ends_on": "2020-01-01",
        }
        assert_not_500(client.post("/api/v1/guarantees/", payload, format="json"), allowed=(400,))
    guarantee = GuaranteeFactory(application=application)
    for value in BAD_NUMBERS:
        response = client.patch(
            f"/api/v1/guarantees/{guarantee.pk}/", {"tonnes_per_year": value, "ends_on": value}, format="json"
        )
        assert_not_500(response, allowed=(200, 400))
    assert client.post("/api/v1/documents/", {}, format="multipart").status_code == 400
    assert client.post("/api/v1/documents/", {"application": "abc"}, format="multipart").status_code == 400
    empty = SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf")
    response = client.post(
        "/api/v1/documents/",
        {"application": application.pk, "document_type": "licence", "file": empty},
        format="multipart",
    )
    assert response.status_code == 400
