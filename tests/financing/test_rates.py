"""The strict 18 % cap, proven at each of its four guards: form, serializer, service, database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from financing import services
from financing.api.serializers import LoanApplicationSerializer
from financing.forms import ApplicationTermsForm, ContractForm
from financing.models import Loan, LoanApplication
from financing.rates import rate_cap, validate_rate
from tests.financing.factories import (
    LoanApplicationFactory,
    RatePolicyFactory,
    approved_application,
    contracted_loan,
)

ACCEPTED = ["17.99", "0", "0.00", "9.5"]
REFUSED = ["18.00", "18", "18.5", "-1", "-0.01", "100"]


def terms_form(rate):
    data = {"purpose": "Loader", "term_months": 24, "grace_months": 6, "proposed_rate": rate}
    return ApplicationTermsForm(data=data, instance=LoanApplicationFactory.build())


@pytest.mark.django_db
@pytest.mark.parametrize("rate", ACCEPTED)
def test_form_accepts_rates_under_the_cap(rate):
    assert terms_form(rate).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize("rate", REFUSED)
def test_form_refuses_18_and_more_and_negative_rates(rate):
    form = terms_form(rate)
    assert not form.is_valid()
    assert "proposed_rate" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("rate", "ok"), [("17.99", True), ("18.00", False), ("18.5", False), ("-1", False)])
def test_contract_form_applies_the_same_cap(rate, ok):
    application = LoanApplicationFactory()
    data = {
        "approved_amount": "1000",
        "rate": rate,
        "term_months": 12,
        "grace_months": 0,
        "first_due_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    form = ContractForm(data=data, application=application)
    assert form.is_valid() is ok
    assert ("rate" in form.errors) is not ok


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rate", "status"), [("17.99", 201), ("0", 201), ("18.00", 400), ("18.5", 400), ("-1", 400)]
)
def test_api_create_accepts_only_rates_under_the_cap(rate, status):
    application = LoanApplicationFactory.build()
    mine = LoanApplicationFactory().mine
    client = APIClient()
    client.force_authenticate(mine.operator)
    response = client.post(
        "/api/v1/loan-applications/",
        {
            "mine": mine.pk,
            "amount_requested": "1000000",
            "purpose": application.purpose,
            "term_months": 12,
            "grace_months": 0,
            "proposed_rate": rate,
        },
        format="json",
    )
    assert response.status_code == status, response.content
    if status == 400:
        assert "proposed_rate" in response.json()
        assert LoanApplication.objects.filter(mine=mine).count() == 1  # only the factory's one


@pytest.mark.django_db
@pytest.mark.parametrize("rate", ["18.00", "18.5", "-1"])
def test_service_refuses_rates_on_create_and_update(rate):
    draft = LoanApplicationFactory()
    with pytest.raises(ValidationError) as error:
        services.loan_application_create(
            applicant=draft.applicant,
            mine=draft.mine,
            amount_requested=Decimal(1000),
            proposed_rate=Decimal(rate),
        )
    assert "proposed_rate" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.loan_application_update(
            application=draft, actor=draft.applicant, proposed_rate=Decimal(rate)
        )
    draft.refresh_from_db()
    assert draft.proposed_rate == Decimal("17.99")


@pytest.mark.django_db
def test_service_accepts_17_99_and_zero():
    draft = LoanApplicationFactory()
    for rate in ("17.99", "0"):
        services.loan_application_update(
            application=draft, actor=draft.applicant, proposed_rate=Decimal(rate)
        )
        draft.refresh_from_db()
        assert draft.proposed_rate == Decimal(rate)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rate", "ok"), [("17.99", True), ("0", True), ("18.00", False), ("18.5", False), ("-1", False)]
)
def test_contract_service_applies_the_cap(fund_officer, rate, ok):
    # A cap-abiding rate is contracted as decided; the others could not have been decided either.
    application = approved_application(rate=Decimal(rate) if ok else None)
    terms = {
        "approved_amount": Decimal(1000),
        "rate": Decimal(rate),
        "term_months": 12,
        "grace_months": 0,
        "first_due_date": timezone.localdate() + dt.timedelta(days=30),
    }
    if ok:
        loan = services.loan_contract(application=application, actor=fund_officer, **terms)
        assert loan.rate == Decimal(rate)
    else:
        with pytest.raises(ValidationError) as error:
            services.loan_contract(application=application, actor=fund_officer, **terms)
        assert "rate" in error.value.message_dict
        assert not Loan.objects.exists()


@pytest.mark.django_db
def test_policy_cap_in_force_on_the_contract_date_applies(fund_officer):
    RatePolicyFactory(cap=Decimal("15.00"))
    application = approved_application(proposed_rate=Decimal("14.00"), rate=Decimal("14.99"))
    with pytest.raises(ValidationError):
        services.loan_contract(
            application=application,
            actor=fund_officer,
            approved_amount=Decimal(1000),
            rate=Decimal("15.00"),
            term_months=12,
            grace_months=0,
            first_due_date=timezone.localdate() + dt.timedelta(days=30),
        )
    loan = services.loan_contract(
        application=application,
        actor=fund_officer,
        approved_amount=Decimal(1000),
        rate=Decimal("14.99"),
        term_months=12,
        grace_months=0,
        first_due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    assert loan.rate_policy.cap == Decimal("15.00")


@pytest.mark.django_db
def test_policies_out_of_force_do_not_apply():
    today = timezone.localdate()
    RatePolicyFactory(
        cap=Decimal("10.00"),
        effective_from=today - dt.timedelta(days=60),
        effective_to=today - dt.timedelta(days=1),
    )
    RatePolicyFactory(cap=Decimal("11.00"), effective_from=today + dt.timedelta(days=1))
    assert rate_cap(today) == Decimal("18.00")
    validate_rate("17.99", today, check_policy=True)
    assert rate_cap(today - dt.timedelta(days=5)) == Decimal("10.00")


@pytest.mark.django_db
def test_rate_policy_cap_itself_must_be_under_18():
    policy = RatePolicyFactory.build(cap=Decimal("18.00"))
    with pytest.raises(ValidationError):
        policy.full_clean()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_refuses_rate_18_on_applications_and_loans():
    contracted_loan()
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanApplication.objects.update(proposed_rate=18)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanApplication.objects.update(proposed_rate=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.update(rate=18)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.update(rate=Decimal("18.50"))
    LoanApplication.objects.update(proposed_rate=Decimal("17.99"))
    assert LoanApplication.objects.get().proposed_rate == Decimal("17.99")
    Loan.objects.update(rate=Decimal("12.00"))  # the decided rate (another one: see test_decided_terms)
    assert Loan.objects.get().rate == Decimal("12.00")


@pytest.mark.django_db
def test_database_constraint_also_holds_on_sqlite():
    LoanApplicationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanApplication.objects.update(proposed_rate=18)


RATES = st.decimals(
    min_value=Decimal("-30"), max_value=Decimal("40"), places=2, allow_nan=False, allow_infinity=False
)


@pytest.mark.django_db
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rate=st.one_of(
        RATES, st.sampled_from([Decimal(x) for x in ("17.49", "17.50", "17.99", "18.00", "0", "-0.01")])
    )
)
def test_serializer_accepts_exactly_rates_from_zero_to_below_the_cap(rate):
    if not RatePolicyFactory._meta.model.objects.exists():
        RatePolicyFactory(cap=Decimal("17.50"))
    serializer = LoanApplicationSerializer(data={"proposed_rate": str(rate)}, partial=True)
    accepted = serializer.is_valid() or "proposed_rate" not in serializer.errors
    assert accepted is (Decimal(0) <= rate < Decimal("17.50")), (rate, serializer.errors)


@pytest.mark.django_db
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rate=RATES)
def test_serializer_without_policy_accepts_exactly_rates_below_18(rate):
    serializer = LoanApplicationSerializer(data={"proposed_rate": str(rate)}, partial=True)
    accepted = serializer.is_valid() or "proposed_rate" not in serializer.errors
    assert accepted is (Decimal(0) <= rate < Decimal("18.00")), (rate, serializer.errors)
