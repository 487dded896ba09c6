"""Loan services: contract, disbursements, repayments, guarantees and rate policies."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from financing import services
from financing.choices import ApplicationStatus as S
from financing.choices import LoanStatus
from financing.models import ApplicationEvent, Disbursement, Instalment, Loan, Repayment
from revival_portal.exceptions import TransitionNotAllowed
from revival_portal.notifications.models import Notification
from tests.factories import FundOfficerFactory
from tests.financing.factories import (
    approved_application,
    contracted_loan,
    sheba,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def snapshot(application):
    application.refresh_from_db()
    return (application.status, ApplicationEvent.objects.filter(application=application).count())


def assert_refused(application, call, error):
    before = snapshot(application)
    with pytest.raises(error):
        call()
    assert snapshot(application) == before


def test_contract_creates_the_schedule(fund_officer):
    loan = contracted_loan(officer=fund_officer)
    assert loan.status == LoanStatus.CONTRACTED
    assert loan.application.status == S.CONTRACTED
    instalments = list(loan.instalments.all())
    assert len(instalments) == 12
    assert sum(i.principal for i in instalments) == loan.approved_amount
    assert Notification.objects.filter(
        recipient=loan.application.applicant, kind="financing.contracted"
    ).exists()


def test_contract_refused_over_the_requested_amount_and_for_reviewers(fund_officer, reviewer_b):
    application = approved_application()
    terms = {
        "rate": Decimal("10"),
        "term_months": 12,
        "grace_months": 0,
        "first_due_date": timezone.localdate() + dt.timedelta(days=30),
    }
    too_much = application.amount_requested + 1
    assert_refused(
        application,
        lambda: services.loan_contract(
            application=application, actor=fund_officer, approved_amount=too_much, **terms
        ),
        ValidationError,
    )
    assert_refused(
        application,
        lambda: services.loan_contract(
            application=application, actor=reviewer_b, approved_amount=Decimal(1), **terms
        ),
        PermissionDenied,
    )
    assert not Loan.objects.exists()


def disburse(loan, officer, amount):
    return services.disbursement_record(
        loan=loan,
        actor=officer,
        amount=Decimal(amount),
        disbursed_on=timezone.localdate(),
        bank_reference="BMI-1",
        destination_sheba=sheba(),
    )


def test_disbursements_move_the_loan_and_never_exceed_the_approved_amount(fund_officer):
    loan = contracted_loan(officer=fund_officer, amount=Decimal(1000))
    disburse(loan, fund_officer, 400)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSING
    with pytest.raises(ValidationError):
        disburse(loan, fund_officer, 601)
    disburse(loan, fund_officer, 600)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.REPAYING
    assert loan.application.status == S.REPAYING
    assert [e.to_state for e in loan.application.events.all()][-3:] == [
        S.CONTRACTED,
        S.DISBURSING,
        S.REPAYING,
    ]
    with pytest.raises(TransitionNotAllowed):
        disburse(loan, fund_officer, 1)
    assert Disbursement.objects.filter(loan=loan).count() == 2
    assert Notification.objects.filter(kind="financing.disbursed").count() == 2


def test_disbursement_refused_for_reviewers_and_bad_sheba(fund_officer, reviewer_a):
    loan = contracted_loan(officer=fund_officer)
    with pytest.raises(PermissionDenied):
        disburse(loan, reviewer_a, 1)
    with pytest.raises(ValidationError):
        services.disbursement_record(
            loan=loan,
            actor=fund_officer,
            amount=Decimal(1),
            disbursed_on=timezone.localdate(),
            bank_reference="x",
            destination_sheba="IR000000000000000000000000",
        )
    assert not Disbursement.objects.exists()


def test_repayments_fill_the_oldest_instalments_first_and_close_the_loan(fund_officer):
    loan = contracted_loan(officer=fund_officer, amount=Decimal(1_000_000))
    disburse(loan, fund_officer, 1_000_000)
    instalments = list(loan.instalments.order_by("number"))
    first, second = instalments[0], instalments[1]
    services.repayment_record(
        loan=loan, actor=fund_officer, amount=first.amount + 5, paid_on=timezone.localdate(), reference="R1"
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_paid and second.paid_amount == 5
    total = sum(i.amount for i in instalments)
    with pytest.raises(ValidationError):
        services.repayment_record(
            loan=loan, actor=fund_officer, amount=total, paid_on=timezone.localdate(), reference="R"
        )
    services.repayment_record(
        loan=loan,
        actor=fund_officer,
        amount=total - first.amount - 5,
        paid_on=timezone.localdate(),
        reference="R2",
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED
    assert loan.application.status == S.CLOSED
    assert not Instalment.objects.unpaid().filter(loan=loan).exists()
    assert Repayment.objects.filter(loan=loan).count() == 2
    assert Notification.objects.filter(kind="financing.repayment_recorded").count() == 2


def test_repayment_refused_before_disbursement_and_for_operators(fund_officer):
    loan = contracted_loan(officer=fund_officer)
    with pytest.raises(TransitionNotAllowed):
        services.repayment_record(
            loan=loan, actor=fund_officer, amount=Decimal(1), paid_on=timezone.localdate(), reference="R"
        )
    with pytest.raises(PermissionDenied):
        services.repayment_record(
            loan=loan,
            actor=loan.application.applicant,
            amount=Decimal(1),
            paid_on=timezone.localdate(),
            reference="R",
        )


def test_guarantee_verify(reviewer_a):
    application = submitted_application()
    guarantee = application.guarantees.get()
    with pytest.raises(PermissionDenied):
        services.guarantee_verify(guarantee=guarantee, actor=application.applicant)
    services.guarantee_verify(guarantee=guarantee, actor=reviewer_a)
    guarantee.refresh_from_db()
    assert guarantee.verified_by == reviewer_a


def test_rate_policy_create_only_by_admins():
    from tests.factories import AdminFactory

    with pytest.raises(PermissionDenied):
        services.rate_policy_create(
            actor=FundOfficerFactory(),
            cap=Decimal(17),
            effective_from=timezone.localdate(),
            legal_reference="x",
        )
    policy = services.rate_policy_create(
        actor=AdminFactory(),
        cap=Decimal("17.50"),
        effective_from=timezone.localdate(),
        legal_reference="Res. 1",
    )
    assert policy.created_by is not None
    with pytest.raises(ValidationError):
        services.rate_policy_create(
            actor=AdminFactory(),
            cap=Decimal("16"),
            effective_from=timezone.localdate(),
            legal_reference="overlap",
        )


@pytest.mark.parametrize("days", [367, 365 * 100])
def test_contract_refused_when_the_first_due_date_is_more_than_a_year_away(fund_officer, days):
    application = approved_application()
    call = lambda: services.loan_contract(  # noqa: E731
        application=application,
        actor=fund_officer,
        approved_amount=Decimal(1000),
        rate=Decimal("10"),
        term_months=360,
        grace_months=0,
        first_due_date=timezone.localdate() + dt.timedelta(days=days),
    )
    assert_refused(application, call, ValidationError)
    assert not Loan.objects.exists() and not Instalment.objects.exists()


def test_loan_repaid_while_still_disbursing_closes_with_the_last_tranche(fund_officer):
    loan = contracted_loan(officer=fund_officer, amount=Decimal(1_000_000))
    disburse(loan, fund_officer, 400_000)
    total = sum(i.amount for i in loan.instalments.all())
    services.repayment_record(
        loan=loan, actor=fund_officer, amount=total, paid_on=timezone.localdate(), reference="R-all"
    )
    loan.refresh_from_db()
    assert loan.status == LoanStatus.DISBURSING
    disburse(loan, fund_officer, 600_000)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.CLOSED
    assert [e.to_state for e in loan.application.events.all()][-2:] == [S.REPAYING, S.CLOSED]
    with pytest.raises(TransitionNotAllowed):
        services.repayment_record(
            loan=loan, actor=fund_officer, amount=Decimal(1), paid_on=timezone.localdate(), reference="R"
        )


def test_outstanding_principal_is_one_rule_for_the_loan_and_the_portfolio(fund_officer):
    from financing.selectors import portfolio_summary

    loan = contracted_loan(officer=fund_officer, amount=Decimal(1_000_000))
    disburse(loan, fund_officer, 1_000_000)
    first_three = list(loan.instalments.order_by("number")[:3])
    assert first_three[0].principal == 0 and first_three[2].principal > 0  # two months of grace
    # Pays the first three instalments and 7 rials of the fourth one's interest (no principal).
    paid = sum(i.amount for i in first_three) + 7
    services.repayment_record(
        loan=loan, actor=fund_officer, amount=paid, paid_on=timezone.localdate(), reference="R"
    )
    loan = Loan.objects.get(pk=loan.pk)
    row = portfolio_summary(fund_officer)["rows"][0]
    assert row["outstanding"] == loan.outstanding_principal == Decimal(1_000_000) - first_three[2].principal
