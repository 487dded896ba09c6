"""A closed period's report is reproducible; a later correction of the period makes a new revision.

Fiscal year 1403 over the crafted programme of ``test_as_of``: built twice it gives the same figures and
revision; a repayment recorded in April 2025 but dated 19 March 2025 changes the year, and the next build
is revision 2, whose page lists the figures that changed (in Persian for a Persian reader).
"""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from mines.models import ProductionReport
from revival_portal.reports import services
from revival_portal.reports.choices import PeriodKind, ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.revisions import figure_changes, loaded_figures, same_figures, stored_figures
from revival_portal.reports.selectors import programme_figures
from tests.factories import signed_in
from tests.financing.factories import repay
from tests.reports.factories import ProgrammeReportFactory, known_mines
from tests.reports.test_as_of import MONEY, OWN_REFERENCE, at, craft, own_figures, tehran

pytestmark = pytest.mark.django_db


def _build(reviewer, language="en") -> ProgrammeReport:
    report = ProgrammeReportFactory(
        period_kind=PeriodKind.FISCAL_YEAR,
        jalali_year=1403,
        jalali_month=None,
        requested_by=reviewer,
        language=language,
    )
    assert services.programme_report_run(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    return report


def _late_repayment(programme) -> None:
    """200,000,000 rials paid on 19 March 2025 (instalments 2 and 3 of L5), recorded on 15 April 2025."""
    with at(tehran(2025, 4, 15)):
        repay(programme["loans"]["L5"], programme["officer"], 200_000_000, dt.date(2025, 3, 19))


@pytest.fixture
def programme(db):
    return craft()


def test_building_a_closed_year_twice_gives_the_same_figures_and_revision(programme, reviewer):
    first, second = _build(reviewer), _build(reviewer)
    assert first.revision == second.revision == 1
    assert first.figures == second.figures
    assert own_figures(loaded_figures(first.figures)) == OWN_REFERENCE
    # A build in another language labels its rows differently but says the same: still revision 1.
    persian = _build(reviewer, language="fa")
    assert persian.revision == 1 and same_figures(first.figures, persian.figures)

    client = signed_in(reviewer)
    html = client.get(reverse("reports:detail", args=[first.pk])).content.decode()
    assert 'id="report-summary"' in html and 'id="report-changes"' not in html
    assert "revision 1" in html and "Loans active at the end of the period" in html
    # The summary PDF is written from the stored figures too.
    with mock.patch("revival_portal.reports.views.programme_figures") as recompute:
        response = client.get(reverse("reports:summary_pdf", args=[first.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    recompute.assert_not_called()


def test_a_late_repayment_dated_in_the_year_makes_revision_2_and_its_page_lists_the_changes(
    programme, reviewer, fund_officer
):
    first = _build(reviewer)
    _late_repayment(programme)
    again = _build(reviewer)
    assert (first.revision, again.revision) == (1, 2)
    assert not same_figures(first.figures, again.figures)

    changes = {
        change.figure: (change.old, change.new)
        for change in figure_changes(again, first.figures, again.figures)
    }
    repaid = MONEY["repaid_in_period"]
    assert changes["Summary › Amount repaid in the period (rials)"] == (repaid, repaid + 200_000_000)
    assert changes["Summary › Repaid to the end of the period (rials)"] == (repaid, repaid + 200_000_000)
    # Nothing else of the year's own figures moved: mines, production, applications, loans, fleet.
    assert not [figure for figure in changes if figure.startswith(("Mines", "Production", "Applications"))]
    assert "Summary › Loans active at the end of the period" not in changes
    html = signed_in(reviewer, "fa").get(reverse("reports:detail", args=[again.pk])).content.decode()
    assert 'id="report-changes"' in html and "ویرایش ۲" in html
    assert "مبلغ بازپرداخت‌شده در دوره (ریال)" in html
    assert "۱٬۳۰۰٬۰۰۰٬۰۰۰" in html and "۱٬۵۰۰٬۰۰۰٬۰۰۰" in html

    # Building once more over the corrected rows reproduces revision 2; the year may be asked again today.
    assert _build(reviewer).revision == 2
    queued = services.programme_report_request(
        actor=fund_officer, period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1403
    )
    assert queued.status == ReportStatus.QUEUED
    # The portfolio on 20 March 2025 (``portfolio_arrears`` on that day): L5 current, 900,000,000 left.
    assert changes["Summary › Outstanding principal (rials)"] == (
        Decimal(2_900_000_000),
        Decimal(2_700_000_000),
    )
    assert changes["Summary › Loans in arrears"] == (2, 1)


def test_changes_name_each_production_month_of_the_year(reviewer):
    """A production report corrected later: the change names its month, the year's other months stay."""
    known_mines()
    report = ProgrammeReportFactory(
        period_kind=PeriodKind.FISCAL_YEAR, jalali_year=1403, jalali_month=None, requested_by=reviewer
    )
    before = stored_figures(programme_figures(start=report.start_date, end=report.end_date))
    ProductionReport.objects.filter(period_year=1403, period_month=6).update(tonnes_mined=Decimal(650))
    after = stored_figures(programme_figures(start=report.start_date, end=report.end_date))
    changes = {change.figure: (change.old, change.new) for change in figure_changes(report, before, after)}
    assert changes == {
        "Summary › Tonnes mined": (Decimal(3500), Decimal(3650)),
        "Production › Shahrivar 1403 › Tonnes mined": (Decimal(500), Decimal(650)),
    }
    assert figure_changes(report, before, before) == []
