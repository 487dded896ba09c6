"""Report pages: who may open them, the request form, progress, downloads, dashboard, transparency."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from revival_portal.navigation import menu_for
from revival_portal.reports import services
from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.tasks import programme_report_build
from tests.reports.factories import ProgrammeReportFactory, known_mines

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_report(reviewer):
    report = ProgrammeReportFactory(requested_by=reviewer, jalali_year=1404, jalali_month=1)
    programme_report_build.delay(report.pk)
    report.refresh_from_db()
    assert report.is_done
    return report


STAFF_PAGES = ["reports:list", "reports:dashboard"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_open_for_reviewers_and_fund_officers(reviewer_client, fund_officer_client, name):
    assert reviewer_client.get(reverse(name)).status_code == 200
    assert fund_officer_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_operators_and_partners_get_403_on_staff_pages(operator_client, partner_client, name):
    assert operator_client.get(reverse(name)).status_code == 403
    assert partner_client.get(reverse(name)).status_code == 403


def test_signed_out_visitors_are_sent_to_log_in():
    response = Client().get(reverse("reports:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_operators_and_partners_cannot_download_or_poll(operator_client, partner_client, done_report):
    for client in (operator_client, partner_client):
        for url in (
            reverse("reports:download", args=[done_report.pk, "xlsx"]),
            reverse("reports:download", args=[done_report.pk, "csv"]),
            reverse("reports:progress", args=[done_report.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (403, 404)
            assert b"PK" not in response.content[:2]
    assert Client().get(reverse("reports:download", args=[done_report.pk, "xlsx"])).status_code == 302


def test_request_form_builds_the_report(reviewer_client, reviewer, django_capture_on_commit_callbacks):
    known_mines()
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            reverse("reports:list"), {"period_kind": "fiscal_year", "jalali_year": "۱۴۰۳"}, follow=True
        )
    assert response.status_code == 200
    report = ProgrammeReport.objects.get()
    assert (report.jalali_year, report.jalali_month, report.requested_by) == (1403, None, reviewer)
    # Tasks run eagerly in tests: the report is done by the time the page comes back.
    assert report.status == ReportStatus.DONE
    assert "The report for Fiscal year 1403 has been requested." in response.content.decode()
    assert (
        reverse("reports:download", args=[report.pk, "xlsx"])
        in reviewer_client.get(reverse("reports:list")).content.decode()
    )


def test_request_form_errors_stay_on_their_fields(reviewer_client):
    response = reviewer_client.post(reverse("reports:list"), {"period_kind": "month", "jalali_year": "1404"})
    assert response.status_code == 200
    assert "Choose the month of a monthly report." in response.content.decode()
    response = reviewer_client.post(
        reverse("reports:list"), {"period_kind": "fiscal_year", "jalali_year": "1499"}
    )
    assert "This period has not started yet." in response.content.decode()
    response = reviewer_client.post(
        reverse("reports:list"), {"period_kind": "fiscal_year", "jalali_year": "abc"}
    )
    assert response.status_code == 200
    assert not ProgrammeReport.objects.exists()


def test_operators_cannot_post_a_request(operator_client):
    response = operator_client.post(
        reverse("reports:list"), {"period_kind": "fiscal_year", "jalali_year": "1404"}
    )
    assert response.status_code == 403
    assert not ProgrammeReport.objects.exists()


def test_progress_partial_polls_while_running_and_stops_when_done(reviewer_client, reviewer):
    report = ProgrammeReportFactory(requested_by=reviewer)
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=60)
    html = reviewer_client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert f'id="report-{report.pk}"' in html
    assert 'hx-trigger="every 2s"' in html and reverse("reports:progress", args=[report.pk]) in html
    assert 'aria-valuenow="60"' in html and "width: 60%" in html
    assert "download" not in html
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.DONE, progress=100)
    html = reviewer_client.get(reverse("reports:progress", args=[report.pk])).content.decode()
    assert "hx-trigger" not in html


def test_list_page_polls_only_the_reports_in_progress(reviewer_client, reviewer, done_report):
    running = ProgrammeReportFactory(requested_by=reviewer, jalali_month=2)
    html = reviewer_client.get(reverse("reports:list")).content.decode()
    assert html.count('hx-trigger="every 2s"') == 1
    assert reverse("reports:progress", args=[running.pk]) in html


def test_download_is_an_attachment_with_the_workbook(reviewer_client, done_report):
    response = reviewer_client.get(reverse("reports:download", args=[done_report.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="programme-report-1404-01.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    import io

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[0] == "Summary"
    response = reviewer_client.get(reverse("reports:download", args=[done_report.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("Summary")


def test_download_of_an_unfinished_report_or_unknown_format_is_404(reviewer_client, reviewer, done_report):
    queued = ProgrammeReportFactory(requested_by=reviewer, jalali_month=3)
    assert reviewer_client.get(reverse("reports:download", args=[queued.pk, "xlsx"])).status_code == 404
    assert reviewer_client.get(reverse("reports:download", args=[done_report.pk, "pdf"])).status_code == 404


def test_dashboard_shows_figures_charts_data_and_the_province_map(reviewer_client):
    known_mines()
    response = reviewer_client.get(reverse("reports:dashboard"), {"year": "1403"})
    html = response.content.decode()
    assert response.context["figures"]["production"]["totals"]["tonnes_mined"] == 3500
    assert 'id="report-data"' in html and "reports/dashboard.js" in html and "chart.umd.min.js" in html
    data = response.context["chart_data"]
    assert data["stages"]["mines"] == [1, 0, 0, 1, 1]
    assert json.loads(json.dumps(data))  # plain JSON: no Decimals
    assert html.count('class="province-region map-class-') == 31
    assert 'data-code="IR-10" data-value="2"' in html
    assert 'id="province-table-IR-10"' in html and "reports/province_map.js" in html


def test_dashboard_ignores_a_bad_period(reviewer_client):
    assert reviewer_client.get(reverse("reports:dashboard"), {"year": "x", "month": "13"}).status_code == 200


def test_transparency_page_is_public_and_has_no_personal_data(operator):
    mines = known_mines(operator=operator)
    response = Client().get(reverse("reports:transparency"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for secret in (
        mines[0].name,
        mines[1].name,
        operator.username,
        operator.first_name,
        operator.last_name,
        "Kavir Lead Co.",
        mines[0].licence_number,
        mines[0].verified_by.username,
    ):
        assert secret not in html
    assert response.context["figures"]["mines"]["revived"] == 1
    assert response.context["figures"]["mines"]["jobs_created"] == 23
    assert 'id="report-data"' in html and html.count('class="province-region map-class-') == 31


def test_transparency_page_is_cached_for_a_few_minutes(django_assert_max_num_queries):
    known_mines()
    Client().get(reverse("reports:transparency"))
    with django_assert_max_num_queries(0):
        Client().get(reverse("reports:transparency"))


def test_transparency_page_in_persian_is_right_to_left():
    client = Client()
    client.cookies["django_language"] = "fa"
    html = client.get(reverse("reports:transparency")).content.decode()
    assert 'dir="rtl"' in html and "شفافیت برنامه" in html


def test_navigation_public_and_staff_entries(reviewer, operator):
    assert "reports:transparency" in [item.url_name for item in menu_for(None)]
    staff = [item.url_name for item in menu_for(reviewer)]
    assert "reports:list" in staff and "reports:dashboard" in staff
    assert not {"reports:list", "reports:dashboard"} & {item.url_name for item in menu_for(operator)}


def test_dashboard_panels_for_staff_only(reviewer_client, operator_client, done_report):
    html = reviewer_client.get(reverse("dashboard")).content.decode()
    assert "Latest programme report" in html and "Farvardin 1404" in html
    assert "Latest programme report" not in operator_client.get(reverse("dashboard")).content.decode()


def test_the_request_form_opens_on_the_last_complete_month_and_sends_as_is(
    reviewer_client, django_capture_on_commit_callbacks
):
    form = reviewer_client.get(reverse("reports:list")).context["form"]
    year, month = services.previous_jalali_month(timezone.localdate())
    assert (form["period_kind"].value(), form["jalali_year"].value(), form["jalali_month"].value()) == (
        "month",
        year,
        month,
    )
    with django_capture_on_commit_callbacks(execute=False):
        response = reviewer_client.post(
            reverse("reports:list"), {"period_kind": "month", "jalali_year": year, "jalali_month": month}
        )
    assert response.status_code == 302
    assert ProgrammeReport.objects.for_period("month", year, month).exists()
