"""Browser journey: the fund officer pays two tranches, records a late repayment with its penalty and a
prepayment choosing "lower instalment"; the operator reads the statement in Persian."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from financing.models import Repayment
from financing.selectors import loan_replay
from revival_portal.core.templatetags.jalali import rials
from tests.browser.helpers import log_in
from tests.financing.factories import TODAY, RatePolicyFactory, old_loan, sheba

pytestmark = pytest.mark.django_db(transaction=True)


def test_tranches_late_repayment_prepayment_and_statement(open_page):
    RatePolicyFactory(penalty_rate=Decimal("6.00"), effective_from=TODAY - dt.timedelta(days=800))
    loan = old_loan(None, amount=2_000_000_000, months_ago=4, term=12, grace=0)
    officer = loan.contracted_by
    contract_day = timezone.localdate(loan.contracted_at)
    page = open_page(locale="en-US")
    log_in(page, officer.username)

    def submit(url, values, choice=None):
        page.goto(url)
        for field, value in values.items():
            page.fill(f"#id_{field}", value)
        if choice:
            page.check(choice)
        page.click("#action-submit")
        page.wait_for_selector("#schedule-versions")

    tranches = [
        (contract_day, "1200000000", "T-1"),
        (contract_day + dt.timedelta(days=5), "800000000", "T-2"),
    ]
    for day, amount, reference in tranches:
        values = {"amount": amount, "disbursed_on": day.isoformat(), "bank_reference": reference}
        submit(f"/financing/loans/{loan.pk}/disburse/", {**values, "destination_sheba": sheba()})
    assert loan.schedule_versions.count() == 3
    first = loan.instalments.order_by("number").first()
    late = first.due_date + dt.timedelta(days=31)
    row = loan_replay(loan, late).rows[1]
    assert row.penalty == (row.amount * Decimal("0.06") * 31 / 365).quantize(
        Decimal(1), rounding="ROUND_HALF_UP"
    )
    submit(
        f"/financing/loans/{loan.pk}/repay/",
        {"amount": str(row.amount + row.penalty), "paid_on": late.isoformat(), "reference": "LATE-1"},
    )
    first.refresh_from_db()
    assert first.is_paid and first.penalty_paid == row.penalty

    state = loan_replay(loan, TODAY)
    ahead = state.due_now() + 300_000_000
    submit(
        f"/financing/loans/{loan.pk}/repay/",
        {"amount": str(ahead), "paid_on": TODAY.isoformat(), "reference": "AHEAD-1"},
        choice="input[name=prepayment_mode][value=lower_instalment]",
    )
    assert Repayment.objects.get(reference="AHEAD-1").prepayment_mode == "lower_instalment"
    assert loan.schedule_versions.filter(is_current=True, reason="prepayment").exists()
    assert sum(i.principal for i in loan.instalments.all()) == 2_000_000_000

    operator = open_page()
    log_in(operator, loan.application.applicant.username)
    operator.goto(f"/financing/loans/{loan.pk}/statement/")
    text = operator.inner_text("#statement-lines")
    balances = operator.locator("#statement-lines .balance").all_inner_texts()
    with translation.override("fa"):
        assert "وجه التزام تأخیر" in text and "بازپرداخت" in text and "۱۴۰" in text
        assert balances[-1] == rials(loan_replay(loan).outstanding_principal)
