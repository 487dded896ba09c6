"""Servicing a loan through the services: interest on what was paid out, versions, cancellation,
penalties, waivers, prepayment and payoff, and the date rules."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from financing import services
from financing.choices import LoanStatus, PrepaymentMode, ScheduleVersionReason
from financing.models import (
    Disbursement,
    Instalment,
    PenaltyWaiver,
    RemainderCancellation,
    Repayment,
    ScheduleVersion,
)
from financing.schedule import build_schedule
from financing.selectors import loan_replay
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.financing.factories import (
    TODAY,
    RatePolicyFactory,
    old_loan,
    repay,
    tranche,
)

pytestmark = pytest.mark.django_db


def current(loan):
    return list(loan.instalments.order_by("number"))


def test_interest_runs_on_what_was_paid_out_and_each_tranche_makes_a_version(fund_officer):
    loan = old_loan(fund_officer)
    contract_day = timezone.localdate(loan.contracted_at)
    assert current(loan) == []
    assert loan.schedule_versions.get().reason == ScheduleVersionReason.CONTRACT
    tranche(loan, fund_officer, 1_000_000_000, contract_day)
    first = current(loan)
    # One full month on 1,000,000,000 at 12 %: 10,000,000, not 1 % of the 2,500,000,000 approved.
    assert first[0].interest == Decimal(10_000_000)
    assert all(i.interest == Decimal(10_000_000) for i in first[:6])
    assert sum(i.principal for i in first) == Decimal(1_000_000_000)

    second_day = first[2].due_date  # on a due date: instalments 1-3 are kept as they are
    tranche(loan, fund_officer, 1_500_000_000, second_day)
    versions = list(loan.schedule_versions.order_by("number"))
    assert [v.reason for v in versions] == ["contract", "disbursement", "disbursement"]
    assert versions[-1].is_current and versions[-1].created_by == fund_officer
    after = current(loan)
    assert sum(i.principal for i in after) == Decimal(2_500_000_000)
    assert [(i.due_date, i.amount) for i in after[:3]] == [(i.due_date, i.amount) for i in first[:3]]
    assert after[3].interest == Decimal(25_000_000)
    # The older version is kept with its own rows.
    assert Instalment.all_versions.filter(version=versions[1]).count() == len(first)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING


def test_cancel_the_remainder_then_repay_closes_the_loan(fund_officer):
    loan = old_loan(fund_officer, amount=2_000_000_000, months_ago=3, term=6, grace=0)
    day = timezone.localdate(loan.contracted_at)
    tranche(loan, fund_officer, 600_000_000, day)
    cancellation = services.remainder_cancel(
        loan=loan, actor=fund_officer, cancelled_on=day, reason="The mine needs no more equipment."
    )
    assert cancellation.amount == Decimal(1_400_000_000)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING and loan.undisbursed == 0
    assert sum(i.principal for i in current(loan)) == Decimal(600_000_000)
    assert loan.schedule_versions.get(is_current=True).reason == ScheduleVersionReason.CANCELLATION
    quote = loan_replay(loan, TODAY).payoff_quote()
    repay(loan, fund_officer, quote["total"], TODAY)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED
    assert loan.outstanding_principal == 0
    assert loan.application.events.last().to_state == LoanStatus.CLOSED
    assert Notification.objects.filter(kind="financing.remainder_cancelled").exists()


def test_cancellation_refused_without_reason_for_reviewers_and_twice(fund_officer, reviewer_a):
    loan = old_loan(fund_officer, months_ago=3, term=6, grace=0)
    day = timezone.localdate(loan.contracted_at)
    with pytest.raises(TransitionNotAllowed):  # nothing paid out yet: nothing to cancel the rest of
        services.remainder_cancel(loan=loan, actor=fund_officer, cancelled_on=day, reason="x")
    tranche(loan, fund_officer, 1_000, day)
    with pytest.raises(PermissionDenied):
        services.remainder_cancel(loan=loan, actor=reviewer_a, cancelled_on=day, reason="x")
    with pytest.raises(ValidationError):
        services.remainder_cancel(loan=loan, actor=fund_officer, cancelled_on=day, reason="  ")
    services.remainder_cancel(loan=loan, actor=fund_officer, cancelled_on=day, reason="Done.")
    with pytest.raises(TransitionNotAllowed):
        services.remainder_cancel(loan=loan, actor=fund_officer, cancelled_on=day, reason="Again.")
    assert RemainderCancellation.objects.count() == 1


def test_a_partly_disbursed_loan_repaid_in_full_waits_for_the_remainder(fund_officer):
    loan = old_loan(fund_officer, amount=2_000_000, months_ago=3, term=6, grace=0)
    day = timezone.localdate(loan.contracted_at)
    tranche(loan, fund_officer, 1_000_000, day)
    repay(loan, fund_officer, loan_replay(loan, TODAY).payoff_quote()["total"], TODAY)
    loan.refresh_from_db()
    # Nothing is owed, but 1,000,000 can still be paid out: open until it is paid out or cancelled.
    assert loan.outstanding_principal == 0 and loan.status == LoanStatus.DISBURSING
    services.remainder_cancel(loan=loan, actor=fund_officer, cancelled_on=TODAY, reason="Not needed.")
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED


def test_penalty_for_31_days_late_at_6_percent_and_allocation_order(fund_officer):
    RatePolicyFactory(
        cap=Decimal("17.50"), penalty_rate=Decimal("6.00"), effective_from=TODAY - dt.timedelta(days=800)
    )
    loan = old_loan(fund_officer, amount=1_200_000_000, months_ago=4, term=12, grace=0)
    assert loan.penalty_rate == Decimal("6.00")
    tranche(loan, fund_officer, 1_200_000_000, timezone.localdate(loan.contracted_at))
    first = current(loan)[0]
    paid_on = first.due_date + dt.timedelta(days=31)
    penalty = (first.amount * Decimal("0.06") * 31 / 365).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    state = loan_replay(loan, paid_on)
    assert state.rows[1].penalty == penalty
    # Pay the penalty, the interest and half the principal of instalment 1: penalty → interest → principal.
    half = first.principal // 2
    repay(loan, fund_officer, penalty + first.interest + half, paid_on)
    first.refresh_from_db()
    assert (first.penalty_paid, first.paid_interest, first.paid_principal) == (penalty, first.interest, half)
    line = [row for row in loan_replay(loan).lines if row.kind == "repayment"][-1]
    assert (line.penalty, line.interest, -line.principal) == (penalty, first.interest, half)


def test_payment_goes_to_the_oldest_instalment_first(fund_officer):
    loan = old_loan(fund_officer, amount=1_200_000, months_ago=4, term=12, grace=0)
    tranche(loan, fund_officer, 1_200_000, timezone.localdate(loan.contracted_at))
    one, two = current(loan)[:2]
    repay(loan, fund_officer, one.amount + 5, two.due_date)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.is_paid and two.paid_interest == 5 and two.paid_principal == 0


def test_waiver_is_recorded_with_reason_and_actor(fund_officer, reviewer_a):
    RatePolicyFactory(penalty_rate=Decimal("6.00"), effective_from=TODAY - dt.timedelta(days=800))
    loan = old_loan(fund_officer, amount=1_200_000_000, months_ago=4, term=12, grace=0)
    tranche(loan, fund_officer, 1_200_000_000, timezone.localdate(loan.contracted_at))
    due = loan_replay(loan, TODAY).rows[1].penalty_due
    assert due > 0
    with pytest.raises(PermissionDenied):
        services.penalty_waive(
            loan=loan, actor=reviewer_a, instalment_number=1, amount=due, waived_on=TODAY, reason="x"
        )
    with pytest.raises(ValidationError):
        services.penalty_waive(
            loan=loan, actor=fund_officer, instalment_number=1, amount=due + 1, waived_on=TODAY, reason="x"
        )
    with pytest.raises(ValidationError):
        services.penalty_waive(
            loan=loan, actor=fund_officer, instalment_number=1, amount=due, waived_on=TODAY, reason=""
        )
    waiver = services.penalty_waive(
        loan=loan, actor=fund_officer, instalment_number=1, amount=due, waived_on=TODAY, reason="Bank strike."
    )
    assert PenaltyWaiver.objects.get() == waiver
    assert (waiver.recorded_by, waiver.reason, waiver.amount) == (fund_officer, "Bank strike.", due)
    assert loan.instalments.get(number=1).penalty_waived == due
    assert loan_replay(loan, TODAY).rows[1].penalty_due == 0
    assert Notification.objects.filter(
        kind="financing.penalty_waived", recipient=loan.application.applicant
    ).exists()
    kinds = [line.kind for line in loan_replay(loan, TODAY).lines]
    assert "waiver" in kinds and "penalty" in kinds


@pytest.mark.parametrize("mode", [PrepaymentMode.LOWER_INSTALMENT, PrepaymentMode.SHORTER_TERM])
def test_prepayment_lowers_interest_as_a_reference_annuity_says(fund_officer, mode):
    loan = old_loan(fund_officer, amount=1_000_000_000, months_ago=3, term=12, grace=0)
    tranche(loan, fund_officer, 1_000_000_000, timezone.localdate(loan.contracted_at))
    rows = current(loan)
    # Pay instalment 2 on its due date with 300,000,000 more: the rest of the schedule is recomputed.
    repay(loan, fund_officer, rows[0].amount, rows[0].due_date)
    repay(loan, fund_officer, rows[1].amount + 300_000_000, rows[1].due_date, mode)
    after = current(loan)
    # Instalments 1 and 2 are paid and unchanged; 300,000,000 is principal paid ahead on instalment 3.
    assert [i.amount for i in after[:2]] == [rows[0].amount, rows[1].amount]
    assert after[2].paid_principal == 300_000_000 and after[2].paid_interest == 0
    remaining = 1_000_000_000 - rows[0].principal - rows[1].principal - 300_000_000
    regular = [(i.principal, i.interest) for i in after[2:]]
    regular[0] = (regular[0][0] - 300_000_000, regular[0][1])
    if mode == PrepaymentMode.LOWER_INSTALMENT:
        reference = build_schedule(
            principal=remaining,
            annual_percent=Decimal(12),
            term_months=10,
            grace_months=0,
            first_due_date=rows[2].due_date,
        )
        assert regular == [(r.principal, r.interest) for r in reference]
        saved = sum(i.interest for i in rows[2:]) - sum(r.interest for r in reference)
        assert sum(i.interest for i in rows) - sum(i.interest for i in after) == saved
    else:
        assert len(after) < len(rows)
        assert all(p + i == rows[2].amount for p, i in regular[:-1])
        assert sum(i.interest for i in after) < sum(i.interest for i in rows)
    assert sum(i.principal for i in after) == Decimal(1_000_000_000)
    assert Repayment.objects.last().prepayment_mode == mode


def test_payoff_quote_paid_on_its_date_closes_with_nothing_outstanding(fund_officer):
    loan = old_loan(fund_officer, amount=900_000_000, months_ago=5, term=12, grace=2)
    tranche(loan, fund_officer, 900_000_000, timezone.localdate(loan.contracted_at))
    quote_day = current(loan)[1].due_date + dt.timedelta(days=10)
    quote = loan_replay(loan, quote_day).payoff_quote()
    assert quote["principal"] == 900_000_000 and quote["interest"] > 0
    with pytest.raises(ValidationError):
        repay(loan, fund_officer, quote["total"] + 1, quote_day)
    repay(loan, fund_officer, quote["total"], quote_day)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED and loan.outstanding_principal == 0
    assert all(i.is_paid for i in current(loan))


def test_dates_of_tranches_and_repayments(fund_officer):
    loan = old_loan(fund_officer, amount=1_000_000, months_ago=3, term=12, grace=0)
    contract_day = timezone.localdate(loan.contracted_at)
    for bad in (contract_day - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            tranche(loan, fund_officer, 1_000, bad)
        assert "disbursed_on" in error.value.message_dict
    assert not Disbursement.objects.exists()
    tranche(loan, fund_officer, 1_000, contract_day + dt.timedelta(days=5))
    for bad in (contract_day + dt.timedelta(days=4), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            repay(loan, fund_officer, 1, bad)
        assert "paid_on" in error.value.message_dict
    assert not Repayment.objects.exists()
    assert ScheduleVersion.objects.filter(loan=loan).count() == 2


def test_outstanding_principal_is_one_rule_for_the_loan_and_the_portfolio(fund_officer):
    from financing.selectors import portfolio_loans, portfolio_rows
    from revival_portal.reports.selectors.portfolio import portfolio_arrears

    loan = old_loan(fund_officer, amount=1_000_000, months_ago=4, term=12, grace=2)
    tranche(loan, fund_officer, 1_000_000, timezone.localdate(loan.contracted_at))
    first_three = current(loan)[:3]
    assert first_three[0].principal == 0 and first_three[2].principal > 0  # two months of grace
    repay(loan, fund_officer, sum(i.amount for i in first_three), first_three[2].due_date)
    loan.refresh_from_db()
    row = portfolio_rows(portfolio_loans(fund_officer)[0], TODAY)[0]
    expected = Decimal(1_000_000) - first_three[2].principal
    assert row["outstanding"] == loan.outstanding_principal == expected
    assert portfolio_arrears(TODAY)["totals"]["outstanding_principal"] == expected
    assert loan_replay(loan).outstanding_principal == expected
