"""API lists: a list serialised by its plan (``revival_portal.core.api_lists``) answers what DRF's own
field-by-field path answers for the same rows, and a list's row equals the same object's detail."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.test import APIClient

from financing.api.serializers import (
    ApplicationEventSerializer,
    DisbursementSerializer,
    InstalmentSerializer,
    LoanApplicationSerializer,
    RepaymentSerializer,
)
from financing.models import ApplicationEvent, Disbursement, LoanApplication, Repayment
from financing.selectors import current_schedules
from mines.api.serializers import MineSerializer, ProductionReportSerializer
from mines.models import Mine, ProductionReport
from revival_portal.core.api_lists import PlannedListSerializer
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import TODAY, old_loan, repay, submitted_application, tranche
from tests.mines.factories import MineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


def _drf(serializer_class, rows, **kwargs):
    """DRF's own representation of ``rows``, one row at a time."""
    return [serializer_class(row, **kwargs).to_representation(row) for row in rows]


def _planned(serializer_class, rows, **kwargs):
    many = serializer_class(rows, many=True, **kwargs)
    assert isinstance(many, PlannedListSerializer)
    return many.data


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def portfolio():
    """Mines with other minerals, reports, applications with events, and a serviced loan."""
    officer = FundOfficerFactory()
    mine = MineFactory(proven_reserve_tonnes=None)
    mine.other_minerals.set([mineral("iron"), mineral("copper")])
    MineFactory(annual_output_tonnes=Decimal("1250.5"))
    ProductionReportFactory(mine=mine)
    submitted_application()
    loan = old_loan(officer, months_ago=4, term=12, grace=2)
    tranche(loan, officer, 2_500_000_000, TODAY - dt.timedelta(days=100))
    repay(loan, officer, 150_000_000, TODAY - dt.timedelta(days=20))
    return loan


def test_a_planned_list_answers_what_drf_answers_row_by_row(portfolio):
    mines = list(Mine.objects.select_related("operator").prefetch_related("other_minerals"))
    assert _planned(MineSerializer, mines) == _drf(MineSerializer, mines)
    reports = list(ProductionReport.objects.all())
    assert _planned(ProductionReportSerializer, reports) == _drf(ProductionReportSerializer, reports)
    events = list(ApplicationEvent.objects.select_related("actor"))
    assert _planned(ApplicationEventSerializer, events) == _drf(ApplicationEventSerializer, events)
    for serializer_class, model in ((DisbursementSerializer, Disbursement), (RepaymentSerializer, Repayment)):
        rows = list(model.objects.all())
        assert rows
        assert _planned(serializer_class, rows) == _drf(serializer_class, rows)


def test_instalments_from_plain_rows_are_the_instalments_of_the_model(portfolio):
    rows = current_schedules(loan_ids=[portfolio.pk])[portfolio.pk]
    instalments = list(portfolio.instalments.all())
    assert [row["number"] for row in rows] == [instalment.number for instalment in instalments]
    planned = InstalmentSerializer(many=True).to_representation(rows)
    expected = [
        {
            "number": instalment.number,
            "due_date": instalment.due_date.isoformat(),
            "principal": str(instalment.principal),
            "interest": str(instalment.interest),
            "amount": str(instalment.amount),
            "paid_amount": str(instalment.paid_amount),
            "days_past_due": instalment.days_past_due(),
        }
        for instalment in instalments
    ]
    assert planned == expected
    assert any(row["days_past_due"] > 0 for row in planned)  # the loan is late: the rule is exercised
    assert any(row["paid_amount"] != "0" for row in planned)


def test_a_decimal_without_the_fields_places_is_formatted_by_drf():
    class Figures(serializers.Serializer):
        tonnes = serializers.DecimalField(max_digits=14, decimal_places=2)
        rials = serializers.DecimalField(max_digits=20, decimal_places=0)

    rows = [
        {"tonnes": Decimal("12.5"), "rials": Decimal("1E+3")},
        {"tonnes": Decimal("12.345"), "rials": Decimal("7.0")},
        {"tonnes": Decimal("3"), "rials": Decimal("-0")},
        {"tonnes": None, "rials": Decimal("120")},
        {"tonnes": Decimal("-0.50"), "rials": Decimal("-999999999999999999")},
        {"tonnes": Decimal("1.00"), "rials": Decimal("5E-0")},
        {"tonnes": Decimal("2.0E+1"), "rials": Decimal("0.4")},
    ]
    planned = PlannedListSerializer(child=Figures()).to_representation(rows)
    assert planned == [Figures().to_representation(row) for row in rows]
    assert planned[0] == {"tonnes": "12.50", "rials": "1000"}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "tonnes": st.decimals(min_value=-(10**11), max_value=10**11, places=3, allow_nan=False),
                # Whole rials come as Decimals from the models and as integers from some selectors.
                "rials": st.one_of(
                    st.decimals(min_value=-(10**17), max_value=10**17, allow_nan=False, allow_infinity=False),
                    st.integers(min_value=-(10**18), max_value=10**18),
                ),
                "rate": st.decimals(min_value=0, max_value=99, places=2, allow_nan=False),
            }
        ),
        max_size=5,
    )
)
def test_any_decimal_is_written_as_drf_writes_it(rows):
    class Figures(serializers.Serializer):
        tonnes = serializers.DecimalField(max_digits=14, decimal_places=2)
        rials = serializers.DecimalField(max_digits=30, decimal_places=0)
        rate = serializers.DecimalField(max_digits=5, decimal_places=2)

    assert PlannedListSerializer(child=Figures()).to_representation(rows) == [
        Figures().to_representation(row) for row in rows
    ]


def test_the_lists_rows_equal_the_details(portfolio):
    officer, reviewer = FundOfficerFactory(), ReviewerFactory()
    loans = _api(officer).get("/api/v1/loans/").json()["results"]
    assert loans == [_api(officer).get(f"/api/v1/loans/{loan['id']}/").json() for loan in loans]
    assert loans[0]["instalments"] and loans[0]["schedule_versions"]
    applications = _api(reviewer).get("/api/v1/loan-applications/").json()["results"]
    assert applications == [
        _api(reviewer).get(f"/api/v1/loan-applications/{a['id']}/").json() for a in applications
    ]
    assert all(application["events"] for application in applications)
    mines = _api(reviewer).get("/api/v1/mines/").json()["results"]
    assert mines == [_api(reviewer).get(f"/api/v1/mines/{mine['id']}/").json() for mine in mines]
    assert sorted(len(mine["other_minerals"]) for mine in mines)[-1] == 2


def test_an_application_list_answers_what_drf_answers(portfolio, rf):
    reviewer = ReviewerFactory()
    request = rf.get("/")
    request.user = reviewer
    applications = list(LoanApplicationSerializer.Meta.model.objects.select_related("applicant"))
    planned = _planned(LoanApplicationSerializer, applications, context={"request": request})
    assert planned == _drf(LoanApplicationSerializer, applications, context={"request": request})


def test_a_page_and_its_count_come_in_one_query(portfolio, django_assert_num_queries):
    officer = _api(FundOfficerFactory())
    officer.get("/api/v1/repayments/")  # the first request fills the caches
    for _ in range(4):
        repay(portfolio, FundOfficerFactory(), 1_000_000, TODAY - dt.timedelta(days=10))
    total = Repayment.objects.count()
    with django_assert_num_queries(1):  # no session (forced authentication): the page with its count
        first = officer.get("/api/v1/repayments/", {"page_size": 2}).json()
    assert first["count"] == total and len(first["results"]) == 2 and first["previous"] is None
    last = officer.get("/api/v1/repayments/", {"page_size": 2, "page": "last"}).json()
    assert last["count"] == total and last["next"] is None
    assert [row["id"] for row in last["results"]] == [r.pk for r in Repayment.objects.all()][
        -len(last["results"]) :
    ]
    assert officer.get("/api/v1/repayments/", {"page_size": 2, "page": 99}).status_code == 404
    assert officer.get("/api/v1/repayments/", {"page": "x"}).status_code == 404
    operator = _api(OperatorFactory())  # sees no repayment: the count comes from its own query
    assert operator.get("/api/v1/repayments/").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert operator.get("/api/v1/repayments/", {"page": 2}).status_code == 404


class _ApplicationWithEvents(serializers.ModelSerializer):
    events = ApplicationEventSerializer(many=True, read_only=True)

    class Meta:
        model = LoanApplication
        fields = ["id", "events"]
        list_serializer_class = PlannedListSerializer


class _MineWithoutLoadRows(MineSerializer):
    load_rows = None


@pytest.mark.parametrize("prefetch", [True, False], ids=["prefetched", "not prefetched"])
def test_nested_lists_and_many_relations_answer_what_drf_answers(portfolio, prefetch):
    applications = LoanApplication.objects.order_by("pk")
    mines = Mine.objects.select_related("operator").order_by("pk")
    if prefetch:
        applications, mines = (
            applications.prefetch_related("events__actor"),
            mines.prefetch_related("other_minerals"),
        )
    applications, mines = list(applications), list(mines)
    assert _planned(_ApplicationWithEvents, applications) == _drf(_ApplicationWithEvents, applications)
    assert _planned(_MineWithoutLoadRows, mines) == _drf(_MineWithoutLoadRows, mines)
    assert any(row["events"] for row in _planned(_ApplicationWithEvents, applications))
