"""Servicing pages and API: statement (page, print, CSV, XLSX, API), payoff quote, date field errors."""

import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from financing.models import Disbursement, Repayment
from financing.selectors import loan_figures, loan_replay
from revival_portal.core.templatetags.jalali import rials
from tests.factories import OperatorFactory
from tests.financing.factories import (
    TODAY,
    RatePolicyFactory,
    contracted_loan,
    old_loan,
    repay,
    sheba,
    tranche,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def serviced(fund_officer):
    loan = old_loan(fund_officer, amount=1_200_000, months_ago=4, term=12, grace=1)
    tranche(loan, fund_officer, 600_000, timezone.localdate(loan.contracted_at))
    first = loan.instalments.order_by("number").first()
    repay(loan, fund_officer, first.amount, first.due_date)
    return loan


def test_statement_page_in_persian_with_downloads(client, serviced, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa"
    client.force_login(serviced.application.applicant)
    page = client.get(reverse("financing:loan_statement", args=[serviced.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "۱۴۰" in html and 'id="statement-lines"' in html
    rows = page.context["rows"]
    assert rows[-1]["balance"] == serviced.outstanding_principal
    assert {"tranche", "version", "instalment_due", "repayment"} <= {row["kind"] for row in rows}
    csv = client.get(reverse("financing:loan_statement_download", args=[serviced.pk, "csv"]))
    assert (
        csv["Content-Type"].startswith("text/csv") and len(csv.content.decode().splitlines()) == len(rows) + 1
    )
    xlsx = client.get(reverse("financing:loan_statement_download", args=[serviced.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert (
        sheet.max_row == len(rows) + 1
        and sheet.cell(sheet.max_row, 8).value == serviced.outstanding_principal
    )
    printable = client.get(reverse("financing:loan_statement_download", args=[serviced.pk, "print"]))
    assert b"data-print-on-load" in printable.content and b"js/print.js" in printable.content
    assert (
        client.get(reverse("financing:loan_statement_download", args=[serviced.pk, "docx"])).status_code
        == 404
    )


def test_another_operator_gets_404_on_the_statement(client, serviced):
    client.force_login(OperatorFactory())
    assert client.get(reverse("financing:loan_statement", args=[serviced.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(OperatorFactory())
    assert api.get(f"/api/v1/loans/{serviced.pk}/statement/").status_code == 404


def test_statement_and_payoff_quote_in_the_api(serviced):
    api = APIClient()
    api.force_authenticate(serviced.application.applicant)
    lines = api.get(f"/api/v1/loans/{serviced.pk}/statement/").json()
    assert Decimal(lines[-1]["balance"]) == serviced.outstanding_principal
    quote = api.get(f"/api/v1/loans/{serviced.pk}/payoff-quote/", {"on": TODAY.isoformat()}).json()
    assert Decimal(quote["principal"]) == serviced.outstanding_principal
    assert Decimal(quote["total"]) == sum(Decimal(quote[k]) for k in ("principal", "interest", "penalty"))
    assert api.get(f"/api/v1/loans/{serviced.pk}/payoff-quote/", {"on": "x"}).status_code == 400


def test_loan_page_shows_versions_penalties_and_quote(client, serviced, fund_officer):
    client.force_login(fund_officer)
    page = client.get(serviced.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        'id="schedule-versions"' in html and 'id="payoff-quote"' in html and 'id="cancel-remainder"' in html
    )
    assert len(page.context["versions"]) == 2  # the contract and the tranche (the repayment was due)


def test_dates_are_field_errors_in_the_form_and_the_api(client, serviced, fund_officer):
    client.force_login(fund_officer)
    before = timezone.localdate(serviced.contracted_at).replace(day=1).isoformat()
    response = client.post(
        reverse("financing:disbursement_add", args=[serviced.pk]),
        {"amount": "1000", "disbursed_on": before, "bank_reference": "B", "destination_sheba": sheba()},
    )
    assert "disbursed_on" in response.context["form"].errors
    api = APIClient()
    api.force_authenticate(fund_officer)
    future = "2999-01-01"
    answer = api.post(
        f"/api/v1/loans/{serviced.pk}/repay/",
        {"amount": "1", "paid_on": future, "reference": "R"},
        format="json",
    )
    assert answer.status_code == 400 and "paid_on" in answer.json()
    assert Disbursement.objects.count() == 1 and Repayment.objects.count() == 1


def test_cancel_and_waive_through_the_api(serviced, fund_officer):
    api = APIClient()
    api.force_authenticate(fund_officer)
    answer = api.post(
        f"/api/v1/loans/{serviced.pk}/cancel-remainder/",
        {"cancelled_on": TODAY.isoformat(), "reason": "Enough."},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert Decimal(answer.json()["amount"]) == 600_000
    refused = api.post(
        f"/api/v1/loans/{serviced.pk}/waive-penalty/",
        {"instalment_number": 2, "amount": "1", "waived_on": TODAY.isoformat(), "reason": "x"},
        format="json",
    )
    # No penalty rate on this loan (no policy in force at the contract): nothing to waive.
    assert refused.status_code == 400 and "amount" in refused.json()


def test_portfolio_shows_the_penalty_of_a_loan_31_days_late(client, fund_officer, settings):
    """The portfolio row and total carry the penalty the servicing replay charges: amount × 6 % × 31/365."""
    RatePolicyFactory(
        cap=Decimal("17.50"), penalty_rate=Decimal("6.00"), effective_from=TODAY - dt.timedelta(days=800)
    )
    first_due = TODAY - dt.timedelta(days=31)
    late = contracted_loan(
        officer=fund_officer,
        amount=Decimal(1_234_567_891),
        contracted_on=first_due - dt.timedelta(days=30),
        first_due_date=first_due,
        term_months=1,
        grace_months=0,
        rate=Decimal("12.00"),
        proposed_rate=Decimal("12.00"),
    )
    assert late.penalty_rate == Decimal("6.00")
    tranche(late, fund_officer, 1_234_567_891, timezone.localdate(late.contracted_at))
    up_to_date = old_loan(fund_officer, amount=1_200_000, months_ago=0, term=12, grace=0)
    tranche(up_to_date, fund_officer, 1_200_000, TODAY)
    amount = late.instalments.get().amount
    expected = (amount * Decimal("0.06") * 31 / 365).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert expected > 0

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(fund_officer)
    page = client.get(reverse("financing:portfolio"))
    assert page.status_code == 200
    rows = {row["loan"].pk: row for row in page.context["rows"]}
    assert rows[late.pk]["days"] == 31
    assert rows[late.pk]["penalty"] == expected == loan_replay(late, TODAY).rows[1].penalty_due
    assert rows[up_to_date.pk]["penalty"] == 0
    assert page.context["totals"]["penalty"] == expected
    buckets = {key: value for _label, key, value in page.context["buckets"]}
    assert buckets["31-90"]["penalty"] == expected
    html = page.content.decode()
    assert f'<div class="fs-5" id="penalty-total">{rials(expected)}</div>' in html
    assert f'<td class="text-end loan-penalty">{rials(expected)}</td>' in html


def test_loan_figures_are_the_replay_and_follow_every_new_row(serviced, fund_officer):
    today = timezone.localdate()
    for _ in range(2):  # the second read is the remembered one
        figures = loan_figures(serviced, today)
        state = loan_replay(serviced, today)
        assert (figures.on, figures.disbursed, figures.outstanding_principal) == (
            state.on,
            state.disbursed,
            state.outstanding_principal,
        )
        assert dict(figures.penalties) == {n: row.penalty_due for n, row in state.rows.items()}
        assert dict(figures.quote) == state.payoff_quote()
    repay(serviced, fund_officer, Decimal(50_000), today)
    assert (
        loan_figures(serviced, today).outstanding_principal
        == loan_replay(serviced, today).outstanding_principal
    )
    assert loan_figures(serviced, today) != figures
