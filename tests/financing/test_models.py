"""Model rules: money rows cannot be deleted; constraints; history; querysets carry their scope."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from financing import services
from financing.models import (
    ApplicationEvent,
    Decision,
    Disbursement,
    Guarantee,
    Instalment,
    Loan,
    LoanApplication,
    PenaltyWaiver,
    RemainderCancellation,
    Repayment,
    ScheduleVersion,
)
from revival_portal.accounts.roles import Role
from tests.factories import FundOfficerFactory, OperatorFactory, ReviewerFactory
from tests.financing.factories import LoanApplicationFactory, approved_application, contracted_loan, sheba

pytestmark = pytest.mark.django_db


def disbursed_loan():
    loan = contracted_loan()
    services.disbursement_record(
        loan=loan,
        actor=loan.contracted_by,
        amount=loan.approved_amount,
        disbursed_on=timezone.localdate(),
        bank_reference="B",
        destination_sheba=sheba(),
    )
    return loan


def test_money_rows_cannot_be_deleted_through_the_orm():
    loan = disbursed_loan()
    for obj in (
        loan,
        loan.instalments.first(),
        loan.schedule_versions.first(),
        Decision.objects.get(),
        ApplicationEvent.objects.first(),
    ):
        with pytest.raises(PermissionDenied):
            obj.delete()
    for model in (
        LoanApplication,
        Guarantee,
        Loan,
        Instalment,
        Disbursement,
        Repayment,
        Decision,
        ApplicationEvent,
        ScheduleVersion,
        RemainderCancellation,
        PenaltyWaiver,
    ):
        with pytest.raises(PermissionDenied):
            model.objects.all().delete()
    assert Loan.objects.count() == 1


def test_no_role_holds_a_delete_permission_on_financing():
    perms = Permission.objects.filter(content_type__app_label="financing", codename__startswith="delete_")
    for role in Role.values:
        group = Group.objects.filter(name=role).first()
        if group:
            assert not group.permissions.filter(pk__in=perms).exists(), role


def test_role_grants():
    assert ReviewerFactory().has_perms(
        ["financing.review_loanapplication", "financing.decide_loanapplication"]
    )
    officer = FundOfficerFactory()
    assert officer.has_perms(
        ["financing.contract_loan", "financing.add_disbursement", "financing.add_repayment"]
    )
    assert not officer.has_perm("financing.decide_loanapplication")
    operator = OperatorFactory()
    assert operator.has_perm("financing.add_loanapplication")
    assert not operator.has_perm("financing.review_loanapplication")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_trigger_refuses_raw_deletes():
    disbursed_loan()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM financing_instalment")
    for table in (
        "financing_decision",
        "financing_loanapplication",
        "financing_guarantee",
        "financing_applicationevent",
        "financing_scheduleversion",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    assert Instalment.objects.count() == 12


def test_history_is_kept_for_money_and_decisions():
    loan = contracted_loan()
    assert loan.history.count() == 1
    application = loan.application
    assert application.history.count() >= 5
    assert Decision.history.count() == 1


def test_instalment_amount_must_equal_principal_plus_interest():
    loan = disbursed_loan()
    with pytest.raises(IntegrityError), transaction.atomic():
        Instalment.objects.filter(loan=loan, number=1).update(amount=Decimal(1))


def test_for_user_scopes():
    mine_app = LoanApplicationFactory()
    other = LoanApplicationFactory()
    assert list(LoanApplication.objects.for_user(mine_app.applicant)) == [mine_app]
    assert LoanApplication.objects.for_user(ReviewerFactory()).count() == 2
    assert other not in LoanApplication.objects.for_user(mine_app.applicant)
    loan = contracted_loan()
    assert Loan.objects.for_user(loan.application.applicant).get() == loan
    assert not Loan.objects.for_user(mine_app.applicant).exists()


def test_approved_application_has_one_decision():
    application = approved_application()
    assert application.decision.outcome == "approved"
