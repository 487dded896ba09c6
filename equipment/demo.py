"""Demo data: a fleet of mobile units of six types, a year of requests and bookings, two tenders."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from equipment import services
from equipment.choices import BookingStatus, EventKind, RequestStatus, TenderKind, TenderStatus, UnitStatus
from equipment.models import (
    Award,
    Bid,
    Booking,
    EquipmentEvent,
    ProcessingUnit,
    Tender,
    UnitRequest,
    UnitType,
)
from mines.models import Mine, Mineral
from revival_portal.core.models import Province

# Persian name, English name, circuit, minerals served, capacity t/h, code prefix, home provinces
UNIT_TYPES = [
    (
        "فلوتاسیون سرب و روی",
        "Lead-zinc flotation",
        "سنگ‌شکن فکی، آسیای گلوله‌ای، فلوتاسیون رافر و کلینر، تیکنر و فیلتر",
        ["lead-zinc", "lead", "zinc"],
        "25",
        "PBZ",
        ["IR-10", "IR-19", "IR-21", "IR-20", "IR-08"],
    ),
    (
        "جیگ و جداکننده مغناطیسی منگنز",
        "Manganese jig and magnetic separation",
        "سنگ‌شکن، سرند، جیگ، جداکننده مغناطیسی شدت بالا",
        ["manganese"],
        "15",
        "MN",
        ["IR-20", "IR-25", "IR-08", "IR-10"],
    ),
    (
        "اسکرابر و سرند بوکسیت",
        "Bauxite scrubbing and screening",
        "اسکرابر دوار، سرند لرزان، هیدروسیکلون",
        ["bauxite", "kaolin"],
        "30",
        "BX",
        ["IR-28", "IR-02", "IR-07"],
    ),
    (
        "اسپیرال و میز لرزان کرومیت",
        "Chromite gravity spirals and shaking tables",
        "سنگ‌شکن، آسیای میله‌ای، اسپیرال، میز لرزان",
        ["chromite"],
        "12",
        "CR",
        ["IR-22", "IR-08", "IR-09"],
    ),
    (
        "جداکننده مغناطیسی خشک سنگ آهن",
        "Iron ore dry magnetic separation",
        "سنگ‌شکن مخروطی، سرند، جداکننده مغناطیسی خشک",
        ["iron"],
        "50",
        "FE",
        ["IR-08", "IR-21", "IR-29", "IR-00"],
    ),
    (
        "جیگ باریت و سلستین",
        "Barite and celestite jigging",
        "سنگ‌شکن، سرند، جیگ، خشک‌کن",
        ["barite", "celestite"],
        "10",
        "BA",
        ["IR-10", "IR-20", "IR-06"],
    ),
]
UNITS_PER_TYPE = 6


def seed(*, users, stdout) -> None:
    rng = random.Random(1404)
    today = timezone.localdate()
    reviewer = users["reviewer"]
    types = _unit_types()
    units = _fleet(types, users, rng, today)
    requests, bookings = _requests_and_bookings(units, reviewer, rng, today)
    _tenders(users, today)
    stdout.write(
        f"Equipment: {len(types)} unit types, {len(units)} units, {requests} requests, {bookings} bookings, "
        "2 tenders."
    )


def _unit_types() -> list[UnitType]:
    types = []
    for name_fa, name_en, circuit, minerals, capacity, *_rest in UNIT_TYPES:
        unit_type = UnitType.objects.create(
            name_fa=name_fa, name_en=name_en, circuit=circuit, capacity_tph=Decimal(capacity)
        )
        unit_type.minerals.set(Mineral.objects.filter(code__in=minerals))
        types.append(unit_type)
    return types


def _fleet(types, users, rng, today) -> list[ProcessingUnit]:
    provinces = Province.objects.in_bulk()
    builders = [users["partner"], users["partner2"], None]
    units = []
    for unit_type, (*_head, prefix, homes) in zip(types, UNIT_TYPES, strict=True):
        for n in range(1, UNITS_PER_TYPE + 1):
            status = UnitStatus.AVAILABLE
            if n == UNITS_PER_TYPE:
                status = rng.choice([UnitStatus.MAINTENANCE, UnitStatus.IN_PRODUCTION, UnitStatus.RETIRED])
            units.append(
                ProcessingUnit(
                    code=f"MPU-{prefix}-{n:02d}",
                    unit_type=unit_type,
                    status=status,
                    home_province=provinces[homes[n % len(homes)]],
                    builder=builders[n % 3],
                    commissioned_on=None
                    if status == UnitStatus.IN_PRODUCTION
                    else today - dt.timedelta(days=rng.randint(200, 900)),
                )
            )
    # With history rows dated three years back: the programme reports read the fleet as it stood at the
    # end of a period from them, so the demo's past months and years have their units.
    return bulk_create_with_history(
        units, ProcessingUnit, default_date=timezone.now() - dt.timedelta(days=3 * 365)
    )


def _requests_and_bookings(units, reviewer, rng, today) -> tuple[int, int]:
    """Completed campaigns earlier in the year, some under way, some scheduled and some waiting."""
    mines = list(Mine.objects.eligible().select_related("operator", "primary_mineral").order_by("pk")[:40])
    if not mines:
        return 0, 0
    by_mineral: dict[int, list[ProcessingUnit]] = {}
    for unit in units:
        if unit.status == UnitStatus.AVAILABLE:
            for mineral_id in unit.unit_type.minerals.values_list("pk", flat=True):
                by_mineral.setdefault(mineral_id, []).append(unit)
    free_from = {unit.pk: today - dt.timedelta(days=300) for unit in units}
    request_count = booking_count = 0
    for round_number in range(3):
        for mine in mines:
            candidates = by_mineral.get(mine.primary_mineral_id)
            if not candidates:
                continue
            unit = rng.choice(candidates)
            # Round 0 lies in the past, round 1 around today, round 2 waits in the reviewers' queue.
            earliest = free_from[unit.pk]
            if round_number == 1:
                earliest = max(earliest, today - dt.timedelta(days=20))
            elif round_number == 2:
                earliest = max(earliest, today + dt.timedelta(days=10))
            start = earliest + dt.timedelta(days=rng.randint(3, 25))
            end = start + dt.timedelta(days=rng.randint(14, 45))
            status = _status_for(start, end, today, round_number)
            unit_request = UnitRequest.objects.create(
                mine=mine,
                requested_by=mine.operator,
                mineral=mine.primary_mineral,
                ore_tonnes=Decimal(rng.randrange(2000, 30000, 500)),
                desired_start=start,
                desired_end=end,
                status=RequestStatus.REQUESTED if status is None else _request_status(status),
                note="",
            )
            EquipmentEvent.objects.create(
                kind=EventKind.REQUEST_SUBMITTED, actor=mine.operator, request=unit_request
            )
            request_count += 1
            if status is None:
                continue  # a waiting request holds no dates of the unit
            booking = Booking.objects.create(
                unit=unit,
                request=unit_request,
                start_date=start,
                end_date=end,
                status=status,
                booked_by=reviewer,
                tonnes_processed=unit_request.ore_tonnes * Decimal("0.9")
                if status == BookingStatus.COMPLETED
                else None,
                condition_notes="لاینرهای آسیا ساییده شده‌اند؛ بقیه سالم."
                if status == BookingStatus.COMPLETED
                else "",
            )
            EquipmentEvent.objects.create(
                kind=EventKind.BOOKING_SCHEDULED, actor=reviewer, request=unit_request, booking=booking
            )
            if status == BookingStatus.DEPLOYED:
                ProcessingUnit.objects.filter(pk=unit.pk).update(status=UnitStatus.DEPLOYED)
            free_from[unit.pk] = end + dt.timedelta(days=1)
            booking_count += 1
    return request_count, booking_count


def _status_for(start, end, today, round_number) -> str | None:
    if end < today:
        return BookingStatus.COMPLETED
    if start <= today:
        return BookingStatus.DEPLOYED
    # A few future requests stay in the reviewers' queue.
    return None if round_number == 2 else BookingStatus.SCHEDULED


def _request_status(booking_status: str) -> str:
    return RequestStatus.COMPLETED if booking_status == BookingStatus.COMPLETED else RequestStatus.SCHEDULED


def _tenders(users, today) -> None:
    reviewer, partner, partner2 = users["reviewer"], users["partner"], users["partner2"]
    now = timezone.now()
    open_tender = services.tender_create(
        actor=reviewer,
        title="ساخت انبوه ۲۰ دستگاه واحد سیار فلوتاسیون سرب و روی",
        scope="طراحی، ساخت و تحویل ۲۰ واحد سیار فلوتاسیون با ظرفیت ۲۵ تن در ساعت، با آموزش و دو سال پشتیبانی.",  # noqa: E501
        kind=TenderKind.MANUFACTURING_PARTNER,
        closes_at=now + dt.timedelta(days=21),
    )
    services.tender_publish(actor=reviewer, tender=open_tender)
    services.bid_submit(
        actor=partner,
        tender=open_tender,
        price_rials=Decimal("1850000000000"),
        delivery_schedule="چهار دستگاه در ماه از ماه سوم پس از قرارداد",
    )
    services.bid_submit(
        actor=partner2,
        tender=open_tender,
        price_rials=Decimal("1720000000000"),
        delivery_schedule="پنج دستگاه در ماه از ماه چهارم",
    )
    awarded = Tender.objects.create(
        title="سرمایه‌گذار ناوگان واحدهای سیار منگنز",
        scope="تأمین مالی ۱۰ واحد سیار جیگ و جداکننده مغناطیسی منگنز برای استان‌های سمنان و کرمان.",
        kind=TenderKind.INVESTOR,
        closes_at=now - dt.timedelta(days=40),
        status=TenderStatus.AWARDED,
        created_by=reviewer,
        published_at=now - dt.timedelta(days=80),
        closed_at=now - dt.timedelta(days=40),
    )
    winner = Bid.objects.create(
        tender=awarded,
        partner=partner,
        price_rials=Decimal("640000000000"),
        delivery_schedule="سه مرحله در ۹ ماه",
        score=86,
    )
    Bid.objects.create(
        tender=awarded,
        partner=partner2,
        price_rials=Decimal("700000000000"),
        delivery_schedule="دو مرحله در ۱۲ ماه",
        score=71,
    )
    Award.objects.create(
        tender=awarded,
        bid=winner,
        justification="کمترین قیمت و زمان‌بندی کوتاه‌تر با سابقه ساخت تجهیزات فرآوری.",
        awarded_by=reviewer,
    )
    for kind in (EventKind.TENDER_PUBLISHED, EventKind.TENDER_CLOSED, EventKind.TENDER_AWARDED):
        EquipmentEvent.objects.create(kind=kind, actor=reviewer, tender=awarded)
