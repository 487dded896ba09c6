"""The dashboard and the transparency page read one period (``?period=1403`` or ``?period=1403-07``),
taken as of its last day; by default the current month, as of today."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equipment.choices import BookingStatus, UnitStatus
from equipment.models import ProcessingUnit
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import public_figures
from tests.equipment.factories import BookingFactory, ProcessingUnitFactory
from tests.mines.factories import MineFactory
from tests.reports.factories import known_mines

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def programme():
    """The three known mines (registered in 1402) and one registered today."""
    known_mines()
    MineFactory()


def test_dashboard_defaults_to_the_current_month_as_of_today(reviewer_client, programme):
    response = reviewer_client.get(reverse("reports:dashboard"))
    figures = response.context["figures"]
    assert response.context["period"] == Period.current_month()
    assert (figures["start"], figures["on"]) == (Period.current_month().bounds[0], timezone.localdate())
    assert figures["mines"]["totals"]["mines"] == 4
    html = response.content.decode()
    assert 'id="dashboard-period"' in html and 'name="period"' in html
    assert f'<option value="{Period.current_month()}" selected>' in html


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1403", dt.date(2024, 3, 20), dt.date(2025, 3, 20)),
        ("1403-12", dt.date(2025, 2, 19), dt.date(2025, 3, 20)),
        ("۱۴۰۳-۰۷", dt.date(2024, 9, 22), dt.date(2024, 10, 21)),
    ],
)
def test_dashboard_takes_a_past_period_as_of_its_last_day(reviewer_client, programme, text, start, end):
    response = reviewer_client.get(reverse("reports:dashboard"), {"period": text})
    figures = response.context["figures"]
    assert (figures["start"], figures["end"], figures["on"]) == (start, end, end)
    # The mine registered today did not exist then.
    assert figures["mines"]["totals"]["mines"] == 3
    assert f'<option value="{Period.parse(text)}" selected>' in response.content.decode()


@pytest.mark.parametrize("text", ["x", "1403-13", "1500", "99999"])
def test_a_bad_or_future_period_shows_the_current_month(reviewer_client, text):
    response = reviewer_client.get(reverse("reports:dashboard"), {"period": text})
    assert response.status_code == 200 and response.context["period"] == Period.current_month()


def test_transparency_page_takes_the_same_period(programme):
    client = Client()
    past = client.get(reverse("reports:transparency"), {"period": "1403"}, HTTP_ACCEPT_LANGUAGE="en")
    now = client.get(reverse("reports:transparency"), HTTP_ACCEPT_LANGUAGE="en")
    assert past.context["figures"]["mines"]["registered"] == 3
    assert past.context["figures"]["on"] == dt.date(2025, 3, 20)
    assert now.context["figures"]["mines"]["registered"] == 4
    html = past.content.decode()
    assert 'id="public-period"' in html and 'id="public-as-of"' in html and "سال مالی ۱۴۰۳" in html
    assert '<option value="1403" selected>' in html


def test_public_figures_of_a_year_count_production_filed_up_to_its_last_month(programme):
    year = public_figures(Period(1403))
    # 1402/12 and the three reports of 1403; not 1404/01.
    assert year["production"]["tonnes_mined"] == 7777 + 1000 + 500 + 2000
    assert year["money"] == {"loans": 0, "approved": 0, "lent": 0, "repaid": 0}
    assert public_figures()["production"]["tonnes_mined"] == 7777 + 1000 + 500 + 2000 + 8888


def test_public_units_deployed_follow_the_bookings_history(programme):
    booking = BookingFactory(status=BookingStatus.DEPLOYED)
    ProcessingUnit.objects.filter(pk=booking.unit_id).update(status=UnitStatus.DEPLOYED)
    ProcessingUnitFactory()
    assert public_figures()["units"] == {"in_service": 2, "deployed": 1}
    # Neither unit nor the booking existed at the end of fiscal year 1403.
    assert public_figures(Period(1403))["units"] == {"in_service": 0, "deployed": 0}
