"""Factories and a small, fully known programme for the report tests."""

import datetime as dt
from decimal import Decimal

import factory

from mines.choices import RevivalStage
from mines.models import Mine
from revival_portal.core.calendar import TEHRAN
from revival_portal.core.models import Province
from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.models import ProgrammeReport
from tests.factories import ReviewerFactory
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral


class ProgrammeReportFactory(factory.django.DjangoModelFactory):
    """A queued report of Farvardin 1404, requested by a reviewer (start and end are filled on save)."""

    class Meta:
        model = ProgrammeReport

    period_kind = PeriodKind.MONTH
    jalali_year = 1404
    jalali_month = 1
    language = "en"
    requested_by = factory.SubFactory(ReviewerFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        report = model_class(*args, **kwargs)
        report.fill_period()
        report.full_clean()
        report.save()
        return report


# Tehran noon of 1 January 2024, in fiscal year 1402: the known mines are registered before fiscal year 1403.
BEFORE_FY1403 = dt.datetime(2024, 1, 1, 12, tzinfo=TEHRAN)


def recorded_at(moment: dt.datetime, *objects) -> None:
    """Date every history row of ``objects`` at ``moment``, as if they had been recorded then."""
    for obj in objects:
        type(obj).history.filter(id=obj.pk).update(history_date=moment)


def known_mines(operator=None) -> list[Mine]:
    """Three mines and five production reports; fiscal year 1403 holds three of the reports.

    The mines were registered (their history says) before fiscal year 1403 and have not changed since.

    | mine | status   | province | mineral   | stage   | jobs before/now | output (t) |
    | m1   | verified | IR-10    | lead-zinc | revived | 4 / 12          | 12000      |
    | m2   | verified | IR-08    | chromite  | active  | 10 / 25         | 5000       |
    | m3   | pending  | IR-10    | lead-zinc | idle    | 3 / 3           | 1000       |
    """
    extra = {"operator": operator} if operator else {}
    m1 = MineFactory(name="Kuh-e Sorkh Lead Mine", revival_stage=RevivalStage.REVIVED, **extra)
    m2 = MineFactory(
        name="Esfandagheh Chromite",
        province=Province.objects.get(code="IR-08"),
        primary_mineral=mineral("chromite"),
        revival_stage=RevivalStage.ACTIVE,
        jobs_before=10,
        jobs_now=25,
        annual_output_tonnes=Decimal("5000"),
    )
    m3 = PendingMineFactory(
        revival_stage=RevivalStage.IDLE, jobs_before=3, jobs_now=3, annual_output_tonnes=Decimal("1000")
    )
    report = ProductionReportFactory
    report(mine=m1, period_year=1403, period_month=1, jobs=10, tonnes_mined=1000, tonnes_sold=900,
           revenue_rials=4_500_000_000)  # fmt: skip
    report(mine=m1, period_year=1403, period_month=12, jobs=12, tonnes_mined=2000, tonnes_sold=1500,
           revenue_rials=7_000_000_000)  # fmt: skip
    report(mine=m2, period_year=1403, period_month=6, jobs=20, tonnes_mined=500, tonnes_sold=400,
           revenue_rials=1_000_000_000)  # fmt: skip
    # Outside fiscal year 1403: the last month of 1402 and the first of 1404.
    report(mine=m2, period_year=1402, period_month=12, jobs=99, tonnes_mined=7777, tonnes_sold=7777,
           revenue_rials=9_999_999_999)  # fmt: skip
    report(mine=m1, period_year=1404, period_month=1, jobs=99, tonnes_mined=8888, tonnes_sold=8888,
           revenue_rials=9_999_999_999)  # fmt: skip
    recorded_at(BEFORE_FY1403, m1, m2, m3)
    return [m1, m2, m3]


FY1403 = (dt.date(2024, 3, 20), dt.date(2025, 3, 20))
