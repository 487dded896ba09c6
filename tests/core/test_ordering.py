"""Lists sorted by a column many rows share still page through every row once: ties are settled by the
primary key, on the pages and in the API."""

import pytest
from django.db.models import F
from django.urls import reverse
from rest_framework.test import APIClient

from financing.models import LoanApplication
from mines.models import Mine, ProductionReport
from revival_portal.core.ordering import settled
from tests.factories import ReviewerFactory, signed_in
from tests.financing.factories import submitted_application
from tests.mines.factories import MineFactory, ProductionReportFactory

pytestmark = pytest.mark.django_db


def test_the_primary_key_comes_last_in_the_direction_of_the_first_column():
    assert settled(Mine.objects.order_by("jobs_now")).query.order_by == ("jobs_now", "pk")
    assert settled(Mine.objects.order_by("-jobs_now", "name")).query.order_by == ("-jobs_now", "name", "-pk")
    # An order cleared on purpose stays cleared; the model's default order ends on the key.
    assert settled(ProductionReport.objects.order_by()).query.order_by == ()
    assert ProductionReport._meta.ordering[-1] == "-pk"
    assert settled(Mine.objects.order_by("-id")).query.order_by == ("-id",)
    by_expression = Mine.objects.order_by(F("jobs_now").desc())
    assert settled(by_expression).query.order_by == by_expression.query.order_by


def _every_page(fetch, pages: int) -> list[int]:
    seen = []
    for number in range(1, pages + 1):
        seen += fetch(number)
    return seen


def test_the_mine_list_sorted_by_jobs_shows_each_mine_once():
    mines = [MineFactory(jobs_now=7) for _ in range(12)]
    client = signed_in(ReviewerFactory())

    def fetch(number):
        response = client.get(reverse("mines:list"), {"ordering": "jobs_now", "page_size": 5, "page": number})
        return [mine.pk for mine in response.context["page"].object_list]

    seen = _every_page(fetch, 3)
    assert sorted(seen) == sorted(mine.pk for mine in mines)


def test_api_lists_sorted_by_a_shared_value_show_each_row_once():
    client = APIClient()
    client.force_authenticate(ReviewerFactory())
    reports = [ProductionReportFactory(period_year=1404, period_month=5) for _ in range(7)]
    applications = [submitted_application() for _ in range(7)]
    LoanApplication.objects.update(amount_requested=1_000_000_000)

    def fetch(url, **params):
        return lambda number: [
            row["id"] for row in client.get(url, {"page_size": 3, "page": number, **params}).json()["results"]
        ]

    assert sorted(_every_page(fetch("/api/v1/production-reports/"), 3)) == sorted(r.pk for r in reports)
    seen = _every_page(fetch("/api/v1/loan-applications/", ordering="amount_requested"), 3)
    assert sorted(seen) == sorted(a.pk for a in applications)
