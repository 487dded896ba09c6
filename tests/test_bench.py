"""The benchmark stays runnable: its data builder writes consistent rows, and each floor answers with
one query the rows the portal's list shows first."""

import pytest
from django.db.models import Sum
from django.test import Client, override_settings
from django.utils import timezone

from financing.choices import LoanStatus
from financing.models import Disbursement, Instalment, Loan, LoanApplication, Repayment
from financing.selectors import loan_replay
from mines.models import Mine, ProductionReport
from tests.bench_data import SCALES, fill
from tests.bench_site import floors
from tests.bench_site.middleware import HEADER
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]
TINY = SCALES["tiny"]


@pytest.fixture
def tiny(settings):
    OperatorFactory(username="operator")
    ReviewerFactory(username="reviewer")
    FundOfficerFactory(username="fund_officer")
    return fill(TINY, log=lambda line: None)


def test_the_builder_writes_the_scale_asked_for(tiny):
    assert Mine.objects.count() == TINY.mines
    assert Mine.objects.filter(operator__username="operator").count() == TINY.operator_mines
    assert LoanApplication.objects.count() == TINY.applications
    assert Loan.objects.count() == TINY.loans
    assert ProductionReport.objects.count() == TINY.report_mines * 5
    terms = sum(Loan.objects.values_list("term_months", flat=True))
    assert Instalment.objects.count() == terms
    assert tiny["repayments"] == Repayment.objects.count() > 0


def test_the_builder_writes_money_rows_that_agree(tiny):
    for loan in Loan.objects.all():
        disbursed = Disbursement.objects.filter(loan=loan).aggregate(total=Sum("amount"))["total"]
        assert disbursed == loan.approved_amount
        instalments = list(Instalment.objects.filter(loan=loan).order_by("number"))
        assert sum(i.principal for i in instalments) == loan.approved_amount
        assert all(i.amount == i.principal + i.interest for i in instalments)
        repaid = Repayment.objects.filter(loan=loan).aggregate(total=Sum("amount"))["total"] or 0
        assert repaid == sum(i.paid_amount for i in instalments)
        # Paid instalments come first, each by a repayment of its amount on its due date.
        paid = [i for i in instalments if i.paid_amount]
        assert [i.number for i in paid] == list(range(1, len(paid) + 1))
        payments = Repayment.objects.filter(loan=loan).order_by("paid_on")
        assert [(r.paid_on, r.amount) for r in payments] == [(i.due_date, i.amount) for i in paid]
        # The portal's own replay of the tranches and repayments gives the stored schedule, nothing late.
        state = loan_replay(loan, timezone.localdate())
        schedule = [state.rows[number] for number in sorted(state.rows)]
        assert [(r.number, r.due_date, r.principal, r.interest) for r in schedule] == [
            (i.number, i.due_date, i.principal, i.interest) for i in instalments
        ]
        assert [r.paid_principal + r.paid_interest for r in schedule] == [i.paid_amount for i in instalments]
        assert sum(r.penalty_due for r in schedule) == 0
        everything_paid = all(i.is_paid for i in instalments)
        assert (loan.status == LoanStatus.CLOSED) == everything_paid
        assert loan.application.status == loan.status


@pytest.fixture
def floor_client(settings):
    from tests.bench_site.middleware import QueryCountMiddleware

    middleware = f"{QueryCountMiddleware.__module__}.{QueryCountMiddleware.__name__}"
    with override_settings(
        ROOT_URLCONF="tests.bench_site.urls", MIDDLEWARE=[middleware, *settings.MIDDLEWARE]
    ):
        yield Client()


def test_every_floor_answers_with_one_query(tiny, floor_client):
    mine = Mine.objects.order_by("pk")[5]
    loan = Loan.objects.order_by("pk").first()
    for floor in floors.FLOORS:
        response = floor_client.get(
            f"/bench-floor/{floor.name}/", {"pk": mine.pk if floor.name == "mine" else loan.pk}
        )
        assert response.status_code == 200, floor.name
        assert response[HEADER] == "1", (floor.name, response[HEADER])


def test_the_mine_floor_shows_the_mine_list_first_page(tiny, floor_client):
    response = floor_client.get("/bench-floor/api-mines/", {"page_size": 10})
    data = response.json()
    assert data["count"] == Mine.objects.count()
    assert [row["id"] for row in data["results"]] == list(Mine.objects.values_list("pk", flat=True)[:10])


def test_the_repayment_floor_shows_the_api_first_page(tiny, floor_client):
    response = floor_client.get("/bench-floor/api-repayments/", {"page_size": 100})
    data = response.json()
    assert data["count"] == Repayment.objects.count()
    assert [row["id"] for row in data["results"]] == list(
        Repayment.objects.values_list("pk", flat=True)[:100]
    )


def test_the_portfolio_floor_counts_the_active_loans(tiny, floor_client):
    response = floor_client.get("/bench-floor/portfolio/")
    buckets = response.content.decode().count("<td>bucket</td>")
    assert buckets >= 1
    active = Loan.objects.exclude(status=LoanStatus.CLOSED).count()
    cells = response.content.decode().split("<td>bucket</td>")[1:]
    counted = sum(int(cell.split("<td>")[2].split("</td>")[0]) for cell in cells)
    assert counted == active
