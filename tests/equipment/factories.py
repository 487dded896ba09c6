"""Factories for the fleet, requests, bookings and tenders."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from equipment.choices import TenderKind, TenderStatus, UnitStatus
from equipment.models import Bid, Booking, ProcessingUnit, Tender, UnitRequest, UnitType
from revival_portal.core.models import Province
from tests.factories import PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory, mineral


class UnitTypeFactory(factory.django.DjangoModelFactory):
    """A lead-zinc flotation circuit (pass ``minerals=[...]`` for others)."""

    class Meta:
        model = UnitType
        skip_postgeneration_save = True

    name_fa = factory.Sequence(lambda n: f"فلوتاسیون سرب و روی {n}")
    name_en = factory.Sequence(lambda n: f"Lead-zinc flotation {n}")
    circuit = "Jaw crusher, ball mill, rougher and cleaner flotation, thickener"
    capacity_tph = Decimal("25")

    @factory.post_generation
    def minerals(self, create, extracted, **kwargs):
        if create:
            self.minerals.set(extracted if extracted is not None else [mineral("lead-zinc"), mineral("lead")])


class ProcessingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingUnit

    code = factory.Sequence(lambda n: f"MPU-{n:04d}")
    unit_type = factory.SubFactory(UnitTypeFactory)
    status = UnitStatus.AVAILABLE
    home_province = factory.LazyFunction(lambda: Province.objects.get(code="IR-10"))


def days(n: int) -> dt.date:
    """The date ``n`` days from today (Tehran)."""
    return timezone.localdate() + dt.timedelta(days=n)


class UnitRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitRequest

    mine = factory.SubFactory(MineFactory)
    requested_by = factory.LazyAttribute(lambda o: o.mine.operator)
    mineral = factory.LazyAttribute(lambda o: o.mine.primary_mineral)
    ore_tonnes = Decimal("5000")
    desired_start = factory.LazyFunction(lambda: days(10))
    desired_end = factory.LazyFunction(lambda: days(40))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    unit = factory.SubFactory(ProcessingUnitFactory)
    request = factory.SubFactory(UnitRequestFactory)
    start_date = factory.LazyAttribute(lambda o: o.request.desired_start)
    end_date = factory.LazyAttribute(lambda o: o.request.desired_end)
    booked_by = factory.SubFactory(ReviewerFactory)


class TenderFactory(factory.django.DjangoModelFactory):
    """A published tender taking bids for another week."""

    class Meta:
        model = Tender

    title = factory.Sequence(lambda n: f"Mass production of flotation units, lot {n}")
    scope = "Build 20 mobile lead-zinc flotation units of 25 t/h."
    kind = TenderKind.MANUFACTURING_PARTNER
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    status = TenderStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(ReviewerFactory)


class BidFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bid

    tender = factory.SubFactory(TenderFactory)
    partner = factory.SubFactory(PartnerFactory)
    price_rials = Decimal("987654321012")
    delivery_schedule = "Four units a month from month three."
