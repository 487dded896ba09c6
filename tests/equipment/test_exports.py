"""Exports of the equipment lists: the fleet, unit requests, bookings, tenders and bids. A sealed bid's price
is in no export before the tender closes (except the bidder's own), exactly as the pages decide."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from equipment.choices import BookingStatus, TenderStatus, UnitStatus
from equipment.exports import (
    BID_EXPORT,
    BOOKING_EXPORT,
    PROCESSING_UNIT_EXPORT,
    TENDER_EXPORT,
    UNIT_REQUEST_EXPORT,
)
from equipment.models import Bid, ProcessingUnit
from revival_portal.core.exports import field_label
from tests.equipment.factories import (
    BidFactory,
    BookingFactory,
    ProcessingUnitFactory,
    TenderFactory,
    UnitRequestFactory,
    UnitTypeFactory,
)
from tests.exports import body, csv_table, export_queries, records, xlsx_table
from tests.factories import (
    AdminFactory,
    FundOfficerFactory,
    OperatorFactory,
    PartnerFactory,
    ReviewerFactory,
    signed_in,
)
from tests.mines.factories import MineFactory, mineral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AMOUNT = "987654321012"


def url(name: str, fmt: str = "csv") -> str:
    return reverse("exports:download", args=[name, fmt])


def exported(client, export, fmt="csv", **params) -> list[dict]:
    table = csv_table if fmt == "csv" else xlsx_table
    return records(table(client.get(url(export.name, fmt), params)), export)


def test_unit_requests_same_rows_as_the_page_and_scoped():
    mine = MineFactory()
    own = [UnitRequestFactory(mine=mine) for _ in range(2)]
    UnitRequestFactory()
    reviewer = signed_in(ReviewerFactory())
    page = reviewer.get(reverse("equipment:request_list")).context["page"]
    assert [row["id"] for row in exported(reviewer, UNIT_REQUEST_EXPORT)] == [
        str(r.pk) for r in page.object_list
    ]
    operator = signed_in(mine.operator)
    page = operator.get(reverse("equipment:request_list")).context["page"]
    rows = exported(operator, UNIT_REQUEST_EXPORT)
    assert [row["id"] for row in rows] == [str(r.pk) for r in page.object_list]
    assert sorted(row["id"] for row in rows) == sorted(str(r.pk) for r in own)
    assert exported(signed_in(OperatorFactory()), UNIT_REQUEST_EXPORT) == []


def test_bookings_follow_the_filters_and_the_scope():
    done = BookingFactory(status=BookingStatus.COMPLETED)
    planned = BookingFactory()
    reviewer = signed_in(ReviewerFactory())
    for params in ({}, {"status": BookingStatus.COMPLETED}, {"unit": planned.unit.code}):
        page = reviewer.get(reverse("equipment:booking_list"), params).context["page"]
        rows = exported(reviewer, BOOKING_EXPORT, **params)
        assert [row["id"] for row in rows] == [str(b.pk) for b in page.object_list], params
    owner = signed_in(done.request.mine.operator)
    assert [row["id"] for row in exported(owner, BOOKING_EXPORT)] == [str(done.pk)]
    assert exported(owner, BOOKING_EXPORT)[0]["status"] == str(BookingStatus.COMPLETED.label)


def test_tenders_like_the_page_for_the_public_and_for_reviewers():
    open_tender = TenderFactory()
    draft = TenderFactory(status=TenderStatus.DRAFT)
    reviewer = signed_in(ReviewerFactory())
    ids = {row["id"] for row in exported(reviewer, TENDER_EXPORT)}
    assert ids == {str(open_tender.pk), str(draft.pk)}
    only_drafts = exported(reviewer, TENDER_EXPORT, status=TenderStatus.DRAFT)
    assert [row["id"] for row in only_drafts] == [str(draft.pk)]
    # Signed out or a partner: the open (and awarded) tenders of the page, never a draft.
    for client in (Client(), signed_in(PartnerFactory())):
        assert [row["id"] for row in exported(client, TENDER_EXPORT)] == [str(open_tender.pk)]


@pytest.fixture
def sealed_bid():
    return BidFactory()  # the tender closes in a week


def price_of(client, bid, fmt="csv"):
    rows = {str(row["id"]): row for row in exported(client, BID_EXPORT, fmt)}
    return rows[str(bid.pk)]["price_rials"]


@pytest.mark.parametrize("role", [ReviewerFactory, FundOfficerFactory, AdminFactory])
def test_sealed_bid_price_is_absent_for_staff_before_closing(sealed_bid, role):
    client = signed_in(role())
    for fmt in ("csv", "xlsx"):
        response = client.get(url("bids", fmt))
        assert AMOUNT.encode() not in body(response)
        assert price_of(client, sealed_bid, fmt) == ""


def test_the_bidder_sees_their_own_price_and_no_one_elses(sealed_bid):
    other = BidFactory(tender=sealed_bid.tender)
    bidder = signed_in(sealed_bid.partner)
    rows = exported(bidder, BID_EXPORT)
    assert [(row["id"], row["price_rials"]) for row in rows] == [(str(sealed_bid.pk), AMOUNT)]
    assert price_of(signed_in(other.partner), other) == AMOUNT
    assert exported(signed_in(OperatorFactory()), BID_EXPORT) == []


def test_the_price_shows_once_the_closing_time_has_passed(sealed_bid):
    client = signed_in(ReviewerFactory())
    type(sealed_bid.tender).objects.filter(pk=sealed_bid.tender_id).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert price_of(client, sealed_bid) == AMOUNT  # closing time passed, close task not yet run
    type(sealed_bid.tender).objects.filter(pk=sealed_bid.tender_id).update(status=TenderStatus.CLOSED)
    assert price_of(client, sealed_bid, "xlsx") == int(AMOUNT)


def test_the_sql_rule_is_the_models_rule():
    """``price_visible_q`` (exports) answers like ``price_visible_to`` (pages, API, admin) for every case."""
    bidder = PartnerFactory()
    tenders = [
        TenderFactory(),
        TenderFactory(closes_at=timezone.now() - dt.timedelta(hours=1)),
        TenderFactory(status=TenderStatus.CLOSED, closes_at=timezone.now() - dt.timedelta(hours=1)),
    ]
    bids = [
        BidFactory(tender=tender, partner=partner)
        for tender in tenders
        for partner in (bidder, PartnerFactory())
    ]
    for user in (bidder, ReviewerFactory(), PartnerFactory(), AnonymousUser()):
        visible = set(Bid.objects.filter(Bid.price_visible_q(user)).values_list("pk", flat=True))
        assert visible == {bid.pk for bid in bids if bid.price_visible_to(user)}


def test_equipment_export_queries_do_not_grow_with_rows():
    client = signed_in(ReviewerFactory())

    def add(count):
        for _ in range(count):
            BookingFactory()
            BidFactory()

    add(3)
    names = ("processing-units", "unit-requests", "bookings", "tenders", "bids")
    few = {(name, fmt): export_queries(client, url(name, fmt)) for name in names for fmt in ("csv", "xlsx")}
    add(27)
    many = {(name, fmt): export_queries(client, url(name, fmt)) for name in names for fmt in ("csv", "xlsx")}
    assert few == many


def test_fleet_export_same_rows_as_the_page_for_each_role_and_filter():
    booked = BookingFactory()
    partner = PartnerFactory()
    built = ProcessingUnitFactory(builder=partner, status=UnitStatus.MAINTENANCE)
    other = ProcessingUnitFactory(unit_type=UnitTypeFactory(minerals=[mineral("manganese")]))
    reviewer = signed_in(ReviewerFactory())
    params_list = (
        {},
        {"status": UnitStatus.MAINTENANCE},
        {"code": other.code},
        {"mineral": mineral("manganese").pk},
    )
    for params in params_list:
        page = reviewer.get(reverse("equipment:unit_list"), params).context["page"]
        rows = exported(reviewer, PROCESSING_UNIT_EXPORT, **params)
        assert [row["id"] for row in rows] == [str(unit.pk) for unit in page.object_list], params
    assert len(exported(reviewer, PROCESSING_UNIT_EXPORT)) == 3
    # An operator: the units booked for their mines; a partner: the units it built; others: none.
    operator = signed_in(booked.request.mine.operator)
    assert [row["code"] for row in exported(operator, PROCESSING_UNIT_EXPORT)] == [booked.unit.code]
    rows = exported(signed_in(partner), PROCESSING_UNIT_EXPORT, "xlsx")
    assert [(row["code"], row["status"]) for row in rows] == [(built.code, str(UnitStatus.MAINTENANCE.label))]
    assert exported(signed_in(OperatorFactory()), PROCESSING_UNIT_EXPORT) == []
    assert Client().get(url("processing-units")).status_code == 302


def test_fleet_export_in_persian_and_formulas_neutralised():
    unit = ProcessingUnitFactory(code="=HYPERLINK(1)")
    client = signed_in(ReviewerFactory(), language="fa")
    with translation.override("fa"):
        (row,) = exported(client, PROCESSING_UNIT_EXPORT)
        assert PROCESSING_UNIT_EXPORT.headers()[1] == str(field_label(ProcessingUnit, "code")) != "code"
    assert row["code"] == "'=HYPERLINK(1)" and row["unit_type"] == unit.unit_type.name_fa
    assert row["status"] == "آماده"  # available


def test_fleet_page_links_its_export_with_the_filters():
    ProcessingUnitFactory()
    html = signed_in(ReviewerFactory()).get(reverse("equipment:unit_list"), {"status": "available"})
    assert f'href="{url("processing-units")}?status=available"' in html.content.decode()
