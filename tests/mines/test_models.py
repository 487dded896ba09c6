"""Model rules: field-level messages for the licence dates and location, scoping, eligibility."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mines.choices import Verification
from mines.models import Mine, ProductionReport
from tests.factories import FundOfficerFactory, PartnerFactory
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory

pytestmark = pytest.mark.django_db


def test_expiry_before_issue_is_a_field_error():
    mine = MineFactory.build(
        operator=MineFactory().operator,
        licence_issued_on=dt.date(2024, 5, 1),
        licence_expires_on=dt.date(2024, 4, 1),
        licence_number="NEW-1",
    )
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert set(error.value.message_dict) == {"licence_expires_on"}


@pytest.mark.parametrize(
    ("latitude", "longitude", "fields"),
    [
        ("48.85", "2.35", {"latitude", "longitude"}),
        ("33.3", "70.0", {"longitude"}),
        ("20.0", "55.0", {"latitude"}),
    ],
)
def test_location_outside_iran_is_a_field_error(latitude, longitude, fields):
    mine = MineFactory.build(
        operator=MineFactory().operator,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        licence_number="NEW-2",
    )
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert set(error.value.message_dict) == fields


def test_duplicate_licence_number_is_a_field_error():
    existing = MineFactory()
    mine = MineFactory.build(operator=existing.operator, licence_number=existing.licence_number)
    with pytest.raises(ValidationError) as error:
        mine.full_clean()
    assert error.value.message_dict["licence_number"] == [
        "A mine with this licence number is already registered."
    ]


def test_second_report_for_the_same_period_is_a_field_error():
    report = ProductionReportFactory(period_year=1403, period_month=5)
    duplicate = ProductionReportFactory.build(
        mine=report.mine, period_year=1403, period_month=5, filed_by=report.filed_by
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert set(error.value.message_dict) == {"period_month"}


def test_save_normalises_arabic_letters_and_digits():
    mine = MineFactory(name="معدن كوه ياقوت ۲", county="كاشان", licence_number="exp-۱۴۰۲-۷")
    mine.refresh_from_db()
    assert mine.name == "معدن کوه یاقوت 2"
    assert mine.county == "کاشان"
    assert mine.licence_number == "EXP-1402-7"


def test_for_user_scopes_by_role(operator, other_operator, reviewer):
    own = MineFactory(operator=operator)
    MineFactory(operator=other_operator)
    assert list(Mine.objects.for_user(operator)) == [own]
    assert Mine.objects.for_user(reviewer).count() == 2
    assert Mine.objects.for_user(FundOfficerFactory()).count() == 2
    assert Mine.objects.for_user(PartnerFactory()).count() == 0
    assert ProductionReport.objects.for_user(operator).count() == 0


def test_expired_licence_is_flagged_and_not_eligible():
    today = timezone.localdate()
    expired = MineFactory(
        licence_issued_on=today - dt.timedelta(days=900), licence_expires_on=today - dt.timedelta(days=1)
    )
    valid = MineFactory()
    pending = PendingMineFactory()
    assert expired.licence_expired and not valid.licence_expired
    assert list(Mine.objects.eligible()) == [valid]
    assert "expired" in expired.eligibility_problem()
    assert "verified" in pending.eligibility_problem()
    assert valid.eligibility_problem() == ""
    assert list(Mine.objects.licence_expired()) == [expired]


def test_rejected_needs_a_reason_in_the_database():
    mine = PendingMineFactory()
    with pytest.raises(ValidationError):
        mine.verification_status = Verification.REJECTED
        mine.full_clean()
