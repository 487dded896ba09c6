"""Exports: the filtered list as CSV and XLSX (own mines only), and a mine's reports as CSV."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mines.exports import MINE_COLUMNS
from mines.imports import mine_import_csv
from mines.models import Mine
from tests.mines.factories import MineFactory, ProductionReportFactory, mineral

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_follows_the_filters(reviewer_client):
    MineFactory(name="Iron one", primary_mineral=mineral("iron"))
    MineFactory(name="Coal one", primary_mineral=mineral("coal"))
    response = reviewer_client.get(reverse("mines:export", args=["csv"]), {"mineral": mineral("iron").pk})
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert [row["name"] for row in rows] == ["Iron one"]
    assert list(rows[0]) == list(MINE_COLUMNS)


def test_xlsx_export_has_every_filtered_row(reviewer_client):
    for _ in range(3):
        MineFactory()
    response = reviewer_client.get(reverse("mines:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.max_row == 4
    assert [cell.value for cell in sheet[1]] == list(MINE_COLUMNS)


def test_operator_exports_only_own_mines(operator_client, operator, other_operator):
    MineFactory(operator=operator, name="Mine A")
    MineFactory(operator=other_operator, name="Mine B")
    assert [row["name"] for row in rows_of(operator_client.get(reverse("mines:export", args=["csv"])))] == [
        "Mine A"
    ]


def test_unknown_format_is_404(reviewer_client):
    assert reviewer_client.get(reverse("mines:export", args=["pdf"])).status_code == 404


def test_exported_file_imports_again(reviewer_client, reviewer):
    mine = MineFactory(name="Roundtrip")
    mine.other_minerals.set([mineral("zinc")])
    data = b"".join(reviewer_client.get(reverse("mines:export", args=["csv"])).streaming_content)
    Mine.objects.filter(pk=mine.pk).update(licence_number="CHANGED-1")
    result = mine_import_csv(actor=reviewer, data=data, all_or_nothing=True)
    assert result.errors == [] and result.imported == 1


def test_reports_export(operator_client, operator):
    mine = MineFactory(operator=operator)
    ProductionReportFactory(mine=mine, period_year=1403, period_month=4)
    rows = rows_of(operator_client.get(reverse("mines:reports_export", args=[mine.pk])))
    assert [(row["period_year"], row["period_month"]) for row in rows] == [("1403", "4")]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_csv_and_xlsx_neutralise_formulas(reviewer_client, prefix):
    """A name a spreadsheet would run as a formula is exported as text (CSV/formula injection)."""
    MineFactory(name=f'{prefix}HYPERLINK("http://evil.example","x")', county=f"{prefix}1+1")
    row = rows_of(reviewer_client.get(reverse("mines:export", args=["csv"])))[0]
    assert row["name"].startswith(f"'{prefix}") and row["county"] == f"'{prefix}1+1"
    response = reviewer_client.get(reverse("mines:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    values = [cell.value for cell in sheet[2]]
    assert values[header.index("name")].startswith(f"'{prefix}")
    assert sheet.cell(row=2, column=header.index("name") + 1).data_type == "s"
