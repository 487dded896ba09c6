"""Before closing, no page, API answer or admin page shows a bid's amount to anyone but its bidder."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equipment.models import Tender
from tests.equipment.factories import BidFactory
from tests.factories import AdminFactory, FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

AMOUNT = "987654321012"
FORMS_OF_AMOUNT = [
    AMOUNT,
    "987,654,321,012",
    "۹۸۷۶۵۴۳۲۱۰۱۲",
    "۹۸۷٬۶۵۴٬۳۲۱٬۰۱۲",
    "987654321",  # any long prefix would be a leak too
]
ROLES = {
    "operator": OperatorFactory,
    "reviewer": ReviewerFactory,
    "fund_officer": FundOfficerFactory,
    "admin": AdminFactory,
    "other_partner": PartnerFactory,
    "anonymous": None,
}


@pytest.fixture
def bid(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return BidFactory()


def _urls(bid):
    return [
        reverse("equipment:tender_list"),
        reverse("equipment:tender_detail", args=[bid.tender.pk]),
        reverse("equipment:bid_list"),
        reverse("dashboard"),
        "/api/v1/bids/",
        f"/api/v1/bids/{bid.pk}/",
        f"/api/v1/bids/?tender={bid.tender.pk}&ordering=submitted_at",
        "/api/v1/tenders/",
        f"/api/v1/tenders/{bid.tender.pk}/",
        reverse("admin:equipment_bid_changelist"),
        reverse("admin:equipment_bid_change", args=[bid.pk]),
        reverse("admin:equipment_bid_history", args=[bid.pk]),
        reverse("admin:equipment_tender_change", args=[bid.tender.pk]),
        reverse("admin:equipment_equipmentevent_changelist"),
    ]


def _client(user, language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    return client


def _leaks(client, urls) -> list[str]:
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        text = response.content.decode()
        found += [f"{url}: {form}" for form in FORMS_OF_AMOUNT if form in text]
    return found


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_no_one_but_the_bidder_sees_the_amount_before_closing(bid, role, language):
    user = ROLES[role]() if ROLES[role] else None
    assert _leaks(_client(user, language), _urls(bid)) == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_bidder_sees_their_own_amount(bid, language):
    """The control: the same pages do show the amount to the bidder, so the search above would find it."""
    client = _client(bid.partner, language)
    assert _leaks(client, [reverse("equipment:tender_detail", args=[bid.tender.pk])])
    assert client.get(f"/api/v1/bids/{bid.pk}/").json()["price_rials"] == AMOUNT


def test_reviewer_sees_the_amount_after_closing(bid):
    Tender.objects.filter(pk=bid.tender.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    client = _client(ReviewerFactory(), "en")
    assert client.get(f"/api/v1/bids/{bid.pk}/").json()["price_rials"] == AMOUNT
    assert (
        "987,654,321,012"
        in client.get(reverse("equipment:tender_detail", args=[bid.tender.pk])).content.decode()
    )
    admin_page = _client(AdminFactory(), "en").get(reverse("admin:equipment_bid_changelist")).content.decode()
    assert "987,654,321,012" in admin_page


def test_api_refuses_ordering_by_price(bid):
    """Ordering by a sealed amount would reveal the ranking; the field is not orderable."""
    BidFactory(tender=bid.tender, price_rials=5)
    client = _client(ReviewerFactory(), "en")
    by_price = client.get("/api/v1/bids/?ordering=price_rials").json()["results"]
    by_price_desc = client.get("/api/v1/bids/?ordering=-price_rials").json()["results"]
    assert [b["id"] for b in by_price] == [b["id"] for b in by_price_desc]
    assert all(b["price_rials"] is None and b["price_sealed"] for b in by_price)


def test_document_is_sealed_for_staff_until_closing(bid):
    from django.core.files.base import ContentFile

    bid.document.save("offer.pdf", ContentFile(b"%PDF price 987654321012"))
    url = reverse("equipment:bid_document", args=[bid.pk])
    assert _client(ReviewerFactory(), "en").get(url).status_code == 404
    assert _client(PartnerFactory(), "en").get(url).status_code == 404
    assert _client(bid.partner, "en").get(url).status_code == 200
