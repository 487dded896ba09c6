"""The list of programme reports as CSV and XLSX: the page's rows for the staff who open it, refused to
everyone else, flat queries, Persian headers and Jalali dates."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.exports import REPORT_LIST_EXPORT
from revival_portal.reports.models import ProgrammeReport
from tests.exports import body, csv_table, records, xlsx_table
from tests.factories import signed_in
from tests.reports.factories import ProgrammeReportFactory

pytestmark = pytest.mark.django_db


def url(fmt: str = "csv") -> str:
    return reverse("exports:download", args=["programme-reports", fmt])


def reports(count: int, start: int = 0) -> list[ProgrammeReport]:
    return [
        ProgrammeReportFactory(jalali_year=1400 + (start + n) // 12, jalali_month=(start + n) % 12 + 1)
        for n in range(count)
    ]


def test_the_pages_reports_for_reviewers_and_fund_officers(reviewer, fund_officer):
    made = reports(3)
    for person in (reviewer, fund_officer):
        client = signed_in(person)
        page = client.get(reverse("reports:list")).context["page"]
        rows = records(csv_table(client.get(url())), REPORT_LIST_EXPORT)
        assert [row["id"] for row in rows] == [str(report.pk) for report in page.object_list]
        assert sorted(row["id"] for row in rows) == sorted(str(report.pk) for report in made)
    (row, *_rest) = records(xlsx_table(signed_in(reviewer).get(url("xlsx"))), REPORT_LIST_EXPORT)
    newest = ProgrammeReport.objects.first()
    assert row["id"] == newest.pk and row["period"] == newest.period_label
    assert row["status"] == str(ReportStatus.QUEUED.label)


def test_refused_to_those_the_page_refuses(operator, partner):
    reports(1)
    for person in (operator, partner):
        client = signed_in(person)
        assert client.get(reverse("reports:list")).status_code == 403
        assert client.get(url()).status_code == 403
    assert Client().get(url()).status_code == 302  # to sign in


def test_persian_headers_and_jalali_dates(reviewer):
    (report,) = reports(1, start=4 * 12)  # Farvardin 1404: 21 March 2025
    ProgrammeReport.objects.filter(pk=report.pk).update(requested_by=None)
    client = signed_in(reviewer, language="fa")
    with translation.override("fa"):
        (row,) = records(csv_table(client.get(url())), REPORT_LIST_EXPORT)
        assert REPORT_LIST_EXPORT.headers()[:2] == ["شناسه", "دوره"]
    assert report.start_date == dt.date(2025, 3, 21) and row["start_date"] == "1404/01/01"
    assert row["requested_by"] == "زمان‌بندی خودکار"  # the monthly schedule, as on the page


def test_queries_do_not_grow_with_rows(reviewer):
    client = signed_in(reviewer)

    def counted(fmt):
        body(client.get(url(fmt)))  # warm: roles and unread count are cached
        with CaptureQueriesContext(connection) as queries:
            body(client.get(url(fmt)))
        return len(queries)

    reports(2)
    few = {fmt: counted(fmt) for fmt in ("csv", "xlsx")}
    reports(15, start=2)
    assert {fmt: counted(fmt) for fmt in ("csv", "xlsx")} == few


def test_the_page_links_its_export(reviewer):
    html = signed_in(reviewer).get(reverse("reports:list")).content.decode()
    assert f'href="{url()}"' in html and f'href="{url("xlsx")}"' in html
