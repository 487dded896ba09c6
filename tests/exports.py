"""Reading exports back in tests: CSV and XLSX as records keyed by the export's column keys."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_table(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def xlsx_table(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def records(table: list[list], export) -> list[dict]:
    """The rows keyed by column key; the header row must be the export's headers in the active language."""
    header, *rows = table
    assert header == export.headers()
    keys = [column.key for column in export.columns]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def export_queries(client, path, params=None) -> int:
    """The queries of an export answered in full, after a warm request (the person's roles and unread count
    are cached once after the data changed)."""
    body(client.get(path, params or {}))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
        body(response)
    assert response.status_code == 200
    return len(captured)
