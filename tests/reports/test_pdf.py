"""The programme report's summary page as a PDF: the report's language, its figures, staff only."""

import pytest
from django.test import Client
from django.urls import reverse

from revival_portal.reports.choices import PeriodKind
from revival_portal.reports.tasks import programme_report_build
from tests.factories import signed_in
from tests.pdf_text import assert_in_order, pdf_text
from tests.reports.factories import ProgrammeReportFactory, known_mines

pytestmark = [pytest.mark.django_db, pytest.mark.pdftotext]


def built_report(language: str, reviewer):
    report = ProgrammeReportFactory(
        period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1403, jalali_month=None, language=language,
        requested_by=reviewer,
    )  # fmt: skip
    programme_report_build.delay(report.pk)
    report.refresh_from_db()
    assert report.is_done
    return report


def test_summary_pdf_in_persian_lists_the_figures_in_order(reviewer, reviewer_client):
    known_mines()
    report = built_report("fa", reviewer)
    response = reviewer_client.get(reverse("reports:summary_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="programme-report-1403-summary.pdf"'
    text = pdf_text(response.content)
    # Fiscal year 1403 holds three production reports: 3,500 t mined, 2,800 t sold, 12.5 billion rials.
    assert_in_order(
        text,
        "طرح احیای معادن کوچک",
        "گزارش طرح سال مالی ۱۴۰۳",
        "۱۴۰۳/۰۱/۰۱",
        "۱۴۰۳/۱۲/۳۰",
        "معادن ثبت‌شده",
        "معادن تأییدشده",
        "تن استخراج‌شده",
        "۳٬۵۰۰",
        "۲٬۸۰۰",
        "۱۲٬۵۰۰٬۰۰۰٬۰۰۰",
    )
    assert "Summary" not in text and "3,500" not in text


def test_summary_pdf_in_english(reviewer, reviewer_client):
    known_mines()
    report = built_report("en", reviewer)
    text = pdf_text(reviewer_client.get(reverse("reports:summary_pdf", args=[report.pk])).content)
    assert_in_order(
        text, "Programme report Fiscal year 1403", "Summary", "Tonnes mined", "3,500", "12,500,000,000"
    )


def test_summary_pdf_is_for_staff_and_finished_reports_only(reviewer, operator_client, partner_client):
    report = built_report("en", reviewer)
    url = reverse("reports:summary_pdf", args=[report.pk])
    for client in (operator_client, partner_client):
        assert client.get(url).status_code in (403, 404)
    assert Client().get(url).status_code == 302
    queued = ProgrammeReportFactory(requested_by=reviewer, jalali_month=3)
    assert signed_in(reviewer).get(reverse("reports:summary_pdf", args=[queued.pk])).status_code == 404


def test_report_list_links_the_summary_pdf_of_finished_reports(reviewer, reviewer_client):
    report = built_report("en", reviewer)
    html = reviewer_client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:summary_pdf", args=[report.pk]) in html
