"""The shared MineFilterSet: each filter, and search that treats Arabic and Persian ی/ک alike."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone

from mines.choices import RevivalStage
from mines.filtersets import MineFilterSet, ProductionReportFilterSet
from mines.models import Mine, ProductionReport
from revival_portal.core.models import Province
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


def names(data, user) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    return set(
        MineFilterSet(data, queryset=Mine.objects.for_user(user), request=request).qs.values_list(
            "name", flat=True
        )
    )


def test_province_mineral_stage_verification(reviewer):
    MineFactory(name="A", province=Province.objects.get(code="IR-21"), primary_mineral=mineral("barite"))
    b = MineFactory(name="B", revival_stage=RevivalStage.ACTIVE, primary_mineral=mineral("iron"))
    b.other_minerals.set([mineral("barite")])
    PendingMineFactory(name="C", primary_mineral=mineral("coal"))
    assert names({"province": "IR-21"}, reviewer) == {"A"}
    assert names({"mineral": mineral("barite").pk}, reviewer) == {"A", "B"}
    assert names({"revival_stage": "active"}, reviewer) == {"B"}
    assert names({"verification": "pending"}, reviewer) == {"C"}


def test_licence_expiring_before_and_expired(reviewer):
    today = timezone.localdate()
    MineFactory(name="soon", licence_expires_on=today + dt.timedelta(days=10))
    MineFactory(name="late", licence_expires_on=today + dt.timedelta(days=900))
    MineFactory(
        name="gone",
        licence_issued_on=today - dt.timedelta(days=900),
        licence_expires_on=today - dt.timedelta(days=1),
    )
    before = (today + dt.timedelta(days=30)).isoformat()
    assert names({"licence_expires_before": before}, reviewer) == {"soon", "gone"}
    assert names({"licence_expired": "true"}, reviewer) == {"gone"}
    assert names({"licence_expired": "false"}, reviewer) == {"soon", "late"}


@pytest.mark.parametrize("typed", ["کوه", "كوه", "ياقوت", "یاقوت"])
def test_search_treats_arabic_and_persian_letters_alike(reviewer, typed):
    MineFactory(name="معدن کوه یاقوت")
    # A row written before normalisation (bulk update) with Arabic letters is found as well.
    legacy = MineFactory(name="x")
    Mine.objects.filter(pk=legacy.pk).update(name="معدن كوه ياقوت قديم")
    assert len(names({"q": typed}, reviewer)) == 2


def test_search_by_licence_number_and_company(reviewer):
    MineFactory(name="A", licence_number="EXP-1400-1")
    MineFactory(name="B", licence_number="EXP-1411-2", operator__company_name="شرکت کاوش")
    assert names({"q": "exp-1400"}, reviewer) == {"A"}
    assert names({"q": "كاوش"}, reviewer) == {"B"}


def test_filters_never_widen_an_operators_scope(operator, other_operator):
    MineFactory(operator=other_operator, name="theirs", province=Province.objects.get(code="IR-21"))
    MineFactory(operator=operator, name="mine")
    assert names({"province": "IR-21"}, operator) == set()
    assert names({}, operator) == {"mine"}


def test_report_filter_on_a_foreign_mine_is_404(operator, other_operator):
    from django.http import Http404

    report = ProductionReportFactory(mine=MineFactory(operator=other_operator))
    request = RequestFactory().get("/")
    request.user = operator
    filterset = ProductionReportFilterSet(
        {"mine": report.mine_id}, queryset=ProductionReport.objects.for_user(operator), request=request
    )
    with pytest.raises(Http404):
        list(filterset.qs)
