"""The pure servicing engine: worked examples and properties over random sequences of movements."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from financing.servicing import Mode, Movement, Terms, replay

CONTRACT = dt.date(2025, 3, 21)  # 1 Farvardin 1404
TERMS = Terms(
    approved_amount=Decimal(2_500_000_000),
    rate=Decimal("12.00"),
    penalty_rate=Decimal("6.00"),
    term_months=24,
    grace_months=6,
    first_due_date=dt.date(2025, 4, 21),  # 1 Ordibehesht
    contract_date=CONTRACT,
)


def test_grace_interest_is_on_the_tranche_not_the_approved_amount():
    loan = replay(TERMS, [Movement("tranche", CONTRACT, Decimal(1_000_000_000))])
    assert [row.interest for row in loan.schedule()[:6]] == [Decimal(10_000_000)] * 6
    assert all(row.principal == 0 for row in loan.schedule()[:6])
    assert sum(row.principal for row in loan.schedule()) == Decimal(1_000_000_000)


def test_a_tranche_mid_month_accrues_from_its_date():
    loan = replay(TERMS, [Movement("tranche", dt.date(2025, 4, 6), Decimal(1_000_000_000))])
    days = (TERMS.first_due_date - dt.date(2025, 4, 6)).days  # 15 of the 31 days of Farvardin
    expected = (Decimal(1_000_000_000) * Decimal("0.01") * days / 31).quantize(Decimal(1), ROUND_HALF_UP)
    assert loan.schedule()[0].interest == expected


def test_penalty_is_per_day_late_actual_365_half_up():
    loan = replay(TERMS, [Movement("tranche", CONTRACT, Decimal(1_000_000_000))], on=dt.date(2025, 5, 22))
    first = loan.rows[1]
    expected = (first.amount * Decimal("0.06") * 31 / 365).quantize(Decimal(1), ROUND_HALF_UP)
    assert loan.on - first.due_date == dt.timedelta(days=31)
    assert first.penalty == expected


def test_statement_lines_run_the_outstanding_principal():
    movements = [
        Movement("tranche", CONTRACT, Decimal(1_000_000)),
        Movement("payment", dt.date(2025, 6, 1), Decimal(30_000)),
        Movement("cancellation", dt.date(2025, 6, 2)),
    ]
    loan = replay(TERMS, movements, on=dt.date(2025, 9, 1))
    kinds = [line.kind for line in loan.lines]
    assert kinds[:2] == ["tranche", "version"]
    assert {"instalment_due", "repayment", "penalty", "cancellation"} <= set(kinds)
    assert loan.lines[-1].balance == loan.outstanding_principal


DAY = st.integers(min_value=0, max_value=45)
STEP = st.one_of(
    st.tuples(st.just("tranche"), DAY, st.integers(min_value=1, max_value=1_000_000_000)),
    st.tuples(st.just("payment"), DAY, st.integers(min_value=1, max_value=400_000_000)),
    st.tuples(st.just("payoff"), DAY, st.just(0)),
    st.tuples(st.just("cancellation"), DAY, st.just(0)),
)
MODE = st.sampled_from([Mode.LOWER_INSTALMENT, Mode.SHORTER_TERM])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(STEP, MODE), min_size=1, max_size=14), st.integers(0, 3), st.integers(0, 18))
def test_properties_over_random_movements(steps, grace, rate):
    check_properties(steps, grace, rate)


def check_properties(steps, grace, rate):
    """Replay ``steps`` one by one and check every invariant after each."""
    terms = Terms(
        approved_amount=Decimal(2_500_000_000),
        rate=Decimal(rate),
        penalty_rate=Decimal("6.00"),
        term_months=12,
        grace_months=grace,
        first_due_date=dt.date(2025, 4, 21),
        contract_date=CONTRACT,
    )
    movements, day = [], CONTRACT
    for (kind, gap, amount), mode in steps:
        day += dt.timedelta(days=gap)
        state = replay(terms, movements, on=day)
        if kind == "tranche":
            amount = min(Decimal(amount), state.undisbursed)
            if amount <= 0 or state.period_of(day) >= terms.term_months:
                continue
            movement = Movement("tranche", day, amount)
        elif kind == "cancellation":
            if state.disbursed == 0 or state.undisbursed == 0:
                continue
            movement = Movement("cancellation", day)
        else:
            limit = state.payoff_quote()["total"]
            amount = limit if kind == "payoff" else min(Decimal(amount), limit)
            if amount <= 0 or state.disbursed == 0:
                continue
            movement = Movement("payment", day, amount, mode)
        before = {k: (r.due_date, r.principal, r.interest) for k, r in state.rows.items() if r.remaining == 0}
        movements.append(movement)
        after = replay(terms, movements)
        # Paid instalments never change.
        for number, values in before.items():
            row = after.rows[number]
            assert (row.due_date, row.principal, row.interest) == values
        # The principal parts of the schedule add up to what was paid out.
        assert sum((r.principal for r in after.rows.values()), Decimal(0)) == after.disbursed
        assert after.outstanding_principal >= 0
        assert all(r.paid_amount <= r.amount and r.penalty_due >= 0 for r in after.rows.values())
        # Closed exactly when nothing is outstanding and nothing remains to pay out.
        assert after.closed == (after.disbursed > 0 and after.undisbursed == 0 and after.settled)
        assert after.lines[-1].balance == after.outstanding_principal
        if kind == "payoff":
            assert after.outstanding_principal == 0 and after.settled
