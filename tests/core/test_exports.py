"""The export machinery every list shares: the registry and its view, cells in the request's language,
formulas neutralised, constant queries, and long XLSX files built by Celery for their owner only."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from mines.exports import MINE_EXPORT
from mines.models import Mine
from revival_portal.core import export_jobs
from revival_portal.core.calendar import format_jalali
from revival_portal.core.exports import EXPORTS, spreadsheet_safe
from revival_portal.core.models import ExportJob, ExportStatus
from revival_portal.notifications.models import Notification
from tests.exports import body, csv_table, records, xlsx_table
from tests.factories import OperatorFactory, PartnerFactory, ReviewerFactory, signed_in
from tests.mines.factories import MineFactory, mineral

pytestmark = pytest.mark.django_db

EXPECTED_EXPORTS = {
    "mines",
    "production-reports",
    "loan-applications",
    "loans",
    "portfolio",
    "disbursements",
    "repayments",
    "unit-requests",
    "bookings",
    "tenders",
    "bids",
    "mine-registrations",
    "awaiting-contract",
    "processing-units",
    "associations",
    "memberships",
    "member-mines",
    "review-sessions",
    "catalogue",
    "offers",
    "notifications",
    "programme-reports",
}


def url(name: str, fmt: str) -> str:
    return reverse("exports:download", args=[name, fmt])


def test_every_list_is_registered():
    assert set(EXPORTS) == EXPECTED_EXPORTS


@pytest.mark.parametrize("name", sorted(EXPECTED_EXPORTS))
def test_every_list_has_its_title_and_headers_in_persian(name):
    export = EXPORTS[name]
    with translation.override("fa"):
        texts = [str(export.title), *export.headers()]
    untranslated = [text for text in texts if text.isascii()]
    assert untranslated == [], name


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_spreadsheet_safe_prefixes_formula_text(prefix):
    assert spreadsheet_safe(f"{prefix}SUM(A1:A9)") == f"'{prefix}SUM(A1:A9)"
    assert spreadsheet_safe("Zinc mine") == "Zinc mine"
    assert spreadsheet_safe(-5) == -5


def test_unknown_list_or_format_is_404():
    client = signed_in(ReviewerFactory())
    assert client.get(url("nothing", "csv")).status_code == 404
    assert client.get(url("mines", "pdf")).status_code == 404


def test_signed_out_is_sent_to_sign_in_and_a_role_without_the_page_gets_403(client):
    response = client.get(url("mines", "csv"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert signed_in(PartnerFactory()).get(url("mines", "csv")).status_code == 403


def test_a_refused_filter_value_is_404():
    """Another person's object in the filters answers "not found", never its rows."""
    owner, stranger = OperatorFactory(), OperatorFactory()
    MineFactory(operator=owner)
    client = signed_in(stranger)
    assert client.get(url("mines", "csv"), {"verification": "not-a-state"}).status_code == 404


def test_persian_export_has_persian_headers_and_jalali_dates():
    mine = MineFactory(licence_issued_on=dt.date(2024, 3, 20), licence_expires_on=dt.date(2030, 3, 21))
    client = signed_in(ReviewerFactory(), language="fa")
    table = csv_table(client.get(url("mines", "csv")))
    assert table[0][MINE_EXPORT.headers().index(str(MINE_EXPORT.columns[2].label))] == "نام"
    row = dict(zip([c.key for c in MINE_EXPORT.columns], table[1], strict=True))
    assert row["name"] == mine.name
    assert row["licence_issued_on"] == "1403/01/01" == format_jalali(mine.licence_issued_on)
    assert row["licence_expires_on"] == format_jalali(mine.licence_expires_on)
    assert row["licence_expired"] == "خیر"
    workbook_row = xlsx_table(client.get(url("mines", "xlsx")))[1]
    assert workbook_row[[c.key for c in MINE_EXPORT.columns].index("licence_issued_on")] == "1403/01/01"


def test_english_export_has_iso_dates(english):
    MineFactory(licence_issued_on=dt.date(2024, 3, 20))
    client = signed_in(ReviewerFactory(), language="en")
    (row,) = records(csv_table(client.get(url("mines", "csv"))), MINE_EXPORT)
    assert row["licence_issued_on"] == "2024-03-20" and row["licence_expired"] == "no"


def test_csv_is_streamed_and_not_cached():
    MineFactory()
    response = signed_in(ReviewerFactory()).get(url("mines", "csv"))
    assert response.streaming
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="mines-' in response["Content-Disposition"]


def _queries(client, path) -> int:
    # A warm request first: the person's roles and unread count are cached once after the data changed.
    body(client.get(path))
    with CaptureQueriesContext(connection) as queries:
        body(client.get(path))
    return len(queries)


def test_mine_export_queries_do_not_grow_with_rows():
    client = signed_in(ReviewerFactory())
    zinc, lead = mineral("zinc"), mineral("lead")
    for _ in range(3):
        MineFactory().other_minerals.set([zinc, lead])
    few = {fmt: _queries(client, url("mines", fmt)) for fmt in ("csv", "xlsx")}
    for _ in range(27):
        MineFactory().other_minerals.set([zinc])
    many = {fmt: _queries(client, url("mines", fmt)) for fmt in ("csv", "xlsx")}
    assert few == many


@pytest.fixture
def small_threshold(settings):
    settings.EXPORT_XLSX_INLINE_MAX_ROWS = 2


def test_long_xlsx_is_built_by_celery_for_its_owner_only(small_threshold, django_capture_on_commit_callbacks):
    reviewer = ReviewerFactory()
    mines = [MineFactory(name=f"Mine {n}", primary_mineral=mineral("zinc")) for n in range(3)]
    MineFactory(primary_mineral=mineral("coal"))
    client = signed_in(reviewer, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url("mines", "xlsx"), {"mineral": mineral("zinc").pk, "page": 2})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:job", args=[job.pk])
    assert job.owner == reviewer and job.status == ExportStatus.DONE and job.progress == 100
    assert job.total_rows == 3 and job.language == "en" and "page" not in job.query
    page = client.get(reverse("exports:job", args=[job.pk]))
    assert reverse("exports:job_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("exports:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(body(download)), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == MINE_EXPORT.headers()
    assert sorted(row[0] for row in rows) == sorted(mine.pk for mine in mines)
    notice = Notification.objects.get(recipient=reviewer, kind="core.export_done")
    assert notice.url == job.get_absolute_url()
    # Only its owner reaches the job: another reviewer, or anyone signed out, gets 404 / sign-in.
    other = signed_in(ReviewerFactory())
    for name in ("exports:job", "exports:job_status", "exports:job_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert signed_in(OperatorFactory()).get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_job_in_progress_page_refreshes_itself(small_threshold):
    reviewer = ReviewerFactory()
    for _ in range(3):
        MineFactory()
    client = signed_in(reviewer, language="en")
    response = client.get(url("mines", "xlsx"))  # not committed: the job waits in the queue
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert (
        f'hx-get="{reverse("exports:job_status", args=[job.pk])}"' in page and 'hx-trigger="every 2s"' in page
    )
    assert client.get(reverse("exports:job_download", args=[job.pk])).status_code == 404


def test_job_is_built_with_the_owners_scope():
    """The task reads the list as its owner: an operator's job holds only their mines."""
    operator = OperatorFactory()
    own = MineFactory(operator=operator)
    MineFactory()
    job = export_jobs.export_job_request(
        owner=operator, export_name="mines", query="", language="en", total_rows=1
    )
    assert export_jobs.export_job_run(job_id=job.pk) is True
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        sheet = load_workbook(handle, read_only=True).active
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [own.pk]
    assert export_jobs.export_job_run(job_id=job.pk) is False  # done: built once


def test_expired_jobs_are_purged_with_their_files():
    reviewer = ReviewerFactory()
    MineFactory()
    job = export_jobs.export_job_request(
        owner=reviewer, export_name="mines", query="", language="en", total_rows=1
    )
    export_jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    stored = job.file.name
    assert job.file.storage.exists(stored)
    assert export_jobs.export_jobs_purge(now=job.expires_at - dt.timedelta(minutes=1)) == 0
    assert export_jobs.export_jobs_purge(now=job.expires_at + dt.timedelta(minutes=1)) == 1
    assert not ExportJob.objects.exists() and not job.file.storage.exists(stored)


def test_a_failing_build_marks_the_job_failed(monkeypatch):
    from revival_portal.core import tasks

    reviewer = ReviewerFactory()
    job = export_jobs.export_job_request(
        owner=reviewer, export_name="mines", query="", language="en", total_rows=1
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "write_xlsx", broken)
    with pytest.raises(RuntimeError):
        tasks.export_job_build(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "disk full" in job.error
    assert Mine.objects.count() == 0


def test_job_page_in_persian(small_threshold, django_capture_on_commit_callbacks):
    reviewer = ReviewerFactory()
    for _ in range(3):
        MineFactory()
    client = signed_in(reviewer, language="fa")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url("mines", "xlsx"))
    page = client.get(response["Location"]).content.decode()
    assert "۳ ردیف" in page and "دریافت XLSX" in page
    job = ExportJob.objects.get()
    assert job.language == "fa"
    header = xlsx_table(client.get(reverse("exports:job_download", args=[job.pk])))[0]
    assert header[2] == "نام"


@pytest.mark.parametrize(
    ("factory", "page", "export"),
    [
        (ReviewerFactory, "financing:application_list", "loan-applications"),
        (ReviewerFactory, "financing:loan_list", "loans"),
        (ReviewerFactory, "financing:portfolio", "portfolio"),
        (ReviewerFactory, "equipment:request_list", "unit-requests"),
        (ReviewerFactory, "equipment:booking_list", "bookings"),
        (ReviewerFactory, "equipment:tender_list", "tenders"),
        (ReviewerFactory, "equipment:bid_list", "bids"),
        (OperatorFactory, "mines:list", "mines"),
    ],
)
def test_every_list_page_offers_its_export_with_its_filters(factory, page, export):
    html = signed_in(factory()).get(reverse(page), {"status": "x", "page": 2}).content.decode()
    for fmt in ("csv", "xlsx"):
        assert f'href="{url(export, fmt)}?status=x"' in html
