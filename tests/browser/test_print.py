"""Printing pages: navigation and buttons are left out, tables and the map are kept and fit the paper."""

import pytest
from django.utils import timezone

from tests.browser.helpers import log_in
from tests.financing.factories import contracted_loan, tranche
from tests.reports.factories import known_mines


@pytest.mark.django_db(transaction=True)
def test_loan_page_prints_without_navigation_or_buttons(open_page):
    loan = contracted_loan()
    # The whole amount paid out on the contract date makes the schedule the printout shows.
    tranche(loan, loan.contracted_by, loan.approved_amount, timezone.localdate(loan.contracted_at))
    operator = loan.application.applicant
    page = open_page()
    log_in(page, operator.username)
    page.goto(loan.get_absolute_url())
    assert page.locator("nav.navbar").is_visible() and page.locator("#loan-contract-pdf").is_visible()
    page.set_viewport_size({"width": 720, "height": 1000})  # about the width of A4 at 96 dpi
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("#loan-contract-pdf").is_visible()
    assert page.locator("#schedule").is_visible()
    assert (
        page.locator("#schedule thead").evaluate("e => getComputedStyle(e).display") == "table-header-group"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")


@pytest.mark.django_db(transaction=True)
def test_transparency_page_prints_the_map_and_its_table(open_page):
    known_mines()
    page = open_page()
    page.goto("/reports/transparency/")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert page.locator("svg#public-province-map").is_visible()
    assert page.locator("#public-province-table tbody tr").count() == 31
