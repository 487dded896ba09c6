"""Factories for the mine registry."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from mines.choices import LicenceType, RevivalStage, Verification
from mines.models import Mine, Mineral, ProductionReport
from revival_portal.core.models import Province
from tests.factories import OperatorFactory, ReviewerFactory


def mineral(code: str = "lead-zinc") -> Mineral:
    """A mineral of the reference list loaded by the migration."""
    return Mineral.objects.get(code=code)


class MineFactory(factory.django.DjangoModelFactory):
    """A verified mine with a licence in force (use ``PendingMineFactory`` for a new registration)."""

    class Meta:
        model = Mine
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mine {n}")
    operator = factory.SubFactory(OperatorFactory)
    province = factory.LazyFunction(lambda: Province.objects.get(code="IR-10"))
    county = "Anarak"
    latitude = Decimal("33.33000")
    longitude = Decimal("53.70000")
    primary_mineral = factory.LazyFunction(mineral)
    licence_type = LicenceType.EXPLOITATION
    licence_number = factory.Sequence(lambda n: f"EXP-{1400 + n % 20}-{n:05d}")
    licence_issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    licence_expires_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3 * 365))
    revival_stage = RevivalStage.INTERVENTION
    jobs_before = 4
    jobs_now = 12
    annual_output_tonnes = Decimal("12000")
    verification_status = Verification.VERIFIED
    verified_by = factory.SubFactory(ReviewerFactory)
    verified_at = factory.LazyFunction(timezone.now)


class PendingMineFactory(MineFactory):
    verification_status = Verification.PENDING
    verified_by = None
    verified_at = None


class ProductionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionReport

    mine = factory.SubFactory(MineFactory)
    period_year = 1404
    period_month = factory.Sequence(lambda n: n % 12 + 1)
    jobs = 10
    tonnes_mined = Decimal("1000")
    tonnes_sold = Decimal("900")
    revenue_rials = Decimal("4500000000")
    filed_by = factory.LazyAttribute(lambda o: o.mine.operator)
