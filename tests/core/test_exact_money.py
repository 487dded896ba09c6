"""Exact money on every database: 18-digit amounts and the sums the reports make of them round-trip
exactly; a longer amount is refused, never rounded; no rate of 18 or more (17.999) can be stored.

These tests run on the database of the session; ``test_exact_money_on_sqlite`` runs this module again
on SQLite, so the one-machine mode is checked in CI too (where the session runs on PostgreSQL).
"""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from rest_framework.test import APIClient

from financing import services
from financing.choices import ApplicationStatus
from financing.forms import ApplicationMineForm
from financing.models import LoanApplication, RatePolicy
from mines.models import ProductionReport
from revival_portal.core.fields import MoneyFormField
from revival_portal.core.money import WholeRials
from revival_portal.reports.selectors.programme import programme_figures
from revival_portal.reports.selectors.sql import as_money
from tests.financing.factories import LoanApplicationFactory, RatePolicyFactory
from tests.mines.factories import MineFactory, ProductionReportFactory

pytestmark = pytest.mark.django_db

LARGEST = Decimal("999999999999999999")  # 18 digits
OTHER = Decimal("123456789012345678")  # 18 digits
TOO_LONG = Decimal(
    "12345678901234567891"
)  # 20 digits: Django's SQLite backend read it as 12345678901234600000


@pytest.fixture(autouse=True)
def _on_the_expected_database():
    """When run to check SQLite, make sure it really is SQLite."""
    expected = os.environ.get("EXACT_MONEY_DATABASE_VENDOR")
    if expected:
        assert connection.vendor == expected


def test_18_digit_amounts_round_trip_exactly():
    for amount in (LARGEST, OTHER):
        application = LoanApplicationFactory(amount_requested=amount)
        stored = LoanApplication.objects.get(pk=application.pk)
        assert stored.amount_requested == amount
        assert str(stored.amount_requested) == str(amount)
        assert (
            LoanApplication.objects.filter(pk=application.pk).values_list("amount_requested", flat=True)[0]
            == amount
        )
        assert LoanApplication.objects.filter(amount_requested=amount).count() == 1


def test_their_sum_in_a_report_is_exact():
    LoanApplicationFactory(amount_requested=LARGEST)
    LoanApplicationFactory(amount_requested=OTHER)
    total = LARGEST + OTHER
    assert total == Decimal("1123456789012345677")
    assert LoanApplication.objects.aggregate(total=as_money(Sum("amount_requested")))["total"] == total
    today = timezone.localdate()
    figures = programme_figures(start=today - dt.timedelta(days=30), end=today)
    drafts = next(
        row for row in figures["applications"]["by_state"] if row["status"] == ApplicationStatus.DRAFT
    )
    assert drafts["amount_requested"] == total


def test_production_revenue_sums_are_exact():
    mine = MineFactory()
    ProductionReportFactory(mine=mine, revenue_rials=LARGEST)
    ProductionReportFactory(mine=mine, revenue_rials=OTHER)
    assert (
        ProductionReport.objects.aggregate(total=as_money(Sum("revenue_rials")))["total"] == LARGEST + OTHER
    )


def codes(error: ValidationError, field: str) -> set[str]:
    return {item.code for item in error.error_dict[field]}


def test_a_20_digit_amount_is_refused_by_the_model_form_api_and_service():
    mine = MineFactory()
    application = LoanApplicationFactory.build(mine=mine, applicant=mine.operator, amount_requested=TOO_LONG)
    with pytest.raises(ValidationError) as error:
        application.full_clean()
    assert "money_too_large" in codes(error.value, "amount_requested")

    with pytest.raises(ValidationError) as error:
        MoneyFormField().clean("12345678901234567891")
    assert error.value.error_list[0].code == "money_too_large"
    form = ApplicationMineForm({"mine": mine.pk, "amount_requested": str(TOO_LONG)}, user=mine.operator)
    assert not form.is_valid()
    assert {e.code for e in form.errors.as_data()["amount_requested"]} & {"money_too_large", "max_digits"}

    client = APIClient()
    client.force_authenticate(mine.operator)
    body = {"mine": mine.pk, "amount_requested": str(TOO_LONG)}
    response = client.post("/api/v1/loan-applications/", body, format="json")
    assert response.status_code == 400
    assert "amount_requested" in response.json()

    with pytest.raises(ValidationError) as error:
        services.loan_application_create(applicant=mine.operator, mine=mine, amount_requested=TOO_LONG)
    assert "money_too_large" in codes(error.value, "amount_requested")
    assert not LoanApplication.objects.exists()


def test_the_database_never_rounds_a_20_digit_amount():
    """SQLite cannot hold it exactly, so its CHECK refuses it; PostgreSQL's numeric holds it exactly."""
    application = LoanApplicationFactory()
    stored = False
    try:
        with transaction.atomic():
            LoanApplication.objects.filter(pk=application.pk).update(amount_requested=TOO_LONG)
            stored = True
    except IntegrityError:
        assert connection.vendor == "sqlite"
    if stored:
        assert connection.vendor == "postgresql"
        assert LoanApplication.objects.get(pk=application.pk).amount_requested == TOO_LONG
    else:
        assert LoanApplication.objects.get(pk=application.pk).amount_requested == Decimal("5000000000")


@pytest.mark.parametrize("rate", ["17.999", "17.995", "18", "18.001"])
def test_a_bulk_update_cannot_store_a_rate_that_would_read_back_as_18(rate):
    application = LoanApplicationFactory(proposed_rate=Decimal("17.99"))
    policy = RatePolicyFactory(cap=Decimal("17.50"))
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanApplication.objects.update(proposed_rate=Decimal(rate))
    with pytest.raises(IntegrityError), transaction.atomic():
        RatePolicy.objects.update(cap=Decimal(rate))
    assert LoanApplication.objects.get(pk=application.pk).proposed_rate == Decimal("17.99")
    assert RatePolicy.objects.get(pk=policy.pk).cap == Decimal("17.50")


def test_a_rate_with_more_than_two_decimals_is_never_kept_as_it_was_typed():
    """SQLite refuses it (it would keep a float); PostgreSQL's numeric(5, 2) rounds it to two decimals."""
    application = LoanApplicationFactory()
    try:
        with transaction.atomic():
            LoanApplication.objects.filter(pk=application.pk).update(proposed_rate=Decimal("5.555"))
    except IntegrityError:
        assert connection.vendor == "sqlite"
    else:
        assert connection.vendor == "postgresql"
        assert LoanApplication.objects.get(pk=application.pk).proposed_rate == Decimal("5.56")


def test_two_decimal_rates_are_stored_and_read_back_unchanged():
    application = LoanApplicationFactory()
    for rate in ("0", "0.01", "12.34", "17.49", "17.99"):
        LoanApplication.objects.filter(pk=application.pk).update(proposed_rate=Decimal(rate))
        assert LoanApplication.objects.get(pk=application.pk).proposed_rate == Decimal(rate)


def test_whole_rials_reads_the_same_amounts_as_integers():
    amounts = [LARGEST, OTHER, Decimal(1), Decimal(42)]
    for amount in amounts:
        LoanApplicationFactory(amount_requested=amount)

    read = LoanApplication.objects.order_by("pk").values_list(WholeRials("amount_requested"), flat=True)

    assert list(read) == amounts
    assert {type(value) for value in read} == {int}
