"""List pages and API lists run a constant number of SQL queries, at 10 rows as at 100."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from financing import services
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.financing.factories import (
    RatePolicyFactory,
    approved_application,
    sheba,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def _contracted_and_disbursed(officer):
    """A loan in repayment, one instalment paid and one overdue, so every column of the pages has data."""
    loan = services.loan_contract(
        application=approved_application(rate=Decimal("12.00")),
        actor=officer,
        approved_amount=Decimal("1000000000"),
        rate=Decimal("12.00"),
        term_months=12,
        grace_months=2,
        first_due_date=timezone.localdate() + dt.timedelta(days=1),
        contracted_on=timezone.localdate() - dt.timedelta(days=60),
    )
    services.disbursement_record(
        loan=loan,
        actor=officer,
        amount=loan.approved_amount,
        disbursed_on=timezone.localdate(),
        bank_reference="B-1",
        destination_sheba=sheba(),
    )
    services.repayment_record(
        loan=loan, actor=officer, amount=Decimal("1000"), paid_on=timezone.localdate(), reference="R-1"
    )
    return loan


def _queries(get) -> int:
    get()  # warm the per-process caches (content types, permissions) first
    with CaptureQueriesContext(connection) as context:
        response = get()
    assert response.status_code == 200
    return len(context)


def test_review_queue_page(client, django_assert_num_queries):
    client.force_login(ReviewerFactory())
    url = reverse("financing:application_list")
    for _ in range(10):
        submitted_application()
    ten_rows = _queries(lambda: client.get(url))
    for _ in range(90):
        submitted_application()
    client.get(url)  # the new applications' notifications changed the unread count: count it once
    with django_assert_num_queries(ten_rows):
        response = client.get(url)
    assert response.context["page"].paginator.count == 100
    assert len(response.context["page"]) == 25


def test_loan_pages_and_api_lists(client, django_assert_num_queries):
    """One portfolio of 10, then 100 loans (slow to build), measured on every list that shows it."""
    officer = FundOfficerFactory()
    client.force_login(officer)
    api = APIClient()
    api.force_authenticate(officer)
    gets = {
        "loans page": lambda: client.get(reverse("financing:loan_list")),
        "portfolio page": lambda: client.get(reverse("financing:portfolio"), {"page_size": 100}),
        **{
            url: (lambda url=url: api.get(url))
            for url in (
                "/api/v1/loan-applications/",
                "/api/v1/loans/",
                "/api/v1/disbursements/",
                "/api/v1/repayments/",
            )
        },
    }
    for _ in range(10):
        _contracted_and_disbursed(officer)
    at_ten = {name: _queries(get) for name, get in gets.items()}
    for _ in range(90):
        _contracted_and_disbursed(officer)
    for name, get in gets.items():
        get()  # the new loans' notifications changed the unread count: count it once
        with django_assert_num_queries(at_ten[name]):
            response = get()
        if name == "portfolio page":
            assert len(response.context["rows"]) == 100
            assert response.context["totals"]["disbursed"] == Decimal("1000000000") * 100
        elif name == "loans page":
            assert response.context["page"].paginator.count == 100
        else:
            assert response.json()["count"] == 100, name


def test_portfolio_page_with_penalties_runs_the_same_queries_at_3_and_12_loans_in_arrears(
    client, django_assert_num_queries
):
    """Each loan in arrears is replayed for its penalty from prefetched rows: no query per loan."""
    officer = FundOfficerFactory()
    client.force_login(officer)
    today = timezone.localdate()
    RatePolicyFactory(
        cap=Decimal("17.50"), penalty_rate=Decimal("6.00"), effective_from=today - dt.timedelta(days=800)
    )

    def late_loan():
        loan = services.loan_contract(
            application=approved_application(rate=Decimal("12.00"), proposed_rate=Decimal("12.00")),
            actor=officer,
            approved_amount=Decimal("1000000000"),
            rate=Decimal("12.00"),
            term_months=12,
            grace_months=0,
            first_due_date=today - dt.timedelta(days=40),
            contracted_on=today - dt.timedelta(days=70),
        )
        services.disbursement_record(
            loan=loan,
            actor=officer,
            amount=loan.approved_amount,
            disbursed_on=today - dt.timedelta(days=70),
            bank_reference="B-1",
            destination_sheba=sheba(),
        )
        services.repayment_record(
            loan=loan,
            actor=officer,
            amount=Decimal("1000"),
            paid_on=today - dt.timedelta(days=5),
            reference="R",
        )

    url = reverse("financing:portfolio")
    for _ in range(3):
        late_loan()
    at_three = _queries(lambda: client.get(url))
    for _ in range(9):
        late_loan()
    client.get(url)  # the new loans' notifications changed the unread count: count it once
    with django_assert_num_queries(at_three):
        response = client.get(url)
    rows = response.context["rows"]
    assert len(rows) == 12 and all(row["days"] > 30 and row["penalty"] > 0 for row in rows)
    assert response.context["totals"]["penalty"] == sum(row["penalty"] for row in rows)
