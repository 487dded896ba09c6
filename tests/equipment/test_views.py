"""The pages: operators request and follow, reviewers book in one step, scoping answers 404."""

import pytest
from django.test import Client
from django.urls import reverse

from equipment.choices import BookingStatus, RequestStatus
from equipment.models import Booking, UnitRequest
from revival_portal.core.digits import localize_number_text
from tests.equipment.factories import (
    BookingFactory,
    ProcessingUnitFactory,
    TenderFactory,
    UnitRequestFactory,
    days,
)
from tests.factories import FundOfficerFactory, OperatorFactory, PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory, mineral

pytestmark = pytest.mark.django_db


def client_for(user, language="en") -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def test_operator_cannot_open_other_operators_request_or_booking():
    booking = BookingFactory()
    client = client_for(OperatorFactory())
    assert client.get(reverse("equipment:request_detail", args=[booking.request.pk])).status_code == 404
    assert client.get(reverse("equipment:booking_detail", args=[booking.pk])).status_code == 404
    assert client.post(reverse("equipment:request_cancel", args=[booking.request.pk])).status_code == 404
    assert booking.request.mine.name not in client.get(reverse("equipment:request_list")).content.decode()


def test_operator_requests_a_unit_with_persian_digits():
    mine = MineFactory()
    response = client_for(mine.operator, "fa").post(
        reverse("equipment:request_create"),
        {
            "mine": mine.pk,
            "mineral": mine.primary_mineral.pk,
            "ore_tonnes": "۱۲٬۰۰۰",
            "desired_start": days(5).isoformat(),
            "desired_end": days(15).isoformat(),
        },
    )
    unit_request = UnitRequest.objects.get()
    assert response.status_code == 302 and unit_request.ore_tonnes == 12000


def test_request_form_keeps_input_and_shows_field_error():
    mine = MineFactory()
    response = client_for(mine.operator).post(
        reverse("equipment:request_create"),
        {
            "mine": mine.pk,
            "mineral": mine.primary_mineral.pk,
            "ore_tonnes": "700",
            "desired_start": days(15).isoformat(),
            "desired_end": days(5).isoformat(),
        },
    )
    assert response.status_code == 200 and 'id="error-desired_end"' in response.content.decode()
    assert 'value="700"' in response.content.decode()
    assert not UnitRequest.objects.exists()


def test_reviewer_sees_suitable_units_confirms_the_summary_and_books():
    unit_request = UnitRequestFactory()
    unit = ProcessingUnitFactory()
    client = client_for(ReviewerFactory())
    page = client.get(reverse("equipment:request_detail", args=[unit_request.pk])).content.decode()
    assert unit.code in page
    window = {"unit": unit.pk, "start_date": unit_request.desired_start, "end_date": unit_request.desired_end}
    summary = client.get(reverse("equipment:request_book", args=[unit_request.pk]), window)
    assert summary.status_code == 200 and 'id="confirm-booking"' in summary.content.decode()
    assert summary.context["unit"] == unit and not Booking.objects.exists()
    response = client.post(
        reverse("equipment:request_book", args=[unit_request.pk]),
        {"unit": unit.pk, "start_date": unit_request.desired_start, "end_date": unit_request.desired_end},
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "equipment:booking_detail", args=[booking.pk]
    )


def test_booking_an_overlapping_unit_from_the_page_shows_the_message():
    booking = BookingFactory(start_date=days(10), end_date=days(20))
    unit_request = UnitRequestFactory()
    client = client_for(ReviewerFactory())
    response = client.post(
        reverse("equipment:request_book", args=[unit_request.pk]),
        {"unit": booking.unit.pk, "start_date": days(20), "end_date": days(21)},
        follow=True,
    )
    assert "already booked" in response.content.decode()
    assert Booking.objects.count() == 1


def test_operator_sees_booking_in_jalali_and_completion_report():
    booking = BookingFactory(
        status=BookingStatus.COMPLETED, tonnes_processed=4200, condition_notes="Pump worn"
    )
    booking.request.status = RequestStatus.COMPLETED
    booking.request.save()
    page = (
        client_for(booking.request.mine.operator, "fa")
        .get(reverse("equipment:request_detail", args=[booking.request.pk]))
        .content.decode()
    )
    from django.utils import translation

    from revival_portal.core.templatetags.jalali import localdate

    with translation.override("fa"):
        assert localdate(booking.start_date) in page
    assert "Pump worn" in page and "۴٬۲۰۰" in page


def test_reviewer_deploys_and_completes_from_the_page():
    booking = BookingFactory()
    client = client_for(ReviewerFactory())
    client.post(reverse("equipment:booking_deploy", args=[booking.pk]))
    client.post(reverse("equipment:booking_complete", args=[booking.pk]), {"tonnes_processed": "100"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED


def test_operator_cannot_deploy():
    booking = BookingFactory()
    assert (
        client_for(booking.request.mine.operator)
        .post(reverse("equipment:booking_deploy", args=[booking.pk]))
        .status_code
        == 403
    )


@pytest.mark.parametrize("factory", [ReviewerFactory, FundOfficerFactory])
def test_staff_pages_render(factory):
    BookingFactory()
    client = client_for(factory())
    for name in (
        "equipment:request_list",
        "equipment:booking_list",
        "equipment:unit_list",
        "equipment:tender_list",
    ):
        assert client.get(reverse(name)).status_code == 200


def test_utilisation_page_for_reviewers_only(django_assert_max_num_queries):
    for _ in range(3):
        BookingFactory()
    reviewer = ReviewerFactory()
    client = client_for(reviewer, "fa")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("equipment:utilisation")).status_code == 200
    assert client_for(OperatorFactory()).get(reverse("equipment:utilisation")).status_code == 403


def test_unit_timeline_shows_bookings():
    booking = BookingFactory()
    page = client_for(ReviewerFactory()).get(reverse("equipment:unit_detail", args=[booking.unit.pk]))
    assert booking.request.mine.name in page.content.decode()


def test_public_tender_list_without_login():
    tender = TenderFactory()
    response = client_for(None, "fa").get(reverse("equipment:tender_list"))
    # Persian pages show the title's numbers in Persian digits.
    assert response.status_code == 200 and localize_number_text(tender.title) in response.content.decode()


def test_partner_bids_from_the_page():
    tender, partner = TenderFactory(), PartnerFactory()
    response = client_for(partner, "fa").post(
        reverse("equipment:bid_submit", args=[tender.pk]),
        {"price_rials": "۱۲٬۵۰۰٬۰۰۰٬۰۰۰", "delivery_schedule": "Monthly lots"},
    )
    assert response.status_code == 302
    assert tender.bids.get().price_rials == 12_500_000_000


def test_non_partner_cannot_open_bid_form():
    assert (
        client_for(ReviewerFactory())
        .get(reverse("equipment:bid_submit", args=[TenderFactory().pk]))
        .status_code
        == 403
    )


def test_reviewer_drafts_and_publishes_from_pages():
    client = client_for(ReviewerFactory())
    response = client.post(
        reverse("equipment:tender_create"),
        {"title": "Lot 9", "scope": "Build units", "kind": "investor", "closes_at": "2099-01-01T10:00"},
    )
    assert response.status_code == 302
    from equipment.models import Tender

    tender = Tender.objects.get()
    client.post(reverse("equipment:tender_publish", args=[tender.pk]))
    tender.refresh_from_db()
    assert tender.status == "published"


def test_navigation_and_dashboard_render_for_each_role():
    for user in (OperatorFactory(), ReviewerFactory(), PartnerFactory()):
        assert client_for(user, "fa").get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/equipment/bookings/", {"starts_after": "abc", "page": "abc"}),
        ("/equipment/", {"province": "XX", "mineral": "99999999999999999999"}),
        ("/equipment/units/", {"unit_type": "abc", "page": "-1"}),
        ("/equipment/utilisation/", {"year": "99999999999999999999"}),
        ("/api/v1/bids/", {"tender": "1e400"}),
        ("/api/v1/bookings/", {"ends_before": "2025-13-45", "ordering": "price_rials"}),
        ("/api/v1/processing-units/", {"home_province": "XX"}),
    ],
)
def test_malformed_filters_never_answer_500(url, query):
    BookingFactory()
    response = client_for(ReviewerFactory()).get(url, query)
    assert response.status_code in (200, 400, 404)


def test_the_request_form_offers_only_the_minerals_of_the_operators_mines():
    mine = MineFactory(primary_mineral=mineral("lead-zinc"))
    second = MineFactory(operator=mine.operator, primary_mineral=mineral("copper"))
    second.other_minerals.add(mineral("gold"))
    MineFactory(primary_mineral=mineral("iron"))  # another operator's
    response = client_for(mine.operator).get(reverse("equipment:request_create"))
    offered = {m.code for m in response.context["form"].fields["mineral"].queryset}
    assert offered == {"lead-zinc", "copper", "gold"}
    page = response.content.decode()
    assert f'data-mines="{second.pk}"' in page and f'data-mines="{mine.pk}"' in page
    assert "js/mine-minerals.js" in page
