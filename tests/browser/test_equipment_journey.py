"""Browser journey: an operator requests a unit, a reviewer books a suggested one, the operator sees the
booking, and a partner bids on an open tender."""

import pytest
from django.utils import translation

from equipment.models import Bid, Booking
from revival_portal.core.digits import localize_number_text
from revival_portal.core.templatetags.jalali import localdate
from tests.browser.helpers import log_in
from tests.equipment.factories import ProcessingUnitFactory, TenderFactory, days
from tests.factories import PartnerFactory, ReviewerFactory
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_request_book_see_booking_and_bid(open_page):
    mine = MineFactory(name="Kuh-e Surmeh lead-zinc")
    reviewer = ReviewerFactory()
    unit = ProcessingUnitFactory(code="MPU-PB-07")
    partner = PartnerFactory()
    tender = TenderFactory(title="Manufacture 20 flotation units")

    # The operator asks for a unit (Persian pages).
    operator_page = open_page()
    log_in(operator_page, mine.operator.username)
    operator_page.goto("/equipment/requests/new/")
    operator_page.select_option("#id_mine", str(mine.pk))
    operator_page.select_option("#id_mineral", str(mine.primary_mineral.pk))
    operator_page.fill("#id_ore_tonnes", "۸۵۰۰")
    operator_page.fill("#id_desired_start", days(10).isoformat())
    operator_page.fill("#id_desired_end", days(30).isoformat())
    operator_page.click("#submit-request")
    operator_page.wait_for_selector("#request-title")
    request_url = operator_page.url

    # The reviewer opens the request, picks the suggested unit, checks the summary and confirms.
    reviewer_page = open_page()
    log_in(reviewer_page, reviewer.username)
    reviewer_page.goto(request_url)
    reviewer_page.click(f".book-unit[data-unit='{unit.code}']")
    summary = reviewer_page.inner_text("#booking-summary")
    assert localize_number_text(unit.code) in summary and mine.name in summary
    assert not Booking.objects.exists()  # nothing is booked before the confirmation
    reviewer_page.click("#confirm-booking")
    reviewer_page.wait_for_selector("#booking-title")
    assert Booking.objects.filter(unit=unit, request__mine=mine).count() == 1

    # The operator sees the booking with Jalali dates.
    operator_page.goto(request_url)
    dates = operator_page.inner_text("#booking-dates")
    with translation.override("fa"):
        assert localdate(days(10)) in dates and localdate(days(30)) in dates

    # A partner bids on the open tender.
    partner_page = open_page()
    log_in(partner_page, partner.username)
    partner_page.goto("/equipment/tenders/")
    partner_page.click(f"#open-tenders >> text={localize_number_text(tender.title)}")
    partner_page.click("#bid-button")
    partner_page.fill("#id_price_rials", "۴۵٬۰۰۰٬۰۰۰٬۰۰۰")
    partner_page.fill("#id_delivery_schedule", "Two units a month from the third month")
    partner_page.click("#submit-bid")
    partner_page.wait_for_selector("#own-bid-price")
    assert Bid.objects.get(tender=tender, partner=partner).price_rials == 45_000_000_000
