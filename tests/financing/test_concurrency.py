"""Races on PostgreSQL: one decision out of twenty requests; tranches never exceed the approved amount."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from financing.choices import ApplicationStatus
from financing.models import ApplicationEvent, Decision, Disbursement, Loan
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.financing.factories import contracted_loan, recommended_application, sheba

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(users_and_calls, workers):
    """Run every call on its own thread at once (a barrier lines them up); return the status codes."""
    barrier = threading.Barrier(min(workers, len(users_and_calls)))

    def run(item):
        user, call = item
        try:
            client = APIClient()
            client.force_authenticate(user)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=10)
            return call(client).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, users_and_calls))


def test_twenty_concurrent_decisions_make_exactly_one():
    application = recommended_application()
    deciders = [ReviewerFactory() for _ in range(20)]
    url = f"/api/v1/loan-applications/{application.pk}/decide/"
    calls = [
        (user, lambda c: c.post(url, {"outcome": "approved", "note": "ok"}, format="json"))
        for user in deciders
    ]

    codes = race(calls, workers=20)

    assert sorted(codes) == [201] + [409] * 19
    assert Decision.objects.filter(application=application).count() == 1
    assert (
        ApplicationEvent.objects.filter(application=application, to_state=ApplicationStatus.APPROVED).count()
        == 1
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


@pytest.mark.parametrize("round_number", range(3))
def test_fifty_concurrent_disbursements_never_exceed_the_approved_amount(round_number):
    approved = Decimal(1_000_000)
    loan = contracted_loan(amount=approved)
    officer = FundOfficerFactory()
    url = f"/api/v1/loans/{loan.pk}/disburse/"
    # Fifty tranches of 30 000 to 70 000 rials: about half of them fit into the approved amount.
    amounts = [30_000 + (i * 7919 + round_number * 104_729) % 40_001 for i in range(50)]
    calls = [
        (
            officer,
            lambda c, amount=amount: c.post(
                url,
                {
                    "amount": amount,
                    "disbursed_on": timezone.localdate().isoformat(),
                    "bank_reference": f"T{amount}",
                    "destination_sheba": sheba(),
                },
                format="json",
            ),
        )
        for amount in amounts
    ]

    codes = race(calls, workers=10)

    assert set(codes) <= {201, 400, 409}
    total = sum(d.amount for d in Disbursement.objects.filter(loan=loan))
    assert total <= approved
    assert codes.count(201) == Disbursement.objects.filter(loan=loan).count() > 10
    loan.refresh_from_db()
    assert loan.status in ("disbursing", "repaying")
    assert (loan.status == "repaying") is (total == approved)
    assert Loan.objects.get(pk=loan.pk).approved_amount == approved


def test_twenty_concurrent_repayments_add_up_and_never_overpay():
    from financing import services
    from financing.models import Repayment
    from financing.schedule import add_jalali_months
    from financing.selectors import loan_replay

    today = timezone.localdate()
    loan = contracted_loan(
        amount=Decimal(1_000_000),
        contracted_on=add_jalali_months(today, -3),
        first_due_date=add_jalali_months(today, -2),
        grace_months=0,
        proposed_rate=Decimal("12.00"),
    )
    services.disbursement_record(
        loan=loan,
        actor=loan.contracted_by,
        amount=Decimal(1_000_000),
        disbursed_on=timezone.localdate(loan.contracted_at),
        bank_reference="B",
        destination_sheba=sheba(),
    )
    payoff = loan_replay(loan, today).payoff_quote()["total"]
    officer = FundOfficerFactory()
    url = f"/api/v1/loans/{loan.pk}/repay/"
    amount = payoff // 12  # twenty payments of a twelfth: only about twelve fit
    calls = [
        (
            officer,
            lambda c, i=i: c.post(
                url,
                {"amount": str(amount), "paid_on": today.isoformat(), "reference": f"R{i}"},
                format="json",
            ),
        )
        for i in range(20)
    ]

    codes = race(calls, workers=10)

    assert set(codes) <= {201, 400, 409}
    repayments = Repayment.objects.filter(loan=loan)
    assert codes.count(201) == repayments.count() >= 12
    received = sum(r.amount for r in repayments)
    assert received <= payoff
    state = loan_replay(loan)
    allocated = sum(
        (line.penalty + line.interest - line.principal for line in state.lines if line.kind == "repayment"),
        Decimal(0),
    )
    assert allocated == received
    stored = sum(i.paid_amount + i.penalty_paid for i in loan.instalments.all())
    assert stored == received
    assert all(i.paid_amount <= i.amount for i in loan.instalments.all())
    assert state.outstanding_principal >= 0
