"""The database itself refuses what the forms refuse, even through a bulk update() that skips clean()."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from mines import services
from mines.models import Mine
from tests.mines.factories import MineFactory, ProductionReportFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_bulk_update_cannot_set_expiry_before_issue():
    mine = MineFactory()
    with pytest.raises(IntegrityError, match="mine_licence_expiry_after_issue"), transaction.atomic():
        Mine.objects.filter(pk=mine.pk).update(licence_expires_on=dt.date(2000, 1, 1))


@pytest.mark.parametrize(("field", "value"), [("latitude", Decimal("48.85")), ("longitude", Decimal("2.35"))])
def test_bulk_update_cannot_move_a_mine_out_of_iran(field, value):
    MineFactory()
    with pytest.raises(IntegrityError, match="mine_location_inside_iran"), transaction.atomic():
        Mine.objects.update(**{field: value})


def test_bulk_update_cannot_reject_without_reason():
    MineFactory()
    with pytest.raises(IntegrityError, match="mine_rejection_has_reason"), transaction.atomic():
        Mine.objects.update(verification_status="rejected", verification_reason="")


def test_concurrent_reports_for_one_period_store_exactly_one(operator):
    mine = MineFactory(operator=operator)
    ProductionReportFactory(mine=mine, period_year=1402, period_month=1)  # warm the tables
    outcomes, barrier = [], threading.Barrier(6)

    def file_report():
        try:
            barrier.wait()
            services.production_report_file(
                actor=operator,
                mine=mine,
                period_year=1403,
                period_month=3,
                jobs=1,
                tonnes_mined=Decimal(1),
                tonnes_sold=Decimal(1),
                revenue_rials=Decimal(1),
            )
            outcomes.append("ok")
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_report) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "ValidationError"}
    assert mine.production_reports.filter(period_year=1403, period_month=3).count() == 1
