"""A reviewer requests a report, watches it finish and downloads the XLSX; the public page in Persian."""

import io

import pytest
from openpyxl import load_workbook

from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.tasks import programme_report_build
from tests.browser.helpers import log_in
from tests.factories import ReviewerFactory
from tests.reports.factories import ProgrammeReportFactory, known_mines


@pytest.mark.django_db(transaction=True)
def test_reviewer_requests_a_report_and_downloads_the_xlsx(open_page):
    known_mines()
    ReviewerFactory(username="reviewer_report", language="en")
    page = open_page(locale="en-GB")
    log_in(page, "reviewer_report")
    page.goto("/reports/")
    page.select_option("#id_period_kind", "fiscal_year")
    page.fill("#id_jalali_year", "1403")
    page.click("#report-request-submit")
    page.wait_for_url("**/reports/")
    row = page.locator("#report-table tbody tr").first
    # Tasks run eagerly in tests; a row still in progress would refresh itself every 2 s until done.
    row.locator(".download-xlsx").wait_for()
    assert row.get_attribute("data-status") == "done"
    with page.expect_download() as download_info:
        row.locator(".download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename == "programme-report-1403.xlsx"
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    summary = {r[0]: r[1] for r in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Tonnes mined"] == 3500 and summary["Mines revived"] == 1


@pytest.mark.django_db(transaction=True)
def test_progress_bar_refreshes_itself_until_the_report_is_done(open_page):
    reviewer = ReviewerFactory(username="reviewer_progress", language="en")
    report = ProgrammeReportFactory(requested_by=reviewer, jalali_year=1404, jalali_month=1)
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    page = open_page(locale="en-GB")
    log_in(page, "reviewer_progress")
    page.goto("/reports/")
    row = page.locator(f"#report-{report.pk}")
    assert row.locator(".progress").get_attribute("aria-valuenow") == "40"
    ProgrammeReport.objects.filter(pk=report.pk).update(progress=80)
    page.wait_for_selector(f"#report-{report.pk} .progress[aria-valuenow='80']")
    # The worker finishes the build (the row is put back in the queue so this process may claim it).
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    programme_report_build.apply(args=[report.pk])
    page.wait_for_selector(f"#report-{report.pk} .download-xlsx")
    assert row.get_attribute("hx-trigger") is None


@pytest.mark.django_db(transaction=True)
def test_visitor_opens_the_transparency_page_in_persian(page):
    mines = known_mines()
    page.goto("/")
    page.click("a[href='/reports/transparency/']")
    page.wait_for_url("**/reports/transparency/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("h1").inner_text() == "شفافیت برنامه"
    assert page.locator("#figure-revived").inner_text() == "۱"
    page.wait_for_function("document.documentElement.dataset.chartsReady === 'true'")
    assert page.locator("svg#public-province-map g.province").count() == 31
    body = page.content()
    assert mines[0].name not in body and mines[0].operator.username not in body
