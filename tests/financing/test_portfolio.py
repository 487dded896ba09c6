"""The portfolio of a day: loans contracted, repaid and closed the day before, on and after it; the
paginated, filtered and scoped portfolio page."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from financing import balances
from financing.figures import SCOPE
from financing.models import Loan
from financing.services.servicing import repayment_limit
from revival_portal.core.calendar import format_jalali
from revival_portal.core.versioned_cache import bump
from revival_portal.reports.selectors import portfolio_arrears
from tests.factories import FundOfficerFactory, OperatorFactory, signed_in
from tests.financing.factories import TODAY, contracted_loan, repay, tranche

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

AMOUNT = Decimal(600_000_000)
E = TODAY - dt.timedelta(days=60)  # the period end the figures are taken on
ONE = dt.timedelta(days=1)


def loan(officer, contracted_on, *, disbursed_on=None, first_due=None):
    made = contracted_loan(
        officer=officer,
        amount=AMOUNT,
        contracted_on=contracted_on,
        first_due_date=first_due or contracted_on + dt.timedelta(days=30),
        term_months=6,
        grace_months=0,
        rate=Decimal("12.00"),
        proposed_rate=Decimal("12.00"),
    )
    tranche(made, officer, AMOUNT, disbursed_on or contracted_on)
    return made


def pay_off(made, officer, on):
    repay(made, officer, repayment_limit(made, on), on)
    made.refresh_from_db()
    assert made.closed_on == on


@pytest.fixture
def crafted(fund_officer):
    """Loans around ``E``: late since E−70 and never paid (1), paid off E+1 (2), E (3) and E−1 (4); the
    arrears paid on E (5); contracted on E (6), on E+1 (7), on E−1 but paid out on E+1 (8)."""
    late_since = E - dt.timedelta(days=70)
    old = E - dt.timedelta(days=100)
    loans = {number: loan(fund_officer, old, first_due=late_since) for number in range(1, 6)}
    pay_off(loans[2], fund_officer, E + ONE)
    pay_off(loans[3], fund_officer, E)
    pay_off(loans[4], fund_officer, E - ONE)
    repay(loans[5], fund_officer, _due_now(loans[5], E), E)
    loans[6] = loan(fund_officer, E)
    loans[7] = loan(fund_officer, E + ONE)
    loans[8] = loan(fund_officer, E - ONE, disbursed_on=E + ONE)
    return loans


def _due_now(made, on):
    from financing.selectors import loan_replay

    return loan_replay(made, on).due_now()


def _instalments(made, due_before):
    return [i for i in made.instalments.order_by("number") if i.due_date < due_before]


def test_portfolio_arrears_on_a_past_day_counts_what_was_true_that_day(crafted, fund_officer):
    result = portfolio_arrears(E)
    buckets = {row["bucket"]: row for row in result["buckets"]}
    late = _instalments(crafted[1], E)
    assert len(late) == 3 and (E - late[0].due_date).days == 70
    overdue_each = sum(i.amount for i in late)
    # Loan 5 paid what had fallen due by E, on E: its principal falling due by then is repaid.
    paid_principal_5 = sum(i.principal for i in crafted[5].instalments.all() if i.due_date <= E)

    # Active on E: 1 and 2 (paid off after E), 5, 6 and 8; not 3 and 4 (closed by E) nor 7 (contracted after).
    assert result["totals"]["active_loans"] == 5
    assert buckets["31-90"]["count"] == 2  # loan 2, repaid the day after, was 70 days late on E
    assert buckets["31-90"]["overdue"] == 2 * overdue_each
    assert buckets["31-90"]["principal"] == 2 * AMOUNT
    assert buckets["current"]["count"] == 3
    assert buckets["current"]["overdue"] == 0
    assert buckets["1-30"]["count"] == buckets["90+"]["count"] == 0
    # Loan 8 was contracted on E−1 but nothing was paid out by E.
    assert buckets["current"]["principal"] == (AMOUNT - paid_principal_5) + AMOUNT + 0
    assert result["totals"]["outstanding_principal"] == 3 * AMOUNT + AMOUNT - paid_principal_5
    assert result["totals"]["in_arrears_count"] == 2
    assert result["totals"]["in_arrears_overdue"] == 2 * overdue_each

    # Rows dated after E change nothing: a late repayment, a new loan, a payoff today.
    repay(crafted[1], fund_officer, _due_now(crafted[1], TODAY), TODAY)
    loan(fund_officer, TODAY - ONE)
    pay_off(crafted[6], fund_officer, TODAY)
    assert portfolio_arrears(E) == result

    # The next day loan 2 is closed and loan 7 has started.
    after = {row["bucket"]: row for row in portfolio_arrears(E + ONE)["buckets"]}
    assert after["31-90"]["count"] == 1 and after["current"]["count"] == 4


def test_today_reads_the_stored_balances_and_equals_the_computation(crafted):
    stored = portfolio_arrears(TODAY)
    with mock.patch.object(balances, "stored_balances_fresh", return_value=False):
        computed = portfolio_arrears(TODAY)
    assert stored == computed
    # Nothing was paid after E on the open loans 1, 5, 6, 7 and 8: all are late today.
    assert stored["totals"]["in_arrears_count"] == stored["totals"]["active_loans"] == 5
    counts = {row["bucket"]: row["count"] for row in stored["buckets"]}
    assert counts == {"current": 0, "1-30": 2, "31-90": 2, "90+": 1}


def test_today_uses_stored_columns_in_constant_queries(crafted):
    with CaptureQueriesContext(connection) as queries:
        portfolio_arrears(TODAY)
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert len(queries.captured_queries) == 2  # freshness check, grouped totals
    assert "balance_days_past_due" in sql and "financing_repayment" not in sql
    with CaptureQueriesContext(connection) as queries:
        portfolio_arrears(E)
    assert len(queries.captured_queries) == 1


# -- the page ---------------------------------------------------------------------------------------


def _url(**params):
    return reverse("financing:portfolio"), params


def get(client, **params):
    url, query = _url(**params)
    return client.get(url, query)


def test_page_is_paginated_with_page_size(client, fund_officer):
    for _ in range(12):
        loan(fund_officer, TODAY - dt.timedelta(days=10))
    client.force_login(fund_officer)
    page = get(client, page_size=10).context["page"]
    assert page.paginator.count == 12 and len(page) == 10 and page.paginator.per_page == 10
    assert len(get(client, page_size=10, page=2).context["rows"]) == 2
    assert get(client).context["page"].paginator.per_page == 25
    assert get(client, page_size=1000).context["page"].paginator.per_page == 100
    assert get(client, page_size="many").context["page"].paginator.per_page == 25
    response = get(client, page_size=10)
    assert response.context["totals"]["loans"] == 12  # the figures cover every page


def test_page_queries_do_not_grow_with_the_page_size(client, fund_officer, crafted):
    for _ in range(6):
        loan(fund_officer, TODAY - dt.timedelta(days=10))
    client.force_login(fund_officer)
    get(client)  # the first request after sign-in fills the cached roles and unread count
    for params in ({}, {"on": E.isoformat()}):
        bump(SCOPE)  # a past day's figures are computed for each, not kept from the first
        with CaptureQueriesContext(connection) as ten:
            small = get(client, page_size=3, **params)
        bump(SCOPE)
        with CaptureQueriesContext(connection) as hundred:
            large = get(client, page_size=100, **params)
        assert len(small.context["rows"]) == 3 < len(large.context["rows"])
        assert len(ten.captured_queries) == len(hundred.captured_queries), params


def test_page_filters_by_bucket_and_province(client, fund_officer, crafted):
    client.force_login(fund_officer)
    # Today: loan 1 is 130 days late, 5 and 8 over 30 days, 6 and 7 under 30.
    for bucket, numbers in (("90+", {1}), ("31-90", {5, 8}), ("1-30", {6, 7})):
        late = get(client, bucket=bucket)
        assert {row["loan"].pk for row in late.context["rows"]} == {crafted[n].pk for n in numbers}
        assert late.context["totals"]["loans"] == len(numbers)
    on_e = get(client, bucket="31-90", on=E.isoformat())
    assert {row["loan"].pk for row in on_e.context["rows"]} == {crafted[1].pk, crafted[2].pk}
    province = crafted[1].application.mine.province
    in_province = Loan.objects.filter(application__mine__province=province).exclude(closed_on__isnull=False)
    response = get(client, province=province.code)
    assert {row["loan"].pk for row in response.context["rows"]} == set(
        in_province.values_list("pk", flat=True)
    )


def test_page_as_of_a_past_day(client, fund_officer, crafted):
    client.force_login(fund_officer)
    response = get(client, on=format_jalali(E))
    assert response.context["on"] == E and response.context["stored"] is False
    rows = {row["loan"].pk: row for row in response.context["rows"]}
    assert set(rows) == {crafted[number].pk for number in (1, 2, 5, 6, 8)}
    assert rows[crafted[2].pk]["days"] == 70
    assert rows[crafted[8].pk]["outstanding"] == 0
    refused = get(client, on=(TODAY + ONE).isoformat())
    assert refused.status_code == 200 and "on" in refused.context["filterset"].form.errors


def test_page_in_persian_shows_persian_digits(fund_officer, crafted):
    client = signed_in(fund_officer, "fa")
    response = get(client, on=E.isoformat())
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert '<div class="fs-5" id="active-loans">۵</div>' in html
    year = format_jalali(E).split("/")[0]
    assert year.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in html


def test_only_programme_staff_see_the_portfolio(client, crafted):
    assert get(client).status_code == 302  # to the sign-in page
    operator = crafted[1].application.applicant
    client.force_login(operator)
    assert get(client).url == reverse("financing:loan_list")
    client.force_login(OperatorFactory())
    assert get(client).url == reverse("financing:loan_list")
    client.force_login(FundOfficerFactory())
    assert get(client).status_code == 200


def test_a_past_days_figures_are_kept_until_a_money_row_changes(client, fund_officer, crafted):
    client.force_login(fund_officer)
    get(client)  # the first request after sign-in fills the cached roles and unread count
    with CaptureQueriesContext(connection) as computed:
        first = get(client, on=E.isoformat())
    with CaptureQueriesContext(connection) as kept:
        second = get(client, on=E.isoformat())
    assert second.context["totals"] == first.context["totals"]
    assert second.context["page"].paginator.count == first.context["totals"]["loans"] == 5
    assert len(kept.captured_queries) < len(computed.captured_queries)
    # A repayment recorded late, dated before the day, is a correction of that day's figures.
    repay(crafted[1], fund_officer, Decimal(50_000_000), E - ONE)
    third = get(client, on=E.isoformat())
    assert third.context["totals"]["overdue"] < first.context["totals"]["overdue"]
    assert third.context["totals"] == {
        **first.context["totals"],
        "overdue": third.context["totals"]["overdue"],
        "outstanding": third.context["totals"]["outstanding"],
    }


def test_todays_figures_follow_a_repayment_recorded_today(client, fund_officer, crafted):
    client.force_login(fund_officer)
    first = get(client).context["totals"]
    assert get(client).context["totals"] == first
    repay(crafted[1], fund_officer, Decimal(50_000_000), TODAY)
    assert get(client).context["totals"]["overdue"] < first["overdue"]
