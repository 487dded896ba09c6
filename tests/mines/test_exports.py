"""Exports: the filtered list as CSV and XLSX (own mines only), the reviewers' queue of registrations and
the production reports."""

import datetime as dt
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mines.exports import MINE_EXPORT, PRODUCTION_REPORT_EXPORT, REVIEW_QUEUE_EXPORT
from mines.imports import mine_import_csv
from mines.models import Mine
from tests.exports import body, csv_table, records, xlsx_table
from tests.factories import signed_in
from tests.mines.factories import MineFactory, PendingMineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_the_expected_database():
    """When run to check SQLite (tests/core/test_exports_on_sqlite.py), make sure it really is SQLite."""
    expected = os.environ.get("EXPORTS_DATABASE_VENDOR")
    if expected:
        assert connection.vendor == expected


def url(name: str, fmt: str) -> str:
    return reverse("exports:download", args=[name, fmt])


def mines_csv(client, **params) -> list[dict]:
    return records(csv_table(client.get(url("mines", "csv"), params)), MINE_EXPORT)


def test_csv_export_follows_the_filters(reviewer_client):
    MineFactory(name="Iron one", primary_mineral=mineral("iron"))
    MineFactory(name="Coal one", primary_mineral=mineral("coal"))
    rows = mines_csv(reviewer_client, mineral=mineral("iron").pk)
    assert [row["name"] for row in rows] == ["Iron one"]
    assert rows[0]["primary_mineral"] == "iron"


def test_xlsx_export_has_every_filtered_row(reviewer_client):
    mines = [MineFactory() for _ in range(3)]
    rows = records(xlsx_table(reviewer_client.get(url("mines", "xlsx"))), MINE_EXPORT)
    assert sorted(row["id"] for row in rows) == sorted(mine.pk for mine in mines)


def test_operator_exports_only_own_mines(operator_client, operator, other_operator):
    MineFactory(operator=operator, name="Mine A")
    MineFactory(operator=other_operator, name="Mine B")
    assert [row["name"] for row in mines_csv(operator_client)] == ["Mine A"]


def test_unknown_format_is_404(reviewer_client):
    assert reviewer_client.get(url("mines", "pdf")).status_code == 404


@pytest.mark.parametrize("language", ["en", "fa"])
def test_exported_file_imports_again(reviewer_client, reviewer, language):
    """The export is the import's format, with its headers and dates in either language."""
    mine = MineFactory(name="Roundtrip")
    mine.other_minerals.set([mineral("zinc"), mineral("lead")])
    with translation.override(language):
        data = body(reviewer_client.get(url("mines", "csv"), HTTP_ACCEPT_LANGUAGE=language))
    reviewer_client.cookies.clear()
    Mine.objects.filter(pk=mine.pk).update(licence_number="CHANGED-1")
    result = mine_import_csv(actor=reviewer, data=data, all_or_nothing=True)
    assert result.errors == [] and result.file_error == "" and result.imported == 1
    imported = Mine.objects.exclude(pk=mine.pk).get()
    assert imported.licence_issued_on == mine.licence_issued_on
    assert sorted(imported.other_minerals.values_list("code", flat=True)) == ["lead", "zinc"]


def test_reports_export(operator_client, operator):
    mine = MineFactory(operator=operator)
    ProductionReportFactory(mine=mine, period_year=1403, period_month=4)
    ProductionReportFactory(mine=MineFactory(operator=operator), period_year=1402, period_month=1)
    response = operator_client.get(url("production-reports", "csv"), {"mine": mine.pk})
    rows = records(csv_table(response), PRODUCTION_REPORT_EXPORT)
    assert [(row["period_year"], row["period_month"]) for row in rows] == [("1403", "4")]


def test_reports_export_of_another_operators_mine_is_404(other_client, operator):
    mine = MineFactory(operator=operator)
    ProductionReportFactory(mine=mine)
    assert other_client.get(url("production-reports", "csv"), {"mine": mine.pk}).status_code == 404


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_csv_and_xlsx_neutralise_formulas(reviewer_client, prefix):
    """A name a spreadsheet would run as a formula is exported as text (CSV/formula injection)."""
    MineFactory(name=f'{prefix}HYPERLINK("http://evil.example","x")', county=f"{prefix}1+1")
    row = mines_csv(reviewer_client)[0]
    assert row["name"].startswith(f"'{prefix}") and row["county"] == f"'{prefix}1+1"
    row = records(xlsx_table(reviewer_client.get(url("mines", "xlsx"))), MINE_EXPORT)[0]
    assert row["name"].startswith(f"'{prefix}") and row["county"] == f"'{prefix}1+1"


def test_list_pages_link_their_exports_with_the_filters(reviewer_client):
    mine = MineFactory()
    page = reviewer_client.get(reverse("mines:list"), {"mineral": mine.primary_mineral_id, "page": 1})
    html = page.content.decode()
    assert f'href="{url("mines", "csv")}?mineral={mine.primary_mineral_id}"' in html
    assert f'href="{url("mines", "xlsx")}?mineral={mine.primary_mineral_id}"' in html
    detail = reviewer_client.get(reverse("mines:detail", args=[mine.pk])).content.decode()
    assert f'href="{url("production-reports", "csv")}?mine={mine.pk}"' in detail


def queue_csv(client, **params) -> list[dict]:
    return records(csv_table(client.get(url("mine-registrations", "csv"), params)), REVIEW_QUEUE_EXPORT)


def test_review_queue_export_has_the_pages_rows_in_the_pages_order(reviewer_client):
    for name in ("Barite hill", "Alum valley", "Coal ridge"):
        PendingMineFactory(name=name)
    MineFactory(name="Verified already")  # not waiting for a decision
    for params in ({}, {"sort": "name"}, {"sort": "-name"}, {"sort": "registered"}, {"sort": "nonsense"}):
        page = reviewer_client.get(reverse("mines:review_queue"), params).context["page"]
        rows = queue_csv(reviewer_client, **params)
        assert [row["id"] for row in rows] == [str(mine.pk) for mine in page.object_list], params
    assert [row["name"] for row in queue_csv(reviewer_client, sort="name")] == [
        "Alum valley",
        "Barite hill",
        "Coal ridge",
    ]
    xlsx = records(xlsx_table(reviewer_client.get(url("mine-registrations", "xlsx"))), REVIEW_QUEUE_EXPORT)
    assert len(xlsx) == 3


def test_review_queue_export_is_refused_to_those_the_page_refuses(
    operator_client, fund_officer_client, client
):
    PendingMineFactory()
    assert operator_client.get(url("mine-registrations", "csv")).status_code == 403
    assert fund_officer_client.get(url("mine-registrations", "xlsx")).status_code == 403
    assert client.get(url("mine-registrations", "csv")).status_code == 302  # to sign in


def test_review_queue_export_in_persian(reviewer):
    mine = PendingMineFactory(licence_issued_on=dt.date(2024, 3, 20), licence_number="=1+2")
    client = signed_in(reviewer, language="fa")
    with translation.override("fa"):
        (row,) = records(csv_table(client.get(url("mine-registrations", "csv"))), REVIEW_QUEUE_EXPORT)
        assert REVIEW_QUEUE_EXPORT.headers()[1] == "نام"
    assert row["id"] == str(mine.pk)
    assert row["licence_issued_on"] == "1403/01/01"
    assert row["licence_number"] == "'=1+2"


def test_review_queue_export_queries_do_not_grow_with_rows(reviewer_client):
    def counted(fmt):
        path = url("mine-registrations", fmt)
        body(reviewer_client.get(path))  # warm: roles and unread count are cached
        with CaptureQueriesContext(connection) as queries:
            body(reviewer_client.get(path))
        return len(queries)

    for _ in range(2):
        PendingMineFactory()
    few = {fmt: counted(fmt) for fmt in ("csv", "xlsx")}
    for _ in range(20):
        PendingMineFactory()
    assert {fmt: counted(fmt) for fmt in ("csv", "xlsx")} == few


def test_review_queue_links_its_export_with_the_sort(reviewer_client):
    html = reviewer_client.get(reverse("mines:review_queue"), {"sort": "name"}).content.decode()
    assert f'href="{url("mine-registrations", "csv")}?sort=name"' in html
    assert f'href="{url("mine-registrations", "xlsx")}?sort=name"' in html
