"""The API: scoping (foreign ids answer 404), services behind every write, 409 on refused transitions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from equipment.choices import BookingStatus, RequestStatus, TenderStatus
from equipment.models import Bid, Booking, ProcessingUnit, Tender
from tests.equipment.factories import (
    BidFactory,
    BookingFactory,
    ProcessingUnitFactory,
    TenderFactory,
    UnitRequestFactory,
    UnitTypeFactory,
    days,
)
from tests.factories import AdminFactory, OperatorFactory, PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_authenticate(user)
    return client


class TestScoping:
    def test_operator_sees_only_own_requests_and_bookings(self):
        mine_booking = BookingFactory()
        other_booking = BookingFactory()
        client = api(mine_booking.request.mine.operator)
        assert [r["id"] for r in client.get("/api/v1/unit-requests/").json()["results"]] == [
            mine_booking.request.pk
        ]
        assert [b["id"] for b in client.get("/api/v1/bookings/").json()["results"]] == [mine_booking.pk]
        assert client.get(f"/api/v1/unit-requests/{other_booking.request.pk}/").status_code == 404
        assert client.get(f"/api/v1/bookings/{other_booking.pk}/").status_code == 404
        assert client.post(f"/api/v1/unit-requests/{other_booking.request.pk}/cancel/").status_code == 404

    def test_partner_sees_only_own_bids(self):
        own, other = BidFactory(), BidFactory()
        client = api(own.partner)
        assert [b["id"] for b in client.get("/api/v1/bids/").json()["results"]] == [own.pk]
        assert client.get(f"/api/v1/bids/{other.pk}/").status_code == 404

    def test_operator_sees_no_bids_and_no_draft_tenders(self):
        BidFactory()
        draft = TenderFactory(status=TenderStatus.DRAFT)
        client = api(OperatorFactory())
        assert client.get("/api/v1/bids/").json()["results"] == []
        assert client.get(f"/api/v1/tenders/{draft.pk}/").status_code == 404

    def test_anonymous_is_refused(self):
        assert api().get("/api/v1/unit-requests/").status_code in (401, 403)


class TestRequestsAndBookings:
    def test_operator_files_a_request(self):
        mine = MineFactory()
        response = api(mine.operator).post(
            "/api/v1/unit-requests/",
            {
                "mine": mine.pk,
                "mineral": "lead-zinc",
                "ore_tonnes": "۵۰۰۰",
                "desired_start": str(days(5)),
                "desired_end": str(days(9)),
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["status"] == RequestStatus.REQUESTED

    def test_request_with_end_before_start_answers_400(self):
        mine = MineFactory()
        response = api(mine.operator).post(
            "/api/v1/unit-requests/",
            {
                "mine": mine.pk,
                "mineral": "lead-zinc",
                "ore_tonnes": "5000",
                "desired_start": str(days(9)),
                "desired_end": str(days(5)),
            },
            format="json",
        )
        assert response.status_code == 400 and "desired_end" in response.json()

    def test_request_for_another_operators_mine_answers_400(self):
        mine = MineFactory()
        response = api(OperatorFactory()).post(
            "/api/v1/unit-requests/",
            {
                "mine": mine.pk,
                "mineral": "lead-zinc",
                "ore_tonnes": "5",
                "desired_start": str(days(5)),
                "desired_end": str(days(9)),
            },
            format="json",
        )
        assert response.status_code == 400 and "mine" in response.json()

    def test_overlapping_booking_answers_409_with_message(self):
        reviewer = ReviewerFactory()
        booking = BookingFactory(start_date=days(10), end_date=days(20))
        response = api(reviewer).post(
            "/api/v1/bookings/",
            {
                "unit": booking.unit.pk,
                "request": UnitRequestFactory().pk,
                "start_date": str(days(20)),
                "end_date": str(days(22)),
            },
            format="json",
        )
        assert response.status_code == 409
        assert booking.unit.code in response.json()["detail"]

    def test_operator_cannot_book(self):
        unit_request = UnitRequestFactory()
        response = api(unit_request.mine.operator).post(
            "/api/v1/bookings/",
            {
                "unit": ProcessingUnitFactory().pk,
                "request": unit_request.pk,
                "start_date": str(days(2)),
                "end_date": str(days(3)),
            },
            format="json",
        )
        assert response.status_code == 403
        assert not Booking.objects.exists()

    def test_deploy_complete_and_refused_cancel(self):
        client = api(ReviewerFactory())
        booking = BookingFactory()
        assert (
            client.post(f"/api/v1/bookings/{booking.pk}/deploy/").json()["status"] == BookingStatus.DEPLOYED
        )
        refused = client.post(f"/api/v1/bookings/{booking.pk}/cancel/")
        assert refused.status_code == 409 and refused.json()["detail"]
        done = client.post(
            f"/api/v1/bookings/{booking.pk}/complete/", {"tonnes_processed": "3100.5"}, format="json"
        )
        assert done.status_code == 200 and done.json()["tonnes_processed"] == "3100.50"
        assert client.post(f"/api/v1/bookings/{booking.pk}/deploy/").status_code == 409

    def test_complete_without_tonnes_answers_400(self):
        booking = BookingFactory(status=BookingStatus.DEPLOYED)
        assert api(ReviewerFactory()).post(f"/api/v1/bookings/{booking.pk}/complete/", {}).status_code == 400

    def test_cancel_booking(self):
        booking = BookingFactory()
        response = api(ReviewerFactory()).post(f"/api/v1/bookings/{booking.pk}/cancel/", {"reason": "Rain"})
        assert response.status_code == 200 and response.json()["status"] == BookingStatus.CANCELLED

    def test_list_query_count_is_constant(self, django_assert_max_num_queries):
        reviewer = ReviewerFactory()
        for _ in range(5):
            BookingFactory()
        with django_assert_max_num_queries(8):
            assert len(api(reviewer).get("/api/v1/bookings/").json()["results"]) == 5


class TestFleet:
    def test_reviewer_adds_a_unit_type_and_operator_cannot(self):
        payload = {
            "name_fa": "جیگ منگنز",
            "name_en": "Manganese jig",
            "circuit": "Jig, magnetic separator",
            "minerals": ["manganese"],
            "capacity_tph": "15",
        }
        assert api(OperatorFactory()).post("/api/v1/unit-types/", payload, format="json").status_code == 403
        assert api(ReviewerFactory()).post("/api/v1/unit-types/", payload, format="json").status_code == 201

    def test_operator_sees_only_units_booked_for_them(self):
        booking = BookingFactory()
        ProcessingUnitFactory()
        units = api(booking.request.mine.operator).get("/api/v1/processing-units/").json()["results"]
        assert [u["id"] for u in units] == [booking.unit.pk]

    def test_unit_types_filter_by_mineral(self):
        UnitTypeFactory()
        assert api(ReviewerFactory()).get("/api/v1/unit-types/?mineral=999999").status_code == 400


class TestTenders:
    def test_draft_publish_and_publish_again_is_409(self):
        client = api(ReviewerFactory())
        created = client.post(
            "/api/v1/tenders/",
            {
                "title": "Lot 7",
                "scope": "20 units",
                "kind": "investor",
                "closes_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
            },
            format="json",
        )
        assert created.status_code == 201 and created.json()["status"] == TenderStatus.DRAFT
        pk = created.json()["id"]
        assert client.post(f"/api/v1/tenders/{pk}/publish/").json()["status"] == TenderStatus.PUBLISHED
        again = client.post(f"/api/v1/tenders/{pk}/publish/")
        assert again.status_code == 409 and again.json()["detail"]

    def test_partner_bids_replaces_and_bid_after_closing_is_409(self):
        tender, partner = TenderFactory(), PartnerFactory()
        client = api(partner)
        first = client.post(
            "/api/v1/bids/", {"tender": tender.pk, "price_rials": "1000", "delivery_schedule": "Q1"}
        )
        second = client.post(
            "/api/v1/bids/", {"tender": tender.pk, "price_rials": "900", "delivery_schedule": "Q2"}
        )
        assert (first.status_code, second.status_code) == (201, 200)
        assert Bid.objects.get().price_rials == 900
        Tender.objects.filter(pk=tender.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
        late = client.post(
            "/api/v1/bids/", {"tender": tender.pk, "price_rials": "800", "delivery_schedule": "Q3"}
        )
        assert late.status_code == 409 and late.json()["detail"]
        assert Bid.objects.get().price_rials == 900

    def test_award_after_closing(self):
        bid = BidFactory()
        Tender.objects.filter(pk=bid.tender.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
        client = api(ReviewerFactory())
        assert client.post(f"/api/v1/bids/{bid.pk}/score/", {"score": 90}).json()["score"] == 90
        response = client.post(
            f"/api/v1/tenders/{bid.tender.pk}/award/", {"bid": bid.pk, "justification": "Best"}
        )
        assert response.status_code == 200 and response.json()["status"] == TenderStatus.AWARDED
        assert response.json()["award"]["bid"] == bid.pk

    def test_award_before_closing_is_409(self):
        bid = BidFactory()
        response = api(ReviewerFactory()).post(
            f"/api/v1/tenders/{bid.tender.pk}/award/", {"bid": bid.pk, "justification": "Best"}
        )
        assert response.status_code == 409


class TestFleetWrites:
    def test_unit_type_capacity_must_be_positive_a_400_not_a_500(self):
        reviewer = ReviewerFactory()
        data = {"name_fa": "نوع", "name_en": "Type", "circuit": "Jig", "minerals": ["lead"]}
        for capacity in ("0", "-5"):
            response = api(reviewer).post(
                "/api/v1/unit-types/", {**data, "capacity_tph": capacity}, format="json"
            )
            assert response.status_code == 400 and "capacity_tph" in response.data

    def test_deleting_a_unit_still_booked_is_a_409(self):
        booking = BookingFactory()
        client = api(AdminFactory())
        response = client.delete(f"/api/v1/processing-units/{booking.unit_id}/")
        assert response.status_code == 409 and response.data["detail"]
        response = client.delete(f"/api/v1/unit-types/{booking.unit.unit_type_id}/")
        assert response.status_code == 409
        assert ProcessingUnit.objects.filter(pk=booking.unit_id).exists()

    def test_deleting_an_unused_unit_still_works_for_an_administrator(self):
        unit = ProcessingUnitFactory()
        assert api(AdminFactory()).delete(f"/api/v1/processing-units/{unit.pk}/").status_code == 204


def test_tender_list_runs_a_constant_number_of_queries():
    client = api(ReviewerFactory())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/tenders/").status_code == 200
        return len(captured)

    tender = TenderFactory()
    BidFactory(tender=tender)
    queries()  # the first request also loads the user's roles
    few = queries()
    for _ in range(5):
        BidFactory(tender=TenderFactory())
    assert queries() == few
    counts = {row["id"]: row["bid_count"] for row in client.get("/api/v1/tenders/").json()["results"]}
    assert counts[tender.pk] == 1
