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
    assert page.locator("svg#public-province-map a.province-region path").count() == 31
    body = page.content()
    assert mines[0].name not in body and mines[0].operator.username not in body


@pytest.mark.django_db(transaction=True)
def test_dashboard_map_draws_31_provinces_with_a_legend_tooltips_and_a_table(open_page):
    known_mines()
    ReviewerFactory(username="reviewer_map", language="fa")
    page = open_page()
    log_in(page, "reviewer_map")
    page.goto("/reports/dashboard/?year=1403")
    page.wait_for_function("document.documentElement.dataset.chartsReady === 'true'")
    # The charts keep their size: the page does not grow while they settle.
    height = page.evaluate("document.documentElement.scrollHeight")
    page.wait_for_timeout(1000)
    assert page.evaluate("document.documentElement.scrollHeight") == height
    regions = page.locator("svg#province-map a.province-region")
    assert regions.count() == 31
    assert page.locator("svg#province-map a.province-region path").count() == 31
    # Isfahan (IR-10) holds two of the three mines, Kerman (IR-08) one: classes 2 and 1 of steps of 1.
    isfahan = page.locator("svg#province-map a[data-code='IR-10']")
    assert "map-class-2" in isfahan.get_attribute("class")
    assert "map-class-1" in page.locator("svg#province-map a[data-code='IR-08']").get_attribute("class")
    assert "map-class-0" in page.locator("svg#province-map a[data-code='IR-23']").get_attribute("class")
    box = isfahan.bounding_box()
    assert box["width"] > 40 and box["height"] > 40  # a real shape, not a dot
    assert [t.strip() for t in page.locator("#province-map-legend li").all_inner_texts()] == ["هیچ", "۱", "۲"]
    # Keyboard: Tab reaches the regions, focus shows the tooltip and the outline drawn on top.
    isfahan.focus()
    tooltip = page.locator("#province-map-figure .province-map-tooltip")
    assert tooltip.is_visible() and tooltip.inner_text() == "اصفهان: ۲"
    assert page.locator("#province-map-figure .province-map-highlight").get_attribute("href") == (
        "#province-map-IR-10"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**#province-table-IR-10")
    row = page.locator("#province-table-IR-10")
    assert row.locator("th").inner_text() == "اصفهان" and row.locator("td").first.inner_text() == "۲"
    assert page.locator("#province-table tbody tr").count() == 31
