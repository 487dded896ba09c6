"""The loan demo: besides loans in every state and in arrears, a touring user finds a cancelled remainder,
a waived penalty and a prepayment, each recorded through the services; seeding twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from financing.choices import LoanStatus, ScheduleVersionReason
from financing.models import Loan, PenaltyWaiver, RemainderCancellation, Repayment, ScheduleVersion
from financing.selectors import loan_replay, portfolio_loans, portfolio_rows, portfolio_summary
from revival_portal.accounts.models import User
from tests.factories import signed_in

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Loan, Repayment, RemainderCancellation, PenaltyWaiver, ScheduleVersion)
    }


def test_seed_demo_has_a_cancellation_a_waiver_and_a_prepayment_once():
    call_command("seed_demo", stdout=io.StringIO())

    cancellation = RemainderCancellation.objects.get()
    cancelled = cancellation.loan
    assert cancellation.reason and cancellation.amount > 0
    assert cancelled.status == LoanStatus.REPAYING
    state = loan_replay(cancelled)
    assert state.disbursed + state.cancelled == cancelled.approved_amount
    assert sum(row.principal for row in state.schedule()) == state.disbursed

    waiver = PenaltyWaiver.objects.get()
    assert waiver.reason and waiver.amount > 0
    assert loan_replay(waiver.loan).rows[waiver.instalment_number].penalty_waived == waiver.amount

    prepayment = ScheduleVersion.objects.get(reason=ScheduleVersionReason.PREPAYMENT)
    prepaid = prepayment.loan
    paid = prepaid.repayments.aggregate(total=Sum("amount"))["total"]
    due = sum(
        row.amount for row in loan_replay(prepaid).schedule() if row.due_date <= prepayment.effective_on
    )
    assert paid > due  # more than what had fallen due: principal paid ahead

    officer = User.objects.get(username="fund_officer")
    summary = portfolio_summary(officer)
    every_row = portfolio_rows(portfolio_loans(officer)[0], summary["on"])
    rows = {row["loan"].pk: row for row in every_row}
    assert rows[waiver.loan.pk]["days"] > 30 and rows[waiver.loan.pk]["penalty"] > 0
    assert summary["totals"]["penalty"] == sum(row["penalty"] for row in every_row) > 0
    client = signed_in(officer, "fa")
    for loan in (cancelled, waiver.loan, prepaid):
        assert client.get(loan.get_absolute_url()).status_code == 200
    assert client.get("/financing/portfolio/").status_code == 200

    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "nothing was changed" in out.getvalue()
    assert _counts() == before
