"""The PDF machinery: any template to PDF with the portal's own font, offline, and the view helper."""

import subprocess

import pytest
from django.test import RequestFactory
from django.utils import translation

from revival_portal.core import pdf
from tests.pdf_text import assert_in_order, pdf_text

pytestmark = pytest.mark.pdftotext


def test_render_pdf_lays_out_a_persian_template_with_the_vendored_font(tmp_path):
    with translation.override("fa"):
        content = pdf.render_pdf("pdf/base.html")
    assert content.startswith(b"%PDF-")
    # Every font is the vendored Vazirmatn, embedded as a subset: not whatever fonts the server has.
    (tmp_path / "base.pdf").write_bytes(content)
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "base.pdf")], capture_output=True, text=True, check=True
    )
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all("+Vazirmatn" in row.split()[0] and " yes yes yes " in row for row in rows)
    assert_in_order(pdf_text(content), "طرح احیای معادن کوچک", "صندوق بیمه سرمایه‌گذاری", "تاریخ چاپ")


def test_render_pdf_follows_the_active_language():
    with translation.override("en"):
        text = pdf_text(pdf.render_pdf("pdf/base.html"))
    assert_in_order(text, "Small-Mine Revival Programme", "Printed on")


def test_the_fetcher_reads_files_only(monkeypatch, tmp_path):
    """A document can never make the server fetch an address: only file URLs are read."""
    from weasyprint.urls import URLFetcher

    fetchers = []
    original = URLFetcher.__init__

    def spy(self, *args, **kwargs):
        fetchers.append(kwargs.get("allowed_protocols"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "__init__", spy)
    pdf.render_pdf("pdf/base.html")
    assert fetchers == [("file",)]
    with pytest.raises(ValueError, match="disallowed protocol"):
        URLFetcher(allowed_protocols=("file",)).fetch("http://example.com/x.png")


def test_pdf_response_is_inline_named_and_never_cached():
    request = RequestFactory().get("/")
    response = pdf.pdf_response(request, "pdf/base.html", {}, filename="letter-7")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="letter-7.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
