"""The API: the whole workflow through /api/v1/, 409 for refused moves, 404 for foreign objects."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from financing.choices import ApplicationStatus as S
from financing.models import ApplicationEvent, Decision, Guarantee, LoanApplication
from tests.factories import AdminFactory, FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import (
    LoanApplicationFactory,
    RatePolicyFactory,
    contracted_loan,
    recommended_application,
    sheba,
    submitted_application,
)
from tests.mines.factories import MineFactory, mineral

pytestmark = pytest.mark.django_db

BASE = "/api/v1/loan-applications/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_full_workflow_through_the_api():
    mine = MineFactory()
    operator = api(mine.operator)
    reviewer_a, reviewer_b, officer = ReviewerFactory(), ReviewerFactory(), FundOfficerFactory()
    created = operator.post(BASE, {"mine": mine.pk, "amount_requested": "2000000000"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == S.DRAFT
    response = operator.patch(
        f"{BASE}{pk}/",
        {"purpose": "Loader", "term_months": 12, "grace_months": 2, "proposed_rate": "17.99"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert operator.post(f"{BASE}{pk}/submit/").status_code == 400  # no guarantee yet
    guarantee = operator.post(
        "/api/v1/guarantees/",
        {
            "application": pk,
            "kind": "purchase",
            "counterparty_name": "Zinc Co",
            "counterparty_id": "10380284790",
            "mineral": mineral().pk,
            "tonnes_per_year": "1000",
            "price_basis": "formula",
            "price_formula": "LME zinc x 0.6",
            "starts_on": "2026-01-01",
            "ends_on": "2028-01-01",
        },
        format="json",
    )
    assert guarantee.status_code == 201, guarantee.content
    assert operator.post(f"{BASE}{pk}/submit/").json()["status"] == S.SUBMITTED
    assert api(reviewer_a).post(f"{BASE}{pk}/start-review/").json()["status"] == S.UNDER_REVIEW
    assert (
        api(reviewer_a).post(f"{BASE}{pk}/request-info/", {"note": "Bank letter?"}).json()["status"]
        == S.INFO_REQUESTED
    )
    assert operator.post(f"{BASE}{pk}/resubmit/", {"note": "Attached"}).json()["status"] == S.UNDER_REVIEW
    recommendation = {
        "recommendation": "approve",
        "note": "Good",
        "score_technical": 4,
        "score_financial": 3,
        "score_guarantees": 5,
        "score_impact": 4,
    }
    assert api(reviewer_a).post(f"{BASE}{pk}/recommend/", recommendation, format="json").status_code == 201
    assert api(reviewer_a).post(f"{BASE}{pk}/decide/", {"outcome": "approved"}).status_code == 403
    assert api(reviewer_b).post(f"{BASE}{pk}/decide/", {"outcome": "approved"}).status_code == 201
    contract = api(officer).post(
        f"{BASE}{pk}/contract/",
        {
            "approved_amount": "1500000000",
            "rate": "17.99",
            "term_months": 12,
            "grace_months": 2,
            "first_due_date": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        },
        format="json",
    )
    assert contract.status_code == 201, contract.content
    loan_id = contract.json()["id"]
    assert contract.json()["instalments"] == []  # nothing paid out, nothing owed yet
    tranche = {
        "amount": "1500000000",
        "disbursed_on": timezone.localdate().isoformat(),
        "bank_reference": "X1",
        "destination_sheba": sheba(),
    }
    assert api(officer).post(f"/api/v1/loans/{loan_id}/disburse/", tranche, format="json").status_code == 201
    assert api(officer).post(f"/api/v1/loans/{loan_id}/disburse/", tranche, format="json").status_code == 409
    assert len(operator.get(f"/api/v1/loans/{loan_id}/").json()["instalments"]) == 12
    repay = {"amount": "1000", "paid_on": timezone.localdate().isoformat(), "reference": "R1"}
    assert api(officer).post(f"/api/v1/loans/{loan_id}/repay/", repay, format="json").status_code == 201
    assert operator.get(f"/api/v1/loans/{loan_id}/").json()["status"] == "repaying"
    assert operator.get("/api/v1/disbursements/").json()["count"] == 1
    assert operator.get("/api/v1/repayments/").json()["count"] == 1
    assert [e["to_state"] for e in operator.get(f"{BASE}{pk}/").json()["events"]][-1] == S.REPAYING


def test_disallowed_transition_answers_409_with_a_message():
    application = submitted_application()
    response = api(application.applicant).post(f"{BASE}{application.pk}/submit/")
    assert response.status_code == 409
    assert response.json()["detail"]
    assert (
        api(ReviewerFactory())
        .post(
            f"{BASE}{application.pk}/recommend/",
            {
                "recommendation": "approve",
                "note": "x",
                "score_technical": 1,
                "score_financial": 1,
                "score_guarantees": 1,
                "score_impact": 1,
            },
            format="json",
        )
        .status_code
        == 409
    )


@pytest.mark.parametrize("action", ["start-review", "request-info", "recommend", "decide", "contract"])
def test_operators_cannot_call_staff_actions(action):
    application = recommended_application()
    before = (application.status, ApplicationEvent.objects.count(), Decision.objects.count())
    response = api(application.applicant).post(
        f"{BASE}{application.pk}/{action}/",
        {
            "note": "x",
            "outcome": "approved",
            "recommendation": "approve",
            "score_technical": 1,
            "score_financial": 1,
            "score_guarantees": 1,
            "score_impact": 1,
            "approved_amount": "1",
            "rate": "1",
            "term_months": 2,
            "grace_months": 0,
            "first_due_date": "2099-01-01",
        },
        format="json",
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert (application.status, ApplicationEvent.objects.count(), Decision.objects.count()) == before


def test_fund_officer_cannot_decide():
    application = recommended_application()
    response = api(FundOfficerFactory()).post(f"{BASE}{application.pk}/decide/", {"outcome": "approved"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_foreign_objects_answer_404():
    application = submitted_application()
    intruder = api(OperatorFactory())
    assert intruder.get(f"{BASE}{application.pk}/").status_code == 404
    assert intruder.post(f"{BASE}{application.pk}/withdraw/").status_code == 404
    guarantee = Guarantee.objects.get()
    assert intruder.get(f"/api/v1/guarantees/{guarantee.pk}/").status_code == 404
    loan = contracted_loan()
    assert intruder.get(f"/api/v1/loans/{loan.pk}/").status_code == 404
    assert intruder.get(BASE).json()["count"] == 0


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/guarantees/", "application"),
        ("/api/v1/documents/", "application"),
        ("/api/v1/disbursements/", "loan"),
        ("/api/v1/repayments/", "loan"),
        (BASE, "mine"),
    ],
)
def test_filtering_by_a_foreign_object_answers_like_a_missing_one(url, field):
    """A foreign id in a filter is refused exactly like an id that does not exist: nothing leaks."""
    loan = contracted_loan()
    foreign = {"application": loan.application_id, "loan": loan.pk, "mine": loan.application.mine_id}[field]
    intruder = api(OperatorFactory())
    refused = intruder.get(url, {field: foreign})
    missing = intruder.get(url, {field: 999_999_999})
    assert refused.status_code == missing.status_code == 400
    assert refused.json().keys() == missing.json().keys() == {field}
    owner = api(loan.application.applicant).get(url, {field: foreign})
    assert owner.status_code == 200


def test_operator_cannot_file_for_someone_elses_mine():
    other_mine = MineFactory()
    response = api(OperatorFactory()).post(
        BASE, {"mine": other_mine.pk, "amount_requested": "1"}, format="json"
    )
    assert response.status_code == 400
    assert not LoanApplication.objects.exists()


def test_rate_policies_read_only_for_non_admins():
    RatePolicyFactory(effective_to=dt.date(2029, 12, 31))
    payload = {"cap": "16.00", "effective_from": "2030-01-01", "legal_reference": "Res 2"}
    for user in (OperatorFactory(), ReviewerFactory(), FundOfficerFactory()):
        assert api(user).get("/api/v1/rate-policies/").json()["count"] == 1
        assert api(user).post("/api/v1/rate-policies/", payload).status_code == 403
    assert api(AdminFactory()).post("/api/v1/rate-policies/", payload).status_code == 201
    refused = api(AdminFactory()).post(
        "/api/v1/rate-policies/", {**payload, "cap": "18.00", "effective_from": "2040-01-01"}
    )
    assert refused.status_code == 400


def test_list_query_count_is_constant(django_assert_max_num_queries):
    reviewer = ReviewerFactory()
    for _ in range(5):
        LoanApplicationFactory()
    with django_assert_max_num_queries(8):
        response = api(reviewer).get(BASE)
    assert response.json()["count"] == 5


def test_review_queue_filters():
    submitted = submitted_application()
    LoanApplicationFactory()
    reviewer = api(ReviewerFactory())
    assert [a["id"] for a in reviewer.get(BASE, {"status": "submitted"}).json()["results"]] == [submitted.pk]
    assert reviewer.get(BASE, {"q": submitted.mine.name}).json()["count"] == 1
