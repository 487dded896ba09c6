"""The benchmark stays runnable: its data builder writes consistent rows, and each floor answers with
one query the rows the portal's list shows first."""

import pytest
from django.db.models import Sum
from django.test import Client, override_settings
from django.utils import timezone

from financing.balances import STORED, loans_as_of
from financing.choices import LoanStatus
from financing.models import (
    Decision,
    Disbursement,
    Instalment,
    Loan,
    LoanApplication,
    Repayment,
)
from financing.selectors import loan_replay, penalty_due
from mines.models import Mine, ProductionReport
from revival_portal.reports.selectors.history import rows_as_of
from tests.bench_data import SCALES, fill
from tests.bench_site import floors
from tests.bench_site.middleware import QUERIES_HEADER
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
        # Every payment was on time: no penalty paid, and only the instalments still unpaid owe one.
        assert sum(r.penalty_paid for r in schedule) == 0
        assert sum(r.penalty_due for r in schedule if r.remaining == 0) == 0
        everything_paid = all(i.is_paid for i in instalments)
        assert (loan.status == LoanStatus.CLOSED) == everything_paid
        assert loan.application.status == loan.status


def test_the_builder_writes_the_running_balances_the_portal_computes(tiny):
    today = timezone.localdate()
    computed = {loan.pk: loan for loan in loans_as_of(today)}
    assert computed
    for loan in Loan.objects.all():
        state = loan_replay(loan)
        # Each repayment's parts are the replay's split of it, and add up to its amount.
        split = {
            line.ref.pk: (-line.principal, line.interest, line.penalty)
            for line in state.lines
            if line.kind == "repayment"
        }
        for repayment in Repayment.objects.filter(loan=loan):
            parts = (repayment.principal_part, repayment.interest_part, repayment.penalty_part)
            assert parts == split[repayment.pk]
            assert sum(parts) == repayment.amount
        running = 0
        for instalment in Instalment.objects.filter(loan=loan).order_by("number"):
            running += instalment.amount
            assert instalment.cumulative_amount == running
        assert loan.closed_on == (state.on if loan.status == LoanStatus.CLOSED else None)
        assert loan.balance_as_of == today
        assert loan.balance_penalty_due == penalty_due(loan, today)
        if loan.status == LoanStatus.CLOSED:
            assert loan.pk not in computed
            assert loan.balance_principal_outstanding == loan.balance_overdue_amount == 0
            continue
        assert {name: getattr(loan, column) for name, column in STORED.items() if name != "penalty"} == {
            name: getattr(computed[loan.pk], name) for name in ("outstanding", "overdue", "days_past_due")
        }
    # Some loans are in arrears, some are closed: the figures compared are not all zero.
    assert Loan.objects.filter(balance_days_past_due__gt=0).exists()
    assert Loan.objects.filter(status=LoanStatus.CLOSED).exists()


def test_the_builder_writes_the_history_the_reports_read(tiny):
    now = timezone.now()
    for model in (
        Mine,
        ProductionReport,
        LoanApplication,
        Decision,
        Loan,
        Instalment,
        Disbursement,
        Repayment,
    ):
        created = model.history.model.objects.filter(history_type="+")
        assert created.count() == model._base_manager.count(), model.__name__
        assert rows_as_of(model, now).count() == model._base_manager.count(), model.__name__
    # A mine counts from the moment it was registered.
    middle = Mine.objects.order_by("created_at")[TINY.mines // 2]
    before = rows_as_of(Mine, middle.created_at)
    assert before.count() == Mine.objects.filter(created_at__lt=middle.created_at).count()
    assert set(before.values_list("id", flat=True)) == set(
        Mine.objects.filter(created_at__lt=middle.created_at).values_list("pk", flat=True)
    )
    # The other minerals are in the mine's first history row.
    mine = Mine.objects.filter(other_minerals__isnull=False).first()
    first = mine.history.earliest("history_date")
    assert set(first.other_minerals.values_list("mineral_id", flat=True)) == set(
        mine.other_minerals.values_list("pk", flat=True)
    )
    # An application is a draft when created and has its present state afterwards.
    application = LoanApplication.objects.exclude(status="draft").first()
    states = list(application.history.order_by("history_date").values_list("status", flat=True))
    assert states == ["draft", application.status]
    closed = Loan.objects.filter(status=LoanStatus.CLOSED).first()
    loan_states = list(closed.history.order_by("history_date").values_list("status", "closed_on"))
    assert loan_states == [(LoanStatus.REPAYING, None), (LoanStatus.CLOSED, closed.closed_on)]


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
        assert response[QUERIES_HEADER] == "1", (floor.name, response[QUERIES_HEADER])


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
