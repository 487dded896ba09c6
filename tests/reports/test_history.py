"""Rows of a model as they stood at a moment, from its history: one query, either way it is written."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection

from mines.choices import RevivalStage
from mines.models import Mine
from revival_portal.core.calendar import TEHRAN
from revival_portal.reports.selectors.history import rows_as_of
from tests.mines.factories import MineFactory
from tests.reports.factories import recorded_at

pytestmark = pytest.mark.django_db


def _moment(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, 3, day, hour, tzinfo=TEHRAN)


@pytest.fixture
def mines():
    """A: idle from 10 March, revived on 15 March. B: registered 12 March, deleted 14 March. C: 20 March."""
    a, b, c = MineFactory(revival_stage=RevivalStage.IDLE, jobs_now=1), MineFactory(), MineFactory()
    recorded_at(_moment(10), a)
    recorded_at(_moment(12), b)
    recorded_at(_moment(20), c)
    with mock.patch("django.utils.timezone.now", return_value=_moment(15)):
        a.revival_stage, a.jobs_now = RevivalStage.REVIVED, 9
        a.save()
    b_id = b.pk
    with mock.patch("django.utils.timezone.now", return_value=_moment(14)):
        b.delete()
    return a, b_id, c


def _states(moment):
    return sorted(rows_as_of(Mine, moment).values_list("id", "revival_stage", "jobs_now"))


@pytest.mark.parametrize(
    "distinct_on",
    [
        pytest.param(True, id="distinct-on", marks=pytest.mark.postgres),
        pytest.param(False, id="correlated-subquery"),
    ],
)
def test_each_mine_as_it_stood(mines, distinct_on, django_assert_num_queries):
    a, b_id, c = mines
    with mock.patch.object(connection.features, "can_distinct_on_fields", distinct_on):
        with django_assert_num_queries(1):
            assert _states(_moment(11)) == [(a.pk, "idle", 1)]
        assert _states(_moment(13)) == sorted([(a.pk, "idle", 1), (b_id, "intervention", 12)])
        # B deleted on the 14th, A revived on the 15th; C not registered before the 20th noon.
        assert _states(_moment(16)) == [(a.pk, "revived", 9)]
        assert _states(_moment(20, 13)) == sorted([(a.pk, "revived", 9), (c.pk, "intervention", 12)])
        assert _states(_moment(9)) == []


def test_the_history_rows_aggregate_like_the_live_table(mines):
    rows = rows_as_of(Mine, _moment(21))
    assert rows.count() == Mine.objects.count() == 2
    assert sorted(rows.values_list("province__code", flat=True)) == ["IR-10", "IR-10"]
