"""Backup and restore on the real PostgreSQL: a seeded database and its documents come back identical."""

import json
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from financing import services
from financing.models import Disbursement, Document
from revival_portal.core.backup import database_summary, document_checksums
from tests.financing.factories import LoanApplicationFactory, contracted_loan, sheba
from tests.financing.test_documents import PDF, png_bytes, upload
from tests.notifications.test_worker import _database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _admin_connection():
    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
    )
    admin.autocommit = True
    return admin


@pytest.fixture
def empty_database():
    """A new, empty database next to the test database; dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield name, _database_url().rsplit("/", 1)[0] + f"/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def seeded(private_media):
    """Loans with tranches and repayments, notifications, and uploaded documents (PDF and PNG)."""
    for amount in (Decimal(1_000_000_000), Decimal(750_000_000)):
        loan = contracted_loan(amount=amount)
        for tranche in (Decimal(400_000_000), Decimal(123_456_789)):
            services.disbursement_record(
                loan=loan,
                actor=loan.contracted_by,
                amount=tranche,
                disbursed_on=timezone.localdate(),
                bank_reference="BMI-1",
                destination_sheba=sheba(),
            )
        draft = LoanApplicationFactory()
        client = APIClient()
        client.force_authenticate(draft.applicant)
        assert upload(client, draft, "licence.pdf", PDF).status_code == 201
        assert upload(client, draft, "site.png", png_bytes(), "image/png").status_code == 201
    return private_media


def test_a_backup_restored_into_a_new_database_has_the_same_rows_money_and_documents(
    seeded, empty_database, tmp_path
):
    name, url = empty_database
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    source = database_summary(connection.settings_dict)
    assert manifest["tables"] == source
    assert source["financing_disbursement"]["rows"] == Disbursement.objects.count() == 4
    assert source["financing_disbursement"]["money"]["amount"] == str(2 * (400_000_000 + 123_456_789))
    assert len(manifest["documents"]["files"]) == Document.objects.count() == 4

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(backup), "--database-url", url, "--media-root", str(restored_media), "--yes")

    restored = database_summary({**connection.settings_dict, "NAME": name})
    assert restored == source  # row counts and money totals of every table
    assert [table for table in source if source[table]["money"]], "no money columns were compared"
    assert document_checksums(restored_media) == document_checksums(seeded) == manifest["documents"]["files"]
    for document in Document.objects.all():
        assert document_checksums(restored_media)[document.file.name] == document.sha256


def test_a_damaged_backup_is_refused_before_anything_is_restored(seeded, empty_database, tmp_path):
    name, url = empty_database
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    archive = backup / "documents.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])
    restored_media = tmp_path / "restored-media"

    with pytest.raises(CommandError, match=r"documents\.tar\.gz is missing or damaged"):
        call_command(
            "restore", str(backup), "--database-url", url, "--media-root", str(restored_media), "--yes"
        )

    assert database_summary({**connection.settings_dict, "NAME": name}) == {}
    assert not Path(restored_media).exists()


def test_a_backup_needs_a_new_folder(seeded, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "used"))
