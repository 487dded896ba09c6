"""Uploads: PDF, JPEG or PNG by content, at most 10 MB, private, downloadable only by those who may see."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from financing.models import Document
from tests.factories import ReviewerFactory
from tests.financing.factories import LoanApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(client, application, name, content, content_type="application/pdf"):
    return client.post(
        "/api/v1/documents/",
        {
            "application": application.pk,
            "document_type": "licence",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
        format="multipart",
    )


@pytest.fixture
def owner_client(draft):
    client = APIClient()
    client.force_authenticate(draft.applicant)
    return client


def test_pdf_is_stored_under_a_generated_name(owner_client, draft, private_media):
    response = upload(owner_client, draft, "../../etc/licence.pdf", PDF)
    assert response.status_code == 201, response.content
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name.endswith("licence.pdf")
    assert "licence" not in document.file.name and document.file.name.endswith(".pdf")
    assert len(document.sha256) == 64
    (path,) = stored_files(private_media)
    assert path.read_bytes() == PDF


def test_png_is_sniffed_from_content_even_with_a_wrong_name(owner_client, draft):
    response = upload(owner_client, draft, "scan.pdf", png_bytes(), content_type="application/pdf")
    assert response.status_code == 201
    assert Document.objects.get().content_type == "image/png"


def test_renamed_non_pdf_is_refused_and_nothing_is_stored(owner_client, draft, private_media):
    response = upload(owner_client, draft, "statement.pdf", b"MZ\x90\x00 this is an executable")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_fake_png_header_with_broken_body_is_refused(owner_client, draft, private_media):
    response = upload(owner_client, draft, "x.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "image/png")
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_oversized_file_is_refused_and_nothing_is_stored(owner_client, draft, settings, private_media):
    settings.MAX_DOCUMENT_SIZE = 1024
    response = upload(owner_client, draft, "big.pdf", PDF + b"0" * 1024)
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_file_of_exactly_ten_megabytes_plus_one_is_refused(owner_client, draft, private_media):
    response = upload(owner_client, draft, "big.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1 - len(PDF)))
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_download_is_an_attachment_with_the_sniffed_type(owner_client, draft):
    upload(owner_client, draft, "licence.pdf", PDF)
    document = Document.objects.get()
    response = owner_client.get(f"/api/v1/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF
    reviewer = ReviewerFactory()
    staff = APIClient()
    staff.force_authenticate(reviewer)
    assert staff.get(f"/api/v1/documents/{document.pk}/download/").status_code == 200


def test_other_operators_get_404_for_documents(owner_client, draft, client):
    upload(owner_client, draft, "licence.pdf", PDF)
    document = Document.objects.get()
    intruder = LoanApplicationFactory().applicant
    api = APIClient()
    api.force_authenticate(intruder)
    assert api.get(f"/api/v1/documents/{document.pk}/download/").status_code == 404
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    client.force_login(intruder)
    assert client.get(f"/financing/documents/{document.pk}/download/").status_code == 404
    # Uploading to someone else's application is refused as well.
    assert upload(api, draft, "x.pdf", PDF).status_code == 400
    assert Document.objects.count() == 1


def test_upload_page_refuses_a_renamed_file(client, draft, private_media):
    client.force_login(draft.applicant)
    response = client.post(
        f"/financing/applications/{draft.pk}/documents/new/",
        {"document_type": "licence", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Document.objects.exists()
    assert stored_files(private_media) == []


def test_private_files_have_no_url(owner_client, draft):
    upload(owner_client, draft, "licence.pdf", PDF)
    with pytest.raises(ValueError):
        _ = Document.objects.get().file.url
