"""The decision fixes the terms: the contract may lower the decided amount, never raise it or change the
rate — refused by the form, the API, the service and (PostgreSQL) a trigger; a new decision is reached by
returning the approved application, and maker-checker holds again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from financing import services
from financing.choices import ApplicationStatus as S
from financing.choices import DecisionOutcome
from financing.forms import ContractForm, DecideForm
from financing.models import Decision, Loan
from tests.factories import FundOfficerFactory, ReviewerFactory, signed_in
from tests.financing.factories import approved_application, contracted_loan, recommended_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DECIDED_AMOUNT = Decimal("3000000000")
DECIDED_RATE = Decimal("5.00")


def terms(**changes) -> dict:
    values = {
        "approved_amount": DECIDED_AMOUNT,
        "rate": DECIDED_RATE,
        "term_months": 24,
        "grace_months": 6,
        "first_due_date": timezone.localdate() + dt.timedelta(days=30),
    }
    return {**values, **changes}


def as_post(values: dict) -> dict:
    return {name: str(value) for name, value in values.items()}


@pytest.fixture
def approved():
    """Requested 5 billion at 17.99 %; decided 3 billion at 5.00 %."""
    return approved_application(approved_amount=DECIDED_AMOUNT, rate=DECIDED_RATE)


def test_the_decision_stores_the_approved_amount_and_rate(approved):
    decision = approved.decision
    assert (decision.approved_amount, decision.rate) == (DECIDED_AMOUNT, DECIDED_RATE)


def test_a_rejection_fixes_no_terms(reviewer_a, reviewer_b):
    application = recommended_application(reviewer=reviewer_a)
    decision = services.loan_application_decide(
        application=application, actor=reviewer_b, outcome=DecisionOutcome.REJECTED, rate=Decimal("3")
    )
    assert decision.approved_amount is None and decision.rate is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"approved_amount": Decimal("5000000001")}, "approved_amount"),  # above the amount requested
        ({"approved_amount": Decimal(0)}, "approved_amount"),
        ({"rate": Decimal("18.00")}, "rate"),
    ],
)
def test_the_decider_may_not_approve_more_than_requested_or_a_rate_over_the_cap(
    reviewer_a, reviewer_b, changes, field
):
    application = recommended_application(reviewer=reviewer_a)
    values = {"approved_amount": DECIDED_AMOUNT, "rate": DECIDED_RATE, **changes}
    with pytest.raises(ValidationError) as error:
        services.loan_application_decide(
            application=application, actor=reviewer_b, outcome=DecisionOutcome.APPROVED, **values
        )
    assert field in error.value.message_dict
    assert not Decision.objects.exists()
    form = DecideForm(as_post({"outcome": "approved", **values}), application=application)
    assert not form.is_valid() and field in form.errors


def test_the_decide_page_records_the_terms(reviewer_a):
    application = recommended_application(reviewer=reviewer_a)
    page = signed_in(ReviewerFactory())
    form = page.get(reverse("financing:application_decide", args=[application.pk]))
    assert b'value="5000000000"' in form.content or b"5,000,000,000" in form.content
    page.post(
        reverse("financing:application_decide", args=[application.pk]),
        {"outcome": "approved", "approved_amount": "3000000000", "rate": "5"},
    )
    assert (application.decision.approved_amount, application.decision.rate) == (DECIDED_AMOUNT, DECIDED_RATE)


def test_the_api_decides_with_terms_and_refuses_more_than_requested(reviewer_a):
    application = recommended_application(reviewer=reviewer_a)
    client = APIClient()
    client.force_authenticate(ReviewerFactory())
    url = f"/api/v1/loan-applications/{application.pk}/decide/"
    too_much = client.post(url, {"outcome": "approved", "approved_amount": "5000000001"}, format="json")
    assert too_much.status_code == 400 and "approved_amount" in too_much.json()
    response = client.post(
        url, {"outcome": "approved", "approved_amount": "3000000000", "rate": "5.00"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["approved_amount"], response.json()["rate"]) == ("3000000000", "5.00")


# --- the contract follows the decision: service, form, API ---------------------------------------------


def test_the_contract_may_lower_the_decided_amount(approved, fund_officer):
    loan = services.loan_contract(
        application=approved, actor=fund_officer, **terms(approved_amount=Decimal("2000000000"))
    )
    assert loan.decision == approved.decision
    assert (loan.approved_amount, loan.rate) == (Decimal("2000000000"), DECIDED_RATE)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate": Decimal("14.99")}, "rate"),
        ({"rate": Decimal("4.99")}, "rate"),
        ({"approved_amount": DECIDED_AMOUNT + 1}, "approved_amount"),
    ],
)
def test_the_service_refuses_a_contract_off_the_decided_terms(approved, fund_officer, changes, field):
    with pytest.raises(ValidationError) as error:
        services.loan_contract(application=approved, actor=fund_officer, **terms(**changes))
    assert "new decision" in " ".join(error.value.message_dict[field])
    assert not Loan.objects.exists()
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"rate": Decimal("14.99")}, "rate"), ({"approved_amount": DECIDED_AMOUNT + 1}, "approved_amount")],
)
def test_the_form_refuses_a_contract_off_the_decided_terms(approved, changes, field):
    form = ContractForm(as_post(terms(**changes)), application=approved)
    assert not form.is_valid()
    assert "new decision" in " ".join(form.errors[field])


def test_the_contract_page_starts_from_the_decision_and_shows_the_refusal(approved, fund_officer):
    page = signed_in(fund_officer)
    url = reverse("financing:loan_contract", args=[approved.pk])
    form = page.get(url).context["form"]
    assert form.initial["approved_amount"] == DECIDED_AMOUNT
    assert form.initial["rate"] == DECIDED_RATE
    response = page.post(url, {**as_post(terms(rate=Decimal("14.99"))), "save": "1"})
    assert response.status_code == 200
    assert "rate" in response.context["form"].errors
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"rate": "14.99"}, "rate"), ({"approved_amount": str(DECIDED_AMOUNT + 1)}, "approved_amount")],
)
def test_the_api_answers_400_for_a_contract_off_the_decided_terms(approved, fund_officer, changes, field):
    client = APIClient()
    client.force_authenticate(fund_officer)
    body = {**as_post(terms()), "first_due_date": str(terms()["first_due_date"]), **changes}
    response = client.post(f"/api/v1/loan-applications/{approved.pk}/contract/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Loan.objects.exists()
    decided = {**body, "rate": "5.00", "approved_amount": str(DECIDED_AMOUNT)}
    created = client.post(f"/api/v1/loan-applications/{approved.pk}/contract/", decided, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["decision"] == approved.decision.pk


# --- a new decision: return the approved application, decide again -------------------------------------


def test_other_terms_need_a_new_decision_by_another_reviewer(fund_officer):
    recommender = ReviewerFactory()
    application = recommended_application(reviewer=recommender)
    services.loan_application_decide(
        application=application,
        actor=ReviewerFactory(),
        outcome=DecisionOutcome.APPROVED,
        approved_amount=DECIDED_AMOUNT,
        rate=DECIDED_RATE,
    )
    first = application.decision
    with pytest.raises(ValidationError):  # a reason is required
        services.loan_application_return_for_decision(application=application, actor=fund_officer, note=" ")
    services.loan_application_return_for_decision(
        application=application, actor=fund_officer, note="The operator needs 4 billion for the mill."
    )
    application.refresh_from_db()
    first.refresh_from_db()
    assert application.status == S.RECOMMENDED
    assert first.superseded_at is not None and application.decision is None
    assert application.events.last().actor == fund_officer
    # Maker-checker again: neither the recommender nor whoever returned it decides.
    for actor in (recommender, fund_officer):
        with pytest.raises(PermissionDenied):
            services.loan_application_decide(
                application=application, actor=actor, outcome=DecisionOutcome.APPROVED, rate=Decimal("9.00")
            )
    second = services.loan_application_decide(
        application=application,
        actor=ReviewerFactory(),
        outcome=DecisionOutcome.APPROVED,
        approved_amount=Decimal("4000000000"),
        rate=Decimal("9.00"),
    )
    assert application.decision == second
    assert list(application.decisions.all()) == [first, second]
    loan = services.loan_contract(
        application=application,
        actor=fund_officer,
        **terms(approved_amount=Decimal("4000000000"), rate=Decimal("9.00")),
    )
    assert loan.decision == second


def test_only_fund_officers_return_approved_applications(approved):
    with pytest.raises(PermissionDenied):
        services.loan_application_return_for_decision(
            application=approved, actor=approved.applicant, note="Please lower the rate"
        )
    loan = contracted_loan(rate=Decimal("12.00"))
    from revival_portal.exceptions import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        services.loan_application_return_for_decision(
            application=loan.application, actor=FundOfficerFactory(), note="Too late: contracted"
        )


def test_return_for_decision_from_the_page_and_the_api(approved, fund_officer):
    page = signed_in(fund_officer)
    detail = page.get(approved.get_absolute_url())
    assert b"action-return_for_decision" in detail.content
    page.post(
        reverse("financing:application_action", args=[approved.pk, "return_for_decision"]),
        {"note": "A higher amount is needed."},
    )
    approved.refresh_from_db()
    assert approved.status == S.RECOMMENDED
    second = approved_application(approved_amount=DECIDED_AMOUNT, rate=DECIDED_RATE)
    client = APIClient()
    client.force_authenticate(fund_officer)
    url = f"/api/v1/loan-applications/{second.pk}/return-for-decision/"
    assert client.post(url, {}, format="json").status_code == 400
    assert client.post(url, {"note": "Other rate"}, format="json").json()["status"] == S.RECOMMENDED


# --- the database: a loan always follows its decision (PostgreSQL trigger) ------------------------------


@pytest.mark.postgres
def test_postgresql_refuses_a_loan_off_its_decision():
    loan = contracted_loan(rate=Decimal("12.00"))
    for sql, value in (
        ("UPDATE financing_loan SET rate = %s WHERE id = %s", Decimal("11.00")),
        ("UPDATE financing_loan SET approved_amount = %s WHERE id = %s", Decimal("5000000001")),
    ):
        with (
            pytest.raises(IntegrityError, match="depart from decision"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [value, loan.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.filter(pk=loan.pk).update(rate=Decimal("17.99"))
    Loan.objects.filter(pk=loan.pk).update(approved_amount=Decimal(999))  # lowering is allowed
    loan.refresh_from_db()
    assert (loan.rate, loan.approved_amount) == (Decimal("12.00"), Decimal(999))
