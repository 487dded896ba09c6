"""The filter panels offer provinces and minerals from the cache, until a row of their table changes."""

import django_filters
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mines.filtersets import MineFilterSet
from mines.models import Mine, Mineral
from revival_portal.accounts.models import User
from revival_portal.core.models import Province
from revival_portal.core.reference_choices import reference_rows
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


class PlainMineFilterSet(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(label="Province", queryset=Province.objects.all())
    mineral = django_filters.ModelChoiceFilter(label="Mineral", queryset=Mineral.objects.all())

    class Meta:
        model = Mine
        fields = ["province", "mineral"]


@pytest.mark.parametrize("data", [{}, {"province": "IR-07"}])
def test_the_options_are_those_of_a_plain_model_choice_filter(data):
    cached = MineFilterSet(data, queryset=Mine.objects.none()).form
    plain = PlainMineFilterSet(data, queryset=Mine.objects.none()).form

    for name in ("province", "mineral"):
        options = [(str(value), str(label)) for value, label in cached[name].field.choices]
        assert options == [(str(value), str(label)) for value, label in plain[name].field.choices]
        assert cached[name].value() == plain[name].value()
    assert len(cached["province"].field.choices) == Province.objects.count() + 1


def test_the_second_page_reads_no_reference_rows(reviewer_client):
    reviewer_client.get(reverse("mines:list"))

    with CaptureQueriesContext(connection) as queries:
        response = reviewer_client.get(reverse("mines:list"))

    assert response.status_code == 200
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "core_province" not in tables
    assert "mines_mineral" not in tables


def test_a_new_mineral_is_offered_on_the_next_page(reviewer_client):
    reviewer_client.get(reverse("mines:list"))

    Mineral.objects.create(code="lithium", name_fa="لیتیم", name_en="Lithium")

    assert "Lithium" in reviewer_client.get(reverse("mines:list")).content.decode()


def test_a_submitted_choice_is_still_checked():
    form = MineFilterSet({"province": "XX-99"}, queryset=Mine.objects.none()).form

    assert not form.is_valid()
    assert "province" in form.errors


def test_a_table_nobody_watches_is_refused():
    with pytest.raises(ImproperlyConfigured):
        reference_rows(User.objects.all())


def test_a_code_with_persian_digits_names_the_same_province(reviewer_client):
    mine = MineFactory(province=Province.objects.get(code="IR-07"))
    MineFactory(province=Province.objects.get(code="IR-08"))

    form = MineFilterSet({"province": "IR-۰۷"}, queryset=Mine.objects.all())

    assert form.is_valid(), form.errors
    assert list(form.qs) == [mine]
    api = reviewer_client.get("/api/v1/mines/", {"province": "IR-٠٧"})
    assert api.status_code == 200
    assert [row["id"] for row in api.json()["results"]] == [mine.pk]
