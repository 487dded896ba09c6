"""Demo data of the mine registry: about 200 mines across provinces, minerals, stages and decisions."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import jdatetime
from django.contrib.auth.models import Group
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from mines.choices import LicenceType, MineEventKind, RevivalStage, Verification
from mines.models import Mine, MineEvent, Mineral, ProductionReport
from revival_portal.accounts.models import User
from revival_portal.accounts.roles import Role
from revival_portal.core.models import Province
from revival_portal.core.provinces import IRAN_BOUNDING_BOX as BOX

MINE_COUNT = 200
TOWNS = (
    "انارک",
    "نخلک",
    "ایرانکوه",
    "بافق",
    "زرند",
    "کوهبنان",
    "تکاب",
    "ماهنشان",
    "انگوران",
    "دلیجان",
    "خمین",
    "شهربابک",
    "سیرجان",
    "جاجرم",
    "طبس",
    "فردوس",
    "قائن",
    "نی‌ریز",
    "آباده",
    "اقلید",
    "ملایر",
    "نهاوند",
    "ازنا",
    "سقز",
    "بیجار",
    "قیدار",
    "خور",
    "راور",
    "کاشمر",
    "گناباد",
)
PLACES = (
    "کوه سفید",
    "دره سبز",
    "چشمه‌شور",
    "تپه سرخ",
    "کال‌شور",
    "گردنه",
    "سیاه‌کوه",
    "دشت باز",
    "قلعه",
    "نمکزار",
)
COMPANIES = (
    "شرکت معدنی کویر",
    "تعاونی معدن‌کاران",
    "شرکت فرآوری زاگرس",
    "معادن البرز شرق",
    "شرکت کانی‌کاوان",
    "شرکت سنگ‌آهن مرکزی",
    "تعاونی روستایی معدن",
    "شرکت باریت جنوب",
    "معدن‌داران یزد",
    "شرکت کاوش‌گران",
    "شرکت منگنز ونارچ",
    "شرکت بوکسیت جاجرم",
    "شرکت گچ سمنان",
    "معادن سنگ تزئینی",
    "شرکت کائولن زنوز",
    "شرکت زغال‌سنگ طبس",
    "شرکت سلستین کویر",
    "شرکت مس نوین",
    "شرکت کرومیت اسفندقه",
    "شرکت طلای زرشوران",
)
FIRST_NAMES = ("محمد", "حسین", "زهرا", "فاطمه", "علی", "مهدی", "مریم", "رضا", "سمیه", "جواد")
LAST_NAMES = ("کاظمی", "نوری", "صادقی", "موسوی", "اکبری", "حیدری", "شریفی", "ملکی", "باقری", "طاهری")
LICENCE_PREFIX = {LicenceType.EXPLORATION: "EXR", LicenceType.EXPLOITATION: "EXP", LicenceType.HARVEST: "HRV"}


def _extra_operators(rng: random.Random) -> list[User]:
    """Twenty more operators (no password: demo sign-ins use the named users)."""
    users = [
        User(
            username=f"demo-operator-{n:02d}",
            email=f"demo-operator-{n:02d}@example.ir",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            company_name=company,
            language="fa",
        )
        for n, company in enumerate(COMPANIES, start=1)
    ]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    group = Group.objects.get_or_create(name=Role.OPERATOR)[0]
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    return users


def _plan(users) -> list[tuple]:
    """(owner, verification, stage, licence expired) for each mine; the named operators get known cases."""
    v, p, r = Verification.VERIFIED, Verification.PENDING, Verification.REJECTED
    plan = [
        (users["operator"], v, RevivalStage.ACTIVE, False),
        (users["operator"], v, RevivalStage.INTERVENTION, False),
        (users["operator"], v, RevivalStage.REVIVED, False),
        (users["operator"], v, RevivalStage.MONITORING, True),
        (users["operator"], p, RevivalStage.IDLE, False),
        (users["operator"], r, RevivalStage.IDLE, False),
        (users["operator2"], v, RevivalStage.INTERVENTION, False),
        (users["operator2"], v, RevivalStage.IDLE, False),
        (users["operator2"], p, RevivalStage.IDLE, False),
        (users["operator2"], r, RevivalStage.IDLE, False),
    ]
    return plan


def seed(*, users, stdout) -> None:
    rng = random.Random(1404)
    today = timezone.localdate()
    now = timezone.now()
    reviewer = users["reviewer"]
    provinces = list(Province.objects.all())
    minerals = list(Mineral.objects.all())
    owners = _extra_operators(rng)
    plan = _plan(users)
    stages = list(RevivalStage.values)
    while len(plan) < MINE_COUNT:
        verification = rng.choices(
            [Verification.VERIFIED, Verification.PENDING, Verification.REJECTED], [75, 18, 7]
        )[0]
        stage = rng.choice(stages) if verification == Verification.VERIFIED else RevivalStage.IDLE
        plan.append((rng.choice(owners), verification, stage, rng.random() < 0.08))

    mines, extra_minerals = [], []
    for number, (owner, verification, stage, expired) in enumerate(plan, start=1):
        province = rng.choice(provinces)
        primary = rng.choice(minerals)
        licence_type = rng.choice(list(LicenceType))
        issued = today - dt.timedelta(days=rng.randint(400, 3000))
        expires = (
            today - dt.timedelta(days=rng.randint(5, 200))
            if expired
            else today + dt.timedelta(days=rng.randint(20, 1800))
        )
        jobs_before = rng.randint(0, 12)
        active = stage in (RevivalStage.ACTIVE, RevivalStage.REVIVED, RevivalStage.INTERVENTION)
        mines.append(
            Mine(
                name=f"معدن {primary.name_fa} {rng.choice(PLACES)} {number}",
                operator=owner,
                province=province,
                county=rng.choice(TOWNS),
                latitude=Decimal(
                    str(
                        round(
                            min(max(province.latitude + rng.uniform(-0.8, 0.8), BOX.min_lat), BOX.max_lat), 5
                        )
                    )
                ),
                longitude=Decimal(
                    str(
                        round(
                            min(max(province.longitude + rng.uniform(-0.8, 0.8), BOX.min_lon), BOX.max_lon), 5
                        )
                    )
                ),
                primary_mineral=primary,
                licence_type=licence_type,
                licence_number=f"{LICENCE_PREFIX[licence_type]}-{1395 + number % 10}-{number:05d}",
                licence_issued_on=issued,
                licence_expires_on=expires,
                revival_stage=stage,
                jobs_before=jobs_before,
                jobs_now=jobs_before + (rng.randint(3, 40) if active else 0),
                annual_output_tonnes=Decimal(rng.randrange(2_000, 150_000, 500)) if active else Decimal(0),
                proven_reserve_tonnes=Decimal(rng.randrange(50_000, 5_000_000, 10_000))
                if rng.random() < 0.7
                else None,
                verification_status=verification,
                verification_reason="مدارک پروانه ناقص است و مختصات با نقشه کاداستر نمی‌خواند."
                if verification == Verification.REJECTED
                else "",
                verified_by=reviewer if verification != Verification.PENDING else None,
                verified_at=now - dt.timedelta(days=rng.randint(1, 300))
                if verification != Verification.PENDING
                else None,
            )
        )
        extra_minerals.append(rng.sample([m for m in minerals if m != primary], k=rng.choice([0, 0, 1, 2])))
    # With history rows dated three years back: the programme reports read the registry as it stood at the
    # end of a period from them, so the demo's past months and years have their mines.
    mines = bulk_create_with_history(mines, Mine, default_date=timezone.now() - dt.timedelta(days=3 * 365))

    through = Mine.other_minerals.through
    through.objects.bulk_create(
        [
            through(mine_id=mine.pk, mineral_id=m.pk)
            for mine, others in zip(mines, extra_minerals, strict=True)
            for m in others
        ]
    )
    events, reports = [], []
    this_month = jdatetime.date.fromgregorian(date=today)
    for mine in mines:
        events.append(
            MineEvent(
                mine=mine,
                kind=MineEventKind.REGISTERED,
                actor=mine.operator,
                to_value=Verification.PENDING,
                created_at=now - dt.timedelta(days=320),
            )
        )
        if mine.verification_status != Verification.PENDING:
            events.append(
                MineEvent(
                    mine=mine,
                    kind=mine.verification_status,
                    actor=reviewer,
                    from_value=Verification.PENDING,
                    to_value=mine.verification_status,
                    note=mine.verification_reason,
                    created_at=mine.verified_at,
                )
            )
        if mine.revival_stage != RevivalStage.IDLE:
            events.append(
                MineEvent(
                    mine=mine,
                    kind=MineEventKind.STAGE_CHANGED,
                    actor=reviewer,
                    from_value=RevivalStage.IDLE,
                    to_value=mine.revival_stage,
                    note="بازدید میدانی انجام شد.",
                    created_at=now - dt.timedelta(days=30),
                )
            )
        if mine.annual_output_tonnes:
            year, month = this_month.year, this_month.month
            for _ in range(6):
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
                mined = Decimal(int(mine.annual_output_tonnes / 12 * Decimal(rng.uniform(0.6, 1.2))))
                sold = Decimal(int(mined * Decimal(rng.uniform(0.7, 1.0))))
                reports.append(
                    ProductionReport(
                        mine=mine,
                        period_year=year,
                        period_month=month,
                        jobs=mine.jobs_now,
                        tonnes_mined=mined,
                        tonnes_sold=sold,
                        revenue_rials=sold * rng.randrange(3_000_000, 40_000_000, 100_000),
                        filed_by=mine.operator,
                    )
                )
    MineEvent.objects.bulk_create(events)
    ProductionReport.objects.bulk_create(reports)
    stdout.write(
        f"Created {len(mines)} mines, {len(reports)} production reports and {len(events)} history entries."
    )
