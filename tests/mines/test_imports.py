"""CSV import: exact row-by-row report; all-or-nothing or valid rows only; never half-written."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mines.imports import IMPORT_COLUMNS, mine_import_csv
from mines.models import Mine, MineEvent
from revival_portal.notifications.models import Notification
from tests.mines.factories import MineFactory

pytestmark = pytest.mark.django_db

BAD_ROWS = {
    # line in the file (header = line 1): (change, column that must be reported)
    7: ({"latitude": "48.85"}, "latitude"),
    23: ({"licence_issued_on": "2024-05-01", "licence_expires_on": "2024-01-01"}, "licence_expires_on"),
    41: ({"licence_number": "ALREADY-1"}, "licence_number"),
}


def build_csv(operator, rows: int = 50, bad: dict | None = None) -> bytes:
    bad = BAD_ROWS if bad is None else bad
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=IMPORT_COLUMNS)
    writer.writeheader()
    for line in range(2, rows + 2):
        row = {
            "operator": operator.username,
            "name": f"معدن گچ ردیف {line}",
            "province": "IR-20",
            "county": "گرمسار",
            "latitude": "35.2",
            "longitude": "52.3",
            "primary_mineral": "gypsum",
            "other_minerals": "limestone;kaolin",
            "licence_type": "exploitation",
            "licence_number": f"IMP-{line:04d}",
            "licence_issued_on": "1400/01/15",
            "licence_expires_on": "2031-06-01",
            "revival_stage": "monitoring",
            "jobs_before": "3",
            "jobs_now": "5",
            "annual_output_tonnes": "8000",
            "proven_reserve_tonnes": "",
        }
        row.update(bad.get(line, ({}, None))[0])
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def test_three_bad_rows_out_of_fifty_are_reported_exactly(reviewer, operator):
    MineFactory(licence_number="ALREADY-1")
    result = mine_import_csv(actor=reviewer, data=build_csv(operator), all_or_nothing=True)
    assert result.rows == 50
    assert {error.row: set(error.messages) for error in result.errors} == {
        line: {column} for line, (_change, column) in BAD_ROWS.items()
    }
    reasons = {error.row: error.text for error in result.errors}
    assert "inside Iran" in reasons[7]
    assert "expire after" in reasons[23]
    assert "already registered" in reasons[41]
    # All or nothing: nothing was written.
    assert result.imported == 0
    assert Mine.objects.count() == 1
    assert not MineEvent.objects.exists()


def test_valid_rows_only_imports_the_other_47(reviewer, operator):
    MineFactory(licence_number="ALREADY-1")
    result = mine_import_csv(actor=reviewer, data=build_csv(operator), all_or_nothing=False)
    assert result.imported == 47
    assert [error.row for error in result.errors] == [7, 23, 41]
    imported = Mine.objects.filter(licence_number__startswith="IMP-")
    assert imported.count() == 47
    sample = imported.get(licence_number="IMP-0002")
    assert sample.verification_status == "pending" and sample.revival_stage == "monitoring"
    assert str(sample.licence_issued_on) == "2021-04-04"
    assert {m.code for m in sample.other_minerals.all()} == {"limestone", "kaolin"}
    # One notice to reviewers for the whole file, not one per row.
    assert Notification.objects.filter(kind="mine.imported", recipient=reviewer).count() == 1
    assert not Notification.objects.filter(kind="mine.registered").exists()


def test_duplicate_licence_within_the_file_and_unknown_references(reviewer, operator):
    bad = {
        3: ({"licence_number": "IMP-0002"}, "licence_number"),
        4: ({"primary_mineral": "unobtainium", "province": "IR-77", "operator": "nobody"}, None),
    }
    result = mine_import_csv(actor=reviewer, data=build_csv(operator, rows=4, bad=bad), all_or_nothing=False)
    errors = {error.row: error.messages for error in result.errors}
    assert "line 2" in errors[3]["licence_number"][0]
    assert set(errors[4]) == {"primary_mineral", "province", "operator"}
    assert result.imported == 2


def test_file_problems_are_reported_not_raised(reviewer):
    assert "UTF-8" in mine_import_csv(actor=reviewer, data="نام".encode("cp1256")).file_error
    assert "Missing columns" in mine_import_csv(actor=reviewer, data=b"name,county\nx,y\n").file_error


def test_import_page(reviewer_client, operator):
    upload = SimpleUploadedFile("mines.csv", build_csv(operator, rows=5, bad={}), content_type="text/csv")
    response = reviewer_client.post(reverse("mines:import"), {"file": upload, "mode": "valid_rows"})
    assert response.status_code == 200
    assert response.context["result"].imported == 5
    upload = SimpleUploadedFile("mines.csv", build_csv(operator, rows=2, bad={3: ({"latitude": "99"}, "")}))
    response = reviewer_client.post(reverse("mines:import"), {"file": upload, "mode": "all_or_nothing"})
    assert 'id="import-errors"' in response.content.decode()
    assert Mine.objects.count() == 5


def test_operators_cannot_import(operator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        mine_import_csv(actor=operator, data=b"")
