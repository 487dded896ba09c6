"""Running balances: the stored columns and the as-of SQL equal the full servicing replay, the services
write them in their own transaction, and the nightly refresh never overwrites a newer movement."""

import datetime as dt
import threading
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from financing import services, servicing
from financing.balances import balances_refresh, balances_store, loans_as_of, loans_current
from financing.choices import LoanStatus
from financing.models import Loan, Repayment
from financing.schedule import add_jalali_months
from financing.selectors import loan_movements, loan_replay, loan_terms
from financing.services.servicing import repayment_limit
from financing.tasks import loan_balances_refresh
from revival_portal.exceptions import TransitionNotAllowed
from tests.factories import FundOfficerFactory
from tests.financing.factories import TODAY, RatePolicyFactory, old_loan, repay, tranche

ZERO = Decimal(0)


@pytest.fixture
def penalty_policy(db):
    return RatePolicyFactory(
        cap=Decimal("17.50"), penalty_rate=Decimal("6.00"), effective_from=TODAY - dt.timedelta(days=900)
    )


def reference(loan, on):
    """The full recomputation: the servicing replay of the rows dated on or before ``on``."""
    movements = [movement for movement in loan_movements(loan) if movement.on <= on]
    state = servicing.replay(loan_terms(loan), movements, on=on)
    late = [row for row in state.rows.values() if row.due_date < on and row.remaining > 0]
    return {
        "outstanding": state.outstanding_principal,
        "overdue": sum((row.remaining for row in late), ZERO),
        "days_past_due": max(((on - row.due_date).days for row in late), default=0),
        "penalty": sum((row.penalty_due for row in state.rows.values()), ZERO),
    }


def stored(loan):
    loan.refresh_from_db()
    return {
        "outstanding": loan.balance_principal_outstanding,
        "overdue": loan.balance_overdue_amount,
        "days_past_due": loan.balance_days_past_due,
        "penalty": loan.balance_penalty_due,
    }


def as_of(loan, on):
    """The set-based figures of ``loan`` on ``on`` (None when it was not active that day)."""
    row = loans_as_of(on, Loan.objects.filter(pk=loan.pk)).values("outstanding", "overdue", "days_past_due")
    return row.first()


STEP = st.one_of(
    st.tuples(st.just("tranche"), st.integers(0, 40), st.integers(1, 1_500_000_000)),
    st.tuples(st.just("payment"), st.integers(0, 60), st.integers(1, 600_000_000)),
    st.tuples(st.just("payoff"), st.integers(0, 60), st.just(0)),
    st.tuples(st.just("cancellation"), st.integers(0, 60), st.just(0)),
    st.tuples(st.just("waiver"), st.integers(0, 60), st.integers(1, 5_000_000)),
)
MODE = st.sampled_from(["lower_instalment", "shorter_term"])


def _apply(loan, officer, kind, day, amount, mode):
    """One movement through the services; a movement the services refuse is skipped."""
    try:
        if kind == "tranche":
            tranche(loan, officer, min(Decimal(amount), loan.undisbursed), day)
        elif kind == "cancellation":
            services.remainder_cancel(loan=loan, actor=officer, cancelled_on=day, reason="No more equipment.")
        elif kind == "waiver":
            state = loan_replay(loan, day)
            late = [row for row in state.rows.values() if row.penalty_due > 0]
            if late:
                services.penalty_waive(
                    loan=loan,
                    actor=officer,
                    instalment_number=late[0].number,
                    amount=min(Decimal(amount), late[0].penalty_due),
                    waived_on=day,
                    reason="Drought",
                )
        else:
            limit = repayment_limit(loan, day)
            paid = limit if kind == "payoff" else min(Decimal(amount), limit)
            if paid > 0:
                repay(loan, officer, paid, day, mode)
    except (ValidationError, TransitionNotAllowed):
        pass


@pytest.mark.postgres
@pytest.mark.django_db
@settings(
    max_examples=6,
    deadline=None,
    # Each example builds a loan through the services: generate, do not spend minutes shrinking.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(STEP, MODE), min_size=1, max_size=9), probes=st.lists(st.integers(0, 500)))
def test_stored_and_as_of_balances_equal_the_full_replay(fund_officer, penalty_policy, steps, probes):
    loan = old_loan(fund_officer, amount=2_000_000_000, months_ago=16, term=12, grace=1)
    contract_day = timezone.localdate(loan.contracted_at)
    day = contract_day
    for (kind, gap, amount), mode in steps:
        day = min(day + dt.timedelta(days=gap), TODAY)
        _apply(loan, fund_officer, kind, day, amount, mode)
        loan.refresh_from_db()
        # Stored by the service in its transaction: today's figures, no nightly run needed.
        assert loan.balance_as_of == TODAY
        assert stored(loan) == reference(loan, TODAY)
    # Repayment parts add up to each payment.
    for repayment in Repayment.objects.filter(loan=loan):
        assert repayment.principal_part + repayment.interest_part + repayment.penalty_part == repayment.amount
    # The set-based as-of figures on the movement days, the days around them and random days.
    dates = {contract_day - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=45)}
    for movement in loan_movements(loan):
        dates |= {movement.on - dt.timedelta(days=1), movement.on, movement.on + dt.timedelta(days=1)}
    dates |= {contract_day + dt.timedelta(days=offset) for offset in probes}
    for on in sorted(dates):
        figures = as_of(loan, on)
        expected = reference(loan, on)
        if on < contract_day or (loan.closed_on is not None and on >= loan.closed_on):
            assert figures is None, on
            continue
        expected.pop("penalty")
        assert figures == expected, on
    # The nightly refresh for a later day gives the replay of that day too.
    later = TODAY + dt.timedelta(days=45)
    balances_refresh(later)
    if loan.status != LoanStatus.CLOSED:
        assert stored(loan) == reference(loan, later)
        assert loan.balance_as_of == later


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_failing_movement_leaves_the_balances_as_they_were(fund_officer):
    """The balances are written in the service's transaction: when the service fails after writing them,
    the repayment and the new balances are rolled back together."""
    loan = old_loan(fund_officer, amount=1_000_000_000, months_ago=5, term=12, grace=0)
    tranche(loan, fund_officer, 1_000_000_000, timezone.localdate(loan.contracted_at))
    before = stored(loan)
    assert before["days_past_due"] > 0 and before["overdue"] > 0
    due = loan_replay(loan, TODAY).due_now()
    with (
        mock.patch("financing.services.servicing._notify", side_effect=RuntimeError("mail server down")),
        pytest.raises(RuntimeError),
    ):
        repay(loan, fund_officer, due, TODAY)
    assert not Repayment.objects.filter(loan=loan).exists()
    assert stored(loan) == before
    repay(loan, fund_officer, due, TODAY)
    after = stored(loan)
    assert after["days_past_due"] == 0 and after["overdue"] == 0 and after == reference(loan, TODAY)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_nightly_refresh_counts_the_days_that_passed_and_runs_once(fund_officer, penalty_policy):
    loan = old_loan(fund_officer, amount=1_000_000_000, months_ago=3, term=12, grace=0)
    tranche(loan, fund_officer, 1_000_000_000, timezone.localdate(loan.contracted_at))
    yesterday = TODAY - dt.timedelta(days=1)
    balances_store(Loan.objects.filter(pk=loan.pk), yesterday)
    Loan.objects.filter(pk=loan.pk).update(balance_penalty_due=0)
    assert loan_balances_refresh() == 1
    assert stored(loan) == reference(loan, TODAY) and loan.balance_as_of == TODAY
    assert loan.balance_days_past_due == reference(loan, yesterday)["days_past_due"] + 1
    assert loan.balance_penalty_due > 0
    assert loan_balances_refresh() == 0  # already as of today


@pytest.mark.postgres
@pytest.mark.django_db
def test_today_from_stored_columns_equals_the_as_of_computation(fund_officer):
    for months_ago, paid in ((5, False), (3, True), (1, False)):
        loan = old_loan(fund_officer, amount=900_000_000, months_ago=months_ago, term=12, grace=0)
        tranche(loan, fund_officer, 900_000_000, timezone.localdate(loan.contracted_at))
        if paid:
            repay(loan, fund_officer, loan_replay(loan, TODAY).due_now(), TODAY)
    columns = ("pk", "outstanding", "overdue", "days_past_due")
    current = list(loans_current().order_by("pk").values(*columns))
    computed = list(loans_as_of(TODAY).order_by("pk").values(*columns))
    assert current == computed and len(current) == 3
    assert [row["days_past_due"] > 0 for row in current] == [True, False, False]


def _waiting_for_a_lock(pid_list, timeout=10):
    """Wait until another connection waits on a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = ANY(%s)",
                [pid_list],
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_nightly_refresh_waits_for_a_repayment_being_recorded():
    """A repayment is being recorded (its transaction open, the loan row locked) when the nightly refresh
    starts: the refresh waits for it and the stored balances are those of the repayment."""
    officer = FundOfficerFactory()
    loan = old_loan(officer, amount=1_000_000_000, months_ago=4, term=12, grace=0)
    tranche(loan, officer, 1_000_000_000, timezone.localdate(loan.contracted_at))
    Loan.objects.filter(pk=loan.pk).update(balance_as_of=TODAY - dt.timedelta(days=1))
    due = loan_replay(loan, TODAY).due_now()
    stored_by_repayment, release = threading.Event(), threading.Event()
    pids, errors = [], []
    original_notify = services.servicing._notify

    def notify_then_wait(*args, **kwargs):
        original_notify(*args, **kwargs)
        stored_by_repayment.set()
        release.wait(timeout=20)

    def record():
        try:
            with mock.patch("financing.services.servicing._notify", side_effect=notify_then_wait):
                repay(loan, officer, due, TODAY)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def refresh():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pids.append(cursor.fetchone()[0])
            # The loan still looks stale to this transaction: it must wait for the lock, then skip it.
            balances_refresh(TODAY)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    recorder = threading.Thread(target=record)
    recorder.start()
    assert stored_by_repayment.wait(timeout=20)
    refresher = threading.Thread(target=refresh)
    refresher.start()
    while not pids and refresher.is_alive():
        time.sleep(0.01)
    assert _waiting_for_a_lock(pids)
    release.set()
    recorder.join(timeout=30)
    refresher.join(timeout=30)
    assert errors == []
    assert Repayment.objects.filter(loan=loan).count() == 1
    figures = stored(loan)
    assert figures == reference(loan, TODAY)
    assert figures["overdue"] == 0 and figures["days_past_due"] == 0


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_data_migration_fills_existing_loans(fund_officer):
    """The migration's fill gives the same columns as the services (run on loans whose columns are wiped)."""
    import importlib

    from django.apps import apps as project_apps

    fill = importlib.import_module("financing.migrations.0007_loan_running_balances").fill
    loan = old_loan(fund_officer, amount=1_000_000_000, months_ago=6, term=4, grace=0)
    contract_day = timezone.localdate(loan.contracted_at)
    tranche(loan, fund_officer, 1_000_000_000, contract_day)
    repay(loan, fund_officer, 300_000_000, add_jalali_months(contract_day, 2))
    repay(loan, fund_officer, repayment_limit(loan, TODAY), TODAY)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED and loan.closed_on == TODAY
    late = old_loan(fund_officer, amount=800_000_000, months_ago=4, term=12, grace=0)
    tranche(late, fund_officer, 800_000_000, timezone.localdate(late.contracted_at))
    expected = {pk: stored(Loan.objects.get(pk=pk)) for pk in (loan.pk, late.pk)}
    parts = list(
        Repayment.objects.order_by("pk").values_list("principal_part", "interest_part", "penalty_part")
    )
    Loan.objects.update(
        closed_on=None,
        balance_as_of=None,
        balance_principal_outstanding=0,
        balance_overdue_amount=0,
        balance_days_past_due=0,
        balance_penalty_due=0,
    )
    Repayment.objects.update(principal_part=0, interest_part=0, penalty_part=0)
    from financing.models import Instalment

    cumulative = list(Instalment.all_versions.order_by("pk").values_list("cumulative_amount", flat=True))
    Instalment.all_versions.update(cumulative_amount=0)

    fill(project_apps, None)

    assert {pk: stored(Loan.objects.get(pk=pk)) for pk in (loan.pk, late.pk)} == expected
    assert (
        list(Instalment.all_versions.order_by("pk").values_list("cumulative_amount", flat=True)) == cumulative
    )
    assert (
        list(Repayment.objects.order_by("pk").values_list("principal_part", "interest_part", "penalty_part"))
        == parts
    )
    assert Loan.objects.get(pk=loan.pk).closed_on == TODAY
    assert Loan.objects.get(pk=late.pk).balance_as_of == TODAY


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["lower_instalment", "shorter_term"])
def test_as_of_every_day_of_a_loan_with_prepayment_penalties_and_a_waiver(fund_officer, penalty_policy, mode):
    """Day by day from before the contract to after today, through a late partial payment (penalty
    first), a waiver, a prepayment that rebuilds the schedule and a second tranche: the as-of SQL equals
    the replay."""
    loan = old_loan(fund_officer, amount=2_000_000_000, months_ago=12, term=18, grace=1)
    contract_day = timezone.localdate(loan.contracted_at)
    tranche(loan, fund_officer, 1_200_000_000, contract_day)
    first, second = list(loan.instalments.order_by("number"))[:2]
    repay(loan, fund_officer, first.amount // 2, first.due_date + dt.timedelta(days=20))
    late_row = loan_replay(loan, second.due_date + dt.timedelta(days=3)).rows[1]
    services.penalty_waive(
        loan=loan,
        actor=fund_officer,
        instalment_number=1,
        amount=late_row.penalty_due,
        waived_on=second.due_date + dt.timedelta(days=3),
        reason="Flood",
    )
    catch_up = second.due_date + dt.timedelta(days=10)
    repay(loan, fund_officer, loan_replay(loan, catch_up).due_now() + 300_000_000, catch_up, mode)
    tranche(loan, fund_officer, 500_000_000, catch_up + dt.timedelta(days=40))
    repay(loan, fund_officer, 50_000_000, TODAY - dt.timedelta(days=5))
    assert loan.schedule_versions.filter(reason="prepayment").exists()
    assert stored(loan) == reference(loan, TODAY)
    day = contract_day - dt.timedelta(days=2)
    while day <= TODAY + dt.timedelta(days=60):
        expected = reference(loan, day)
        expected.pop("penalty")
        assert as_of(loan, day) == (expected if day >= contract_day else None), day
        day += dt.timedelta(days=1)
