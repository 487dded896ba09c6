"""Journey on the Persian site: an operator registers a mine, a reviewer verifies it, the operator sees it."""

import re

import pytest
from playwright.sync_api import expect

from mines.models import Mine
from tests.browser.helpers import log_in
from tests.factories import OperatorFactory, ReviewerFactory


@pytest.fixture
def people(transactional_db):
    return {
        "operator": OperatorFactory(username="kavir", language="fa", company_name="شرکت معدنی کویر"),
        "reviewer": ReviewerFactory(username="karimi", language="fa"),
    }


def test_operator_registers_reviewer_verifies_operator_sees_it(open_page, people):
    operator_page = open_page()
    log_in(operator_page, "kavir")
    expect(operator_page.locator("html")).to_have_attribute("dir", "rtl")
    operator_page.goto("/mines/register/")
    operator_page.fill("#id_name", "معدن سرب و روی نخلک")
    operator_page.select_option("#id_province", "IR-10")
    operator_page.fill("#id_county", "انارک")
    operator_page.fill("#id_latitude", "33.31")
    operator_page.fill("#id_longitude", "53.70")
    operator_page.select_option("#id_primary_mineral", label="سرب و روی")
    operator_page.select_option("#id_licence_type", "exploitation")
    operator_page.fill("#id_licence_number", "EXP-1402-12345")
    operator_page.fill("#id_licence_issued_on", "2023-04-01")
    operator_page.fill("#id_licence_expires_on", "2020-04-01")
    operator_page.fill("#id_jobs_before", "4")
    operator_page.fill("#id_jobs_now", "6")
    operator_page.fill("#id_annual_output_tonnes", "12000")
    operator_page.click("#submit-button")
    # Expiry before issue: a Persian field message, and what was typed is still there.
    expect(operator_page.locator("#error-licence_expires_on")).to_be_visible()
    expect(operator_page.locator("#id_name")).to_have_value("معدن سرب و روی نخلک")
    operator_page.fill("#id_licence_expires_on", "2033-04-01")
    operator_page.click("#submit-button")
    operator_page.wait_for_url(re.compile(r"/mines/\d+/$"))
    expect(operator_page.locator("#mine-verification")).to_contain_text("در انتظار")
    mine = Mine.objects.get(licence_number="EXP-1402-12345")

    reviewer_page = open_page()
    log_in(reviewer_page, "karimi")
    reviewer_page.goto("/mines/review/")
    row = reviewer_page.locator(f"#pending-{mine.pk}")
    expect(row).to_contain_text("معدن سرب و روی نخلک")
    row.locator(".verify-button").click()
    expect(reviewer_page.locator(f"#pending-{mine.pk}")).to_have_count(0)

    operator_page.reload()
    expect(operator_page.locator("#mine-verification")).to_contain_text("تأیید شده")
    expect(operator_page.locator("#unread-count")).to_be_visible()
    operator_page.goto("/notifications/")
    expect(operator_page.locator("#notification-list")).to_contain_text("معدن سرب و روی نخلک")
    expect(operator_page.locator("#notification-list")).to_contain_text("تأیید شد")
