"""Loan services: contract, disbursements, repayments, guarantees and rate policies."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from financing import services
from financing.choices import ApplicationStatus as S
from financing.choices import LoanStatus
from financing.models import ApplicationEvent, Disbursement, Instalment, Loan
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


def test_contract_starts_an_empty_schedule_version(fund_officer):
    loan = contracted_loan(officer=fund_officer)
    assert loan.status == LoanStatus.CONTRACTED
    assert loan.application.status == S.CONTRACTED
    # Interest runs on what is paid out: nothing is owed before the first tranche.
    assert list(loan.instalments.all()) == []
    version = loan.schedule_versions.get()
    assert (version.number, version.reason, version.created_by) == (1, "contract", fund_officer)
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
