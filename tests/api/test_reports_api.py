"""Reports API: who may call it, requesting a period and following it to its files, the figures as JSON,
the public aggregates without sign-in, bad periods as 400 field errors, and the schema."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from financing.services import disbursement_record
from revival_portal.accounts.tokens import api_token_create
from revival_portal.reports.api.serializers import (
    ProgrammeFiguresSerializer,
    PublicFiguresSerializer,
    ReportDownloadsSerializer,
)
from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.downloads import DOWNLOADS
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.periods import Period
from revival_portal.reports.selectors import programme_figures, public_figures
from revival_portal.reports.services import programme_report_run
from tests.equipment.factories import ProcessingUnitFactory
from tests.factories import (
    AdminFactory,
    FundOfficerFactory,
    OperatorFactory,
    PartnerFactory,
    RepresentativeFactory,
    ReviewerFactory,
    signed_in,
)
from tests.financing.factories import contracted_loan, sheba
from tests.mines.factories import ProductionReportFactory
from tests.reports.factories import FY1403, ProgrammeReportFactory, known_mines

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/reports/"
FIGURES = "/api/v1/figures/"
TRANSPARENCY = "/api/v1/transparency/"
STAFF = [ReviewerFactory, FundOfficerFactory, AdminFactory]
OUTSIDERS = [OperatorFactory, PartnerFactory, RepresentativeFactory]


def api(user=None, language: str = "en") -> APIClient:
    """A client calling as ``user`` (anonymous when None) that reads the answers in ``language``."""
    client = APIClient()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_authenticate(user)
    return client


def done_report(**fields) -> ProgrammeReport:
    report = ProgrammeReportFactory(**fields)
    assert programme_report_run(report_id=report.pk)
    report.refresh_from_db()
    return report


def download(report, file_format):
    return f"{REPORTS}{report.pk}/download/{file_format}/"


# --- Who may call what --------------------------------------------------------------------------------
@pytest.mark.parametrize("factory", STAFF)
def test_programme_staff_list_reports_and_read_figures(factory):
    report = ProgrammeReportFactory()
    client = api(factory())
    listing = client.get(REPORTS)
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [report.pk]
    assert client.get(f"{REPORTS}{report.pk}/").status_code == 200
    assert client.get(FIGURES).status_code == 200


@pytest.mark.parametrize("factory", OUTSIDERS)
def test_operators_partners_and_representatives_get_403_everywhere_but_transparency(factory):
    report = done_report()
    client = api(factory())
    for url in (
        REPORTS,
        f"{REPORTS}{report.pk}/",
        download(report, "xlsx"),
        download(report, "csv"),
        FIGURES,
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert not response.content.startswith(b"PK")
    assert client.post(REPORTS, {"period": "1403"}, format="json").status_code == 403
    assert not ProgrammeReport.objects.exclude(pk=report.pk).exists()
    assert client.get(TRANSPARENCY).status_code == 200


def test_anonymous_callers_are_refused_everywhere_but_transparency():
    report = done_report()
    client = api()
    for url in (REPORTS, f"{REPORTS}{report.pk}/", download(report, "csv"), FIGURES):
        assert client.get(url).status_code in (401, 403), url
    assert client.post(REPORTS, {"period": "1403"}, format="json").status_code in (401, 403)
    assert ProgrammeReport.objects.count() == 1
    assert client.get(TRANSPARENCY).status_code == 200


def test_the_list_costs_the_same_queries_for_one_report_or_ten():
    reviewer = ReviewerFactory()
    ProgrammeReportFactory()
    client = api(reviewer)
    client.get(REPORTS)  # the caller's roles are read once and kept on the user
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(REPORTS).json()["results"]) == 1
    for month in range(2, 11):
        ProgrammeReportFactory(jalali_month=month, requested_by=ReviewerFactory())
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(REPORTS).json()["results"]) == 10
    assert len(ten) == len(one)


def test_a_personal_token_of_a_fund_officer_reads_reports():
    officer = FundOfficerFactory()
    _token, secret = api_token_create(actor=officer, user=officer, name="reports", lifetime_days=1)
    report = ProgrammeReportFactory()
    response = APIClient().get(f"{REPORTS}{report.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200 and response.json()["id"] == report.pk


# --- Request, progress, download ----------------------------------------------------------------------
def test_requesting_a_fiscal_year_builds_it_and_its_files_download(django_capture_on_commit_callbacks):
    known_mines()
    reviewer = ReviewerFactory()
    client = api(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORTS, {"period": "۱۴۰۳"}, format="json")
    assert response.status_code == 202, response.content
    report = ProgrammeReport.objects.get()
    assert (report.period_kind, report.jalali_year, report.jalali_month) == ("fiscal_year", 1403, None)
    assert report.requested_by == reviewer
    assert response["Location"] == f"http://testserver{REPORTS}{report.pk}/"
    # Answered before the build ran (tasks run after commit, eagerly in tests): queued, no files yet.
    queued = response.json()
    assert (queued["status"], queued["progress"], queued["downloads"]) == (
        "queued",
        0,
        {"xlsx": None, "csv": None},
    )
    assert (queued["period"], queued["label"], queued["start_date"], queued["end_date"]) == (
        "1403",
        "Fiscal year 1403",
        "2024-03-20",
        "2025-03-20",
    )

    shown = client.get(response["Location"]).json()
    assert (shown["status"], shown["progress"], shown["requested_by"]) == ("done", 100, reviewer.username)
    assert shown["revision"] == 1  # the first build of its period
    assert shown["downloads"] == {
        "xlsx": f"http://testserver{download(report, 'xlsx')}",
        "csv": f"http://testserver{download(report, 'csv')}",
    }

    workbook = client.get(download(report, "xlsx"))
    assert workbook.status_code == 200
    assert workbook["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert workbook["Content-Disposition"] == 'attachment; filename="programme-report-1403.xlsx"'
    assert workbook["Cache-Control"] == "private, no-store"
    sheets = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).sheetnames
    assert len(sheets) > 1
    table = client.get(download(report, "csv"))
    assert table.status_code == 200 and table["Content-Type"] == "text/csv; charset=utf-8"
    report.refresh_from_db()
    with report.csv_file.open("rb") as stored:
        assert b"".join(table.streaming_content) == stored.read()


def test_a_month_by_kind_year_and_month():
    response = api(ReviewerFactory()).post(
        REPORTS, {"period_kind": "month", "jalali_year": "1403", "jalali_month": 7}, format="json"
    )
    assert response.status_code == 202, response.content
    assert (response.json()["period"], response.json()["label"]) == ("1403-07", "Mehr 1403")
    report = ProgrammeReport.objects.get()
    assert (report.period_kind, report.jalali_year, report.jalali_month) == ("month", 1403, 7)
    assert (report.start_date, report.end_date) == (dt.date(2024, 9, 22), dt.date(2024, 10, 21))


def test_a_period_under_way_is_answered_with_its_report():
    queued = ProgrammeReportFactory(jalali_year=1403, jalali_month=7)
    response = api(ReviewerFactory()).post(REPORTS, {"period": "1403-07"}, format="json")
    assert response.status_code == 202
    assert response.json()["id"] == queued.pk
    assert ProgrammeReport.objects.count() == 1


def test_progress_is_read_while_the_report_is_built():
    report = ProgrammeReportFactory()
    ProgrammeReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    shown = api(ReviewerFactory()).get(f"{REPORTS}{report.pk}/").json()
    assert (shown["status"], shown["progress"], shown["downloads"]) == (
        "running",
        40,
        {"xlsx": None, "csv": None},
    )


@pytest.mark.parametrize("status", [ReportStatus.QUEUED, ReportStatus.RUNNING, ReportStatus.FAILED])
def test_download_of_a_report_not_built_is_409(status):
    report = ProgrammeReportFactory()
    ProgrammeReport.objects.filter(pk=report.pk).update(status=status)
    for file_format in ("xlsx", "csv"):
        response = api(ReviewerFactory()).get(download(report, file_format))
        assert response.status_code == 409
        assert (
            response.json()["detail"] == "The report is not built yet: download it once its status is done."
        )


def test_download_of_a_missing_file_an_unknown_format_or_report_is_404():
    report = done_report()
    client = api(ReviewerFactory())
    assert client.get(download(report, "pdf")).status_code == 404
    assert client.get(f"{REPORTS}{report.pk + 1}/download/csv/").status_code == 404
    report.csv_file.delete(save=False)
    assert client.get(download(report, "csv")).status_code == 404
    assert client.get(download(report, "xlsx")).status_code == 200


def test_the_page_and_the_api_send_the_same_file():
    report = done_report()
    reviewer = ReviewerFactory()
    page = signed_in(reviewer).get(f"/reports/{report.pk}/download/csv/")
    answer = api(reviewer).get(download(report, "csv"))
    assert page.status_code == answer.status_code == 200
    assert page["Content-Disposition"] == answer["Content-Disposition"]
    assert b"".join(page.streaming_content) == b"".join(answer.streaming_content)


# --- Bad input: 400 with field errors, never 500 ------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "1403-13"}, "period"),
        ({"period": "1379"}, "period"),
        ({"period": "14031"}, "period"),
        ({"period": "next year"}, "period"),
        ({"period": ""}, "period"),
        ({"period": "x" * 5000}, "period"),
        ({"period": ["1403"]}, "period"),
        ({"period": "2999"}, "period"),
        ({"period": "1403", "jalali_year": 1402}, "period"),
        ({}, "period"),
        ({"period_kind": "month"}, "jalali_year"),
        ({"jalali_year": 1403}, "period_kind"),
        ({"period_kind": "month", "jalali_year": 1403}, "jalali_month"),
        ({"period_kind": "month", "jalali_year": 1403, "jalali_month": 13}, "jalali_month"),
        ({"period_kind": "week", "jalali_year": 1403}, "period_kind"),
        ({"period_kind": "fiscal_year", "jalali_year": "soon"}, "jalali_year"),
        ({"period_kind": "fiscal_year", "jalali_year": 1500}, "jalali_year"),
    ],
)
def test_bad_requests_answer_400_on_their_field_and_store_nothing(body, field):
    response = api(ReviewerFactory()).post(REPORTS, body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not ProgrammeReport.objects.exists()


def test_a_period_not_started_says_so():
    next_year = Period.current_fiscal_year().year + 1
    response = api(ReviewerFactory()).post(REPORTS, {"period": str(next_year)}, format="json")
    assert response.json() == {"period": ["This period has not started yet."]}


def test_a_body_that_is_not_an_object_answers_400():
    response = api(ReviewerFactory()).post(REPORTS, '["1403"]', content_type="application/json")
    assert response.status_code == 400
    assert api_settings.NON_FIELD_ERRORS_KEY in response.json()


def test_the_running_month_built_today_is_refused_with_the_service_message():
    current = Period.current_month()
    done_report(jalali_year=current.year, jalali_month=current.month)
    response = api(ReviewerFactory()).post(REPORTS, {"period": str(current)}, format="json")
    assert response.status_code == 400
    with translation.override("en"):
        message = f"A report for {current.label} was built today; download it from the list below."
    assert response.json() == {"period": [message]}
    assert ProgrammeReport.objects.count() == 1


def test_a_bad_period_message_is_in_persian_for_a_persian_caller():
    response = api(ReviewerFactory(), language="fa").get(FIGURES, {"period": "1403-13"})
    assert response.status_code == 400
    assert response.json() == {"period": ["دوره را به صورت سال شمسی (۱۴۰۳) یا سال و ماه (۱۴۰۳-۰۷) بنویسید."]}


@pytest.mark.parametrize("url", [FIGURES, TRANSPARENCY])
@pytest.mark.parametrize("period", ["1403-00", "14o3", "1403-7-1", "9999", "-1", "x" * 100])
def test_figures_with_a_bad_period_answer_400(url, period):
    response = api(ReviewerFactory()).get(url, {"period": period})
    assert response.status_code == 400
    assert list(response.json()) == ["period"]


@pytest.mark.parametrize("url", [FIGURES, TRANSPARENCY])
def test_figures_of_a_period_not_started_answer_400(url):
    next_year = Period.current_fiscal_year().year + 1
    response = api(ReviewerFactory()).get(url, {"period": f"{next_year}-01"})
    assert response.json() == {"period": ["This period has not started yet."]}


# --- Figures ------------------------------------------------------------------------------------------
def test_figures_of_fiscal_year_1403_are_the_dashboards_as_json_numbers():
    known_mines()
    response = api(ReviewerFactory()).get(FIGURES, {"period": "1403"})
    assert response.status_code == 200
    data = response.json()
    assert (data["period"], data["label"], data["start"], data["end"], data["on"]) == (
        "1403",
        "Fiscal year 1403",
        "2024-03-20",
        "2025-03-20",
        "2025-03-20",
    )
    expected = programme_figures(start=FY1403[0], end=FY1403[1], on=FY1403[1])
    production = data["production"]["totals"]
    assert production == {
        "jobs": int(expected["production"]["totals"]["jobs"]),
        "tonnes_mined": 3500.0,
        "tonnes_sold": 2800.0,
        "revenue_rials": 12_500_000_000,
        "reports": 3,
        "mines_reporting": 2,
        "jobs_average": expected["production"]["totals"]["jobs_average"],
    }
    assert isinstance(production["revenue_rials"], int)
    assert [
        (m["period_year"], m["period_month"], m["tonnes_mined"]) for m in data["production"]["by_month"]
    ] == [
        (1403, 1, 1000.0),
        (1403, 6, 500.0),
        (1403, 12, 2000.0),
    ]
    assert data["mines"]["totals"]["mines"] == expected["mines"]["totals"]["mines"]
    assert data["mines"]["totals"]["verified"] == expected["mines"]["totals"]["verified"]
    assert [row["stage"] for row in data["mines"]["by_stage"]] == [
        row["stage"] for row in expected["mines"]["by_stage"]
    ]
    assert [row["bucket"] for row in data["portfolio"]["buckets"]] == [
        row["bucket"] for row in expected["portfolio"]["buckets"]
    ]


def test_figures_default_to_the_current_month_with_money_as_integers():
    officer = FundOfficerFactory()
    today = timezone.localdate()
    loan = contracted_loan(officer=officer, amount=Decimal("4987654321"), contracted_on=today)
    disbursement_record(
        loan=loan,
        actor=officer,
        amount=Decimal("4987654321"),
        disbursed_on=today,
        bank_reference="B-1",
        destination_sheba=sheba(),
    )
    data = api(officer).get(FIGURES).json()
    current = Period.current_month()
    assert (data["period"], data["on"]) == (str(current), today.isoformat())
    assert (data["start"], data["end"]) == tuple(day.isoformat() for day in current.bounds)
    money = data["money"]
    assert money["approved_in_period"] == money["disbursed_in_period"] == 4_987_654_321
    assert money["loans_in_period"] == 1
    assert data["portfolio"]["totals"]["outstanding_principal"] == 4_987_654_321
    assert data["portfolio"]["totals"]["active_loans"] == 1
    assert all(isinstance(value, int) for value in money.values())


def _shape_differences(serializer, value: dict, where: str) -> list:
    """Where the keys of ``value`` (and of its nested dicts and first rows) differ from the serializer's."""
    differences = []
    extra, missing = set(value) - set(serializer.fields), set(serializer.fields) - set(value)
    if extra or missing:
        differences.append((where, sorted(extra), sorted(missing)))
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.ListSerializer):
            for row in value.get(name, [])[:1]:
                differences += _shape_differences(field.child, row, f"{where}.{name}[]")
        elif isinstance(field, serializers.Serializer) and name in value:
            differences += _shape_differences(field, value[name], f"{where}.{name}")
    return differences


def test_the_api_serializers_carry_every_figure_the_selectors_compute():
    """A figure added to the dashboard or the public page shows in the API too (else this names it)."""
    mine = known_mines()[0]
    ProcessingUnitFactory()
    period = Period.current_fiscal_year()
    ProductionReportFactory(mine=mine, period_year=period.year, period_month=1)
    start, end = period.bounds
    header = {"period": str(period), "label": period.label, "start": start, "end": end, "on": period.as_of()}
    figures = programme_figures(start=start, end=end, on=period.as_of())
    assert all(figures["mines"][key] for key in ("by_stage", "by_province", "by_mineral"))
    assert figures["utilisation"]["by_type"] and figures["production"]["by_month"]
    assert _shape_differences(ProgrammeFiguresSerializer(), {**figures, **header}, "figures") == []
    public = public_figures()
    assert public["by_province"] and public["production_by_year"]
    # The answer's period replaces the selector's current fiscal year.
    public.pop("fiscal_year", None)
    assert _shape_differences(PublicFiguresSerializer(), {**public, **header}, "public") == []


# --- Transparency -------------------------------------------------------------------------------------
def test_transparency_is_public_and_names_nobody():
    mines = known_mines()
    response = api().get(TRANSPARENCY, {"period": "۱۴۰۳"})
    assert response.status_code == 200
    data = response.json()
    expected = public_figures()
    assert (data["period"], data["label"], data["on"]) == ("1403", "Fiscal year 1403", "2025-03-20")
    assert data["mines"]["registered"] == expected["mines"]["registered"] == 3
    assert data["mines"]["verified"] == 2
    assert data["by_province"] == [{"code": "IR-08", "mines": 1}, {"code": "IR-10", "mines": 1}]
    assert data["money"] == {"loans": 0, "approved": 0, "lent": 0, "repaid": 0}
    body = response.content.decode()
    for mine in mines:
        assert mine.name not in body
        assert mine.operator.username not in body


def test_transparency_is_cached_briefly():
    known_mines()
    client = api()
    first = client.get(TRANSPARENCY, {"period": "1403"}).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(TRANSPARENCY, {"period": "1403"}).json()
    assert len(queries) == 0
    assert again == first


def test_transparency_is_throttled_per_anonymous_address(settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client = api()
    assert [client.get(TRANSPARENCY).status_code for _ in range(3)] == [200, 200, 429]
    other_address = client.get(TRANSPARENCY, REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200


# --- Schema -------------------------------------------------------------------------------------------
def test_the_schema_documents_the_reports_api():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/reports/"])
    assert "get" in paths["/api/v1/reports/{id}/"]
    download_operation = paths["/api/v1/reports/{id}/download/{file_format}/"]["get"]
    file_format = next(p for p in download_operation["parameters"] if p["name"] == "file_format")
    assert sorted(file_format["schema"]["enum"]) == ["csv", "xlsx"]
    assert set(download_operation["responses"]) == {"200", "404", "409"}
    assert set(download_operation["responses"]["200"]["content"]) == {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    }
    for path in ("/api/v1/figures/", "/api/v1/transparency/"):
        operation = paths[path]["get"]
        assert [p["name"] for p in operation["parameters"]] == ["period"]
        assert set(operation["responses"]) == {"200", "400"}
    # Anyone may call the transparency endpoint; the others need credentials.
    assert {} in paths["/api/v1/transparency/"]["get"]["security"]
    assert {} not in paths["/api/v1/figures/"]["get"]["security"]
    components = schema["components"]["schemas"]
    money = components["MoneyFlows"]["properties"]["disbursed_in_period"]
    assert money["type"] == "integer"
    assert components["ProductionTotals"]["properties"]["tonnes_mined"]["type"] == "number"


def test_the_schema_names_a_download_address_for_every_format_a_report_is_built_in():
    assert set(ReportDownloadsSerializer().fields) == set(DOWNLOADS)
