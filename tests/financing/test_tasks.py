"""Daily reminders are idempotent: running a task twice sends one message."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from financing import services
from financing.tasks import instalment_due_reminders_send, instalment_overdue_notify
from revival_portal.notifications.models import Notification
from tests.financing.factories import contracted_loan, sheba

pytestmark = pytest.mark.django_db


def disbursed_loan():
    loan = contracted_loan(amount=Decimal(1_000_000))
    officer = loan.contracted_by
    services.disbursement_record(
        loan=loan,
        actor=officer,
        amount=Decimal(1_000_000),
        disbursed_on=timezone.localdate(),
        bank_reference="B",
        destination_sheba=sheba(),
    )
    return loan


def test_due_reminder_once_per_instalment():
    loan = disbursed_loan()
    first_due = loan.instalments.order_by("number").first().due_date
    day = (first_due - dt.timedelta(days=5)).isoformat()
    assert instalment_due_reminders_send(on=day) == 1
    assert instalment_due_reminders_send(on=day) == 0
    notification = Notification.objects.get(kind="financing.instalment_due")
    assert notification.recipient == loan.application.applicant


def test_overdue_notice_once_to_operator_and_fund_officers():
    loan = disbursed_loan()
    first_due = loan.instalments.order_by("number").first().due_date
    day = (first_due + dt.timedelta(days=3)).isoformat()
    assert instalment_overdue_notify(on=day) == 2  # the operator and the contracting fund officer
    assert instalment_overdue_notify(on=day) == 0
    recipients = set(
        Notification.objects.filter(kind="financing.instalment_overdue").values_list("recipient", flat=True)
    )
    assert recipients == {loan.application.applicant_id, loan.contracted_by_id}
