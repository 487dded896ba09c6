"""Daily reminders: repayment due in 7 days, instalment overdue. Idempotent through dedupe keys."""

import datetime as dt

from celery import shared_task
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from financing.balances import balances_refresh
from financing.models import Instalment
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.templatetags.jalali import localdate
from revival_portal.notifications.services import notify

REMINDER_DAYS = 7
# Rendered when notify() renders the message in the recipient's language: Jalali dates in Persian.
local_date = lazy(localdate, str)


def _instalments(queryset):
    return queryset.select_related("loan__application__applicant").order_by("due_date", "pk")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def instalment_due_reminders_send(on: str | None = None) -> int:
    """Tell operators about instalments due within the next 7 days (once per instalment)."""
    today = dt.date.fromisoformat(on) if on else timezone.localdate()
    sent = 0
    due = Instalment.objects.unpaid().filter(
        due_date__gte=today, due_date__lte=today + dt.timedelta(days=REMINDER_DAYS)
    )
    for instalment in _instalments(due):
        loan = instalment.loan
        sent += len(
            notify(
                recipients=[loan.application.applicant],
                kind="financing.instalment_due",
                subject=format_lazy(
                    _("Instalment {number} of loan {loan} is due soon"),
                    number=instalment.number,
                    loan=loan.pk,
                ),
                body=format_lazy(
                    _("{amount} rials are due on {date}."),
                    amount=f"{instalment.remaining:,}",
                    date=local_date(instalment.due_date),
                ),
                url=loan.get_absolute_url(),
                dedupe_key=f"instalment-due:{loan.pk}:{instalment.number}:{instalment.due_date}",
            )
        )
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def instalment_overdue_notify(on: str | None = None) -> int:
    """Tell the operator and the fund officers about each instalment that became overdue (once)."""
    today = dt.date.fromisoformat(on) if on else timezone.localdate()
    officers = list(User.objects.with_role(Role.FUND_OFFICER))
    sent = 0
    for instalment in _instalments(Instalment.objects.overdue(today)):
        loan = instalment.loan
        sent += len(
            notify(
                recipients=[loan.application.applicant, *officers],
                kind="financing.instalment_overdue",
                subject=format_lazy(
                    _("Instalment {number} of loan {loan} is overdue"), number=instalment.number, loan=loan.pk
                ),
                body=format_lazy(
                    _("{amount} rials were due on {date}."),
                    amount=f"{instalment.remaining:,}",
                    date=local_date(instalment.due_date),
                ),
                url=loan.get_absolute_url(),
                dedupe_key=f"instalment-overdue:{loan.pk}:{instalment.number}:{instalment.due_date}",
            )
        )
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def loan_balances_refresh(on: str | None = None) -> int:
    """Bring every open loan's stored balances (overdue amount, days past due, penalty) to today: days
    pass without any money row. Loans already as of today are skipped, so a second run changes nothing."""
    return balances_refresh(dt.date.fromisoformat(on) if on else None)
