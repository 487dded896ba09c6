"""Browser journey: an operator drafts a loan application, leaves, resumes and submits; reviewer A
recommends, reviewer B approves; a fund officer contracts and disburses; the operator sees the tranche,
the notification and the schedule in Jalali dates."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from financing.choices import ApplicationStatus
from financing.models import Disbursement, Loan, LoanApplication
from revival_portal.core.templatetags.jalali import localdate
from tests.browser.helpers import log_in
from tests.factories import FundOfficerFactory, ReviewerFactory
from tests.financing.factories import sheba
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db(transaction=True)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_application_to_disbursement(open_page, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    mine = MineFactory(name="Kuh-e Surmeh lead-zinc")
    reviewer_a, reviewer_b = ReviewerFactory(), ReviewerFactory()
    officer = FundOfficerFactory()

    # The operator starts an application and saves the first step as a draft, then leaves.
    operator = open_page()
    log_in(operator, mine.operator.username)
    operator.goto("/financing/applications/new/")
    operator.select_option("#id_mine", str(mine.pk))
    operator.fill("#id_amount_requested", "۵٬۰۰۰٬۰۰۰٬۰۰۰")
    operator.click("#save-continue")
    operator.wait_for_selector("#id_proposed_rate")
    operator.goto("/dashboard/")
    application = LoanApplication.objects.get()
    assert application.status == ApplicationStatus.DRAFT

    # Back later: the draft is in the list and resumes where the data was left.
    operator.goto("/financing/applications/")
    operator.click(".application-link")
    assert operator.input_value("#id_amount_requested") == "۵۰۰۰۰۰۰۰۰۰"  # Persian digits on a Persian page
    operator.click("#step-terms")
    operator.fill("#id_purpose", "Buy a loader and restart the main adit")
    operator.fill("#id_term_months", "24")
    operator.fill("#id_grace_months", "3")
    operator.fill("#id_proposed_rate", "18")
    operator.click("#save-continue")
    operator.wait_for_selector("#error-proposed_rate")
    operator.fill("#id_proposed_rate", "۱۷٫۹۹")
    operator.click("#save-continue")
    operator.wait_for_selector("#guarantee-form")
    operator.select_option("#id_kind", "purchase")
    operator.fill("#id_counterparty_name", "Iran Zinc Mines Development Co.")
    operator.fill("#id_counterparty_id", "10380284790")
    operator.select_option("#id_mineral", str(mine.primary_mineral.pk))
    operator.fill("#id_tonnes_per_year", "5000")
    operator.select_option("#id_price_basis", "per_tonne")
    operator.fill("#id_price_rials_per_tonne", "45000000")
    operator.fill("#id_starts_on", timezone.localdate().isoformat())
    operator.fill("#id_ends_on", (timezone.localdate() + dt.timedelta(days=1000)).isoformat())
    operator.click("#add-guarantee")
    operator.wait_for_selector("#guarantees >> text=Iran Zinc Mines Development Co.")
    operator.click("#continue")
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(PDF)
    operator.select_option("#id_document_type", "licence")
    operator.set_input_files("#id_file", str(licence))
    operator.click("#upload-document")
    operator.wait_for_selector("#documents >> text=licence.pdf")
    operator.click("#continue")
    operator.click("#submit-application")
    operator.wait_for_selector("#timeline")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED

    # Reviewer A starts the review and recommends approval.
    page_a = open_page()
    log_in(page_a, reviewer_a.username)
    page_a.goto(f"/financing/applications/{application.pk}/")
    assert "Kuh-e Surmeh lead-zinc" in page_a.inner_text("#mine-data")
    page_a.click("#action-start_review")
    page_a.click("#action-recommend")
    for field in ("score_technical", "score_financial", "score_guarantees", "score_impact"):
        page_a.select_option(f"#id_{field}", "4")
    page_a.select_option("#id_recommendation", "approve")
    page_a.fill("#id_note", "Strong purchase guarantee; realistic plan.")
    page_a.click("#action-submit")
    page_a.wait_for_selector("#review")
    assert page_a.locator("#action-decide").count() == 0

    # Reviewer B approves.
    page_b = open_page()
    log_in(page_b, reviewer_b.username)
    page_b.goto(f"/financing/applications/{application.pk}/")
    page_b.click("#action-decide")
    page_b.select_option("#id_outcome", "approved")
    page_b.click("#action-submit")
    page_b.wait_for_selector("#decision")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED

    # The fund officer previews the schedule, contracts, and disburses a first tranche.
    first_due = timezone.localdate() + dt.timedelta(days=30)
    officer_page = open_page()
    log_in(officer_page, officer.username)
    officer_page.goto("/financing/awaiting-contract/")
    officer_page.click("#awaiting-table a.btn")
    officer_page.fill("#id_approved_amount", "4000000000")
    officer_page.fill("#id_first_due_date", first_due.isoformat())
    officer_page.click("#preview-schedule")
    officer_page.wait_for_selector("#schedule")
    assert not Loan.objects.exists()
    officer_page.click("#save-contract")
    officer_page.wait_for_selector("#record-disbursement")
    loan = Loan.objects.get()
    officer_page.click("#record-disbursement")
    officer_page.fill("#id_amount", "1500000000")
    officer_page.fill("#id_bank_reference", "BMI-7788")
    officer_page.fill("#id_destination_sheba", sheba())
    officer_page.click("#action-submit")
    officer_page.wait_for_selector("#disbursements >> text=BMI-7788")
    assert Disbursement.objects.get(loan=loan).amount == 1_500_000_000

    # The operator sees the tranche, the notification and the schedule in Jalali dates.
    operator.goto("/notifications/")
    assert "disbursed" in operator.inner_text("#notification-list")
    operator.goto(f"/financing/loans/{loan.pk}/")
    assert "BMI-7788" in operator.inner_text("#disbursements")
    due_dates = operator.locator("#schedule .due-date").all_inner_texts()
    with translation.override("fa"):
        assert due_dates[0] == localdate(first_due)
        assert "۱٬۵۰۰٬۰۰۰٬۰۰۰" in operator.inner_text("#disbursements")
    assert len(due_dates) == 24
