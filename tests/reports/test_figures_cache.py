"""The figures the dashboard and the figures API show: today's read from the live tables equal those read
from the history, served from the cache, and computed again after any change of a row they come from."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from financing.models import LoanApplication
from financing.services import repayment_record
from mines.choices import RevivalStage
from mines.models import Mine
from revival_portal.core import versioned_cache
from revival_portal.reports.figures import SCOPE, cached_programme_figures
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import programme_figures
from tests.equipment.factories import BookingFactory
from tests.factories import FundOfficerFactory
from tests.financing.factories import contracted_loan, submitted_application, tranche
from tests.mines.factories import MineFactory
from tests.reports.factories import known_mines

pytestmark = pytest.mark.django_db


def _programme(officer):
    known_mines()
    submitted_application(amount_requested=Decimal("3000000000"))
    loan = contracted_loan(officer=officer, contracted_on=timezone.localdate() - dt.timedelta(days=40))
    tranche(loan, officer, loan.approved_amount, timezone.localdate() - dt.timedelta(days=40))
    BookingFactory()
    return loan


def test_todays_figures_from_the_live_tables_equal_those_from_the_history():
    _programme(FundOfficerFactory())
    mine = MineFactory(revival_stage=RevivalStage.IDLE)
    mine.revival_stage = RevivalStage.ACTIVE
    mine.save()
    start, end = Period.current_month().bounds
    today = timezone.localdate()
    live = programme_figures(start=start, end=end, on=today)  # the end of today is still to come
    later = timezone.now() + dt.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        from_history = programme_figures(start=start, end=end, on=today)
    assert live == from_history
    assert live["mines"]["totals"]["mines"] == Mine.objects.count()
    assert live["applications"]["applications"] == LoanApplication.objects.count()


def test_the_dashboard_serves_its_figures_from_the_cache_until_a_mine_changes(reviewer_client):
    known_mines()
    url = reverse("reports:dashboard")
    first = reviewer_client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = reviewer_client.get(url)
    assert second.context["figures"] == first.context["figures"]
    with CaptureQueriesContext(connection) as computed:
        versioned_cache.bump(SCOPE)
        reviewer_client.get(url)
    assert len(again.captured_queries) + 15 <= len(computed.captured_queries)
    MineFactory()
    third = reviewer_client.get(url)
    assert third.context["figures"]["mines"]["totals"]["mines"] == 4


def test_a_late_repayment_dated_in_a_closed_month_changes_that_months_figures(fund_officer):
    officer = fund_officer
    loan = _programme(officer)
    month = Period.current_month()
    last_month = Period(month.year - 1, 12) if month.month == 1 else Period(month.year, month.month - 1)
    before = cached_programme_figures(last_month)
    assert before["money"]["repaid_to_date"] == 0
    repayment_record(
        loan=loan, actor=officer, amount=Decimal(1_000_000), paid_on=last_month.bounds[1], reference="LATE"
    )
    after = cached_programme_figures(last_month)
    assert after["money"]["repaid_to_date"] == Decimal(1_000_000)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_commit_replaces_the_token_a_reader_took_during_the_transaction():
    """A request that takes the token while a change is being written reads the old rows: the commit
    replaces the token again, so what it cached under it is never served."""
    known_mines()
    period = Period.current_month()
    assert cached_programme_figures(period)["mines"]["totals"]["mines"] == 3
    with transaction.atomic():
        MineFactory()
        token = versioned_cache._tokens([SCOPE])
    assert versioned_cache._tokens([SCOPE]) != token
    assert cached_programme_figures(period)["mines"]["totals"]["mines"] == 4
