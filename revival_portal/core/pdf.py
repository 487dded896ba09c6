"""Server-made PDFs: a Django template laid out by WeasyPrint with the portal's own Persian font.

One function renders any template to PDF bytes and one helper answers a view with it, so a new document is
a template plus a few lines in its view:

    return pdf_response(request, "pdf/loan_statement.html", {"loan": loan}, filename=f"statement-{pk}")

WeasyPrint shapes Persian with HarfBuzz through Pango and lays the page out right-to-left from the
template's ``dir``; it reads only the portal's static files (``css/pdf.css`` and the Vazirmatn fonts it
names), never the network, so a document cannot be made to fetch anything.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

PDF_STYLESHEET = "css/pdf.css"
# WeasyPrint reports every layout step at INFO; the portal's log should show only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _stylesheet_path() -> Path:
    """The PDF stylesheet on disk: from the static folders in development, else from STATIC_ROOT."""
    found = finders.find(PDF_STYLESHEET)
    return Path(found) if found else Path(settings.STATIC_ROOT) / PDF_STYLESHEET


def render_pdf(template_name: str, context: dict | None = None, *, request=None) -> bytes:
    """Render ``template_name`` (it should extend ``pdf/base.html``) in the active language to PDF bytes."""
    # Imported here: WeasyPrint loads Pango when imported, which only the PDF views need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    stylesheet = _stylesheet_path()
    fetcher = URLFetcher(allowed_protocols=("file",))
    # The stylesheet's @font-face rules only reach the layout through a shared font configuration.
    fonts = FontConfiguration()
    html = render_to_string(
        template_name, {"generated_at": timezone.now(), **(context or {})}, request=request
    )
    return HTML(string=html, base_url=stylesheet.parent.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher, font_config=fonts)], font_config=fonts
    )


def pdf_response(request, template_name: str, context: dict | None = None, *, filename: str) -> HttpResponse:
    """Answer with the rendered PDF, shown in the browser and saved as ``<filename>.pdf``; never cached."""
    response = HttpResponse(
        render_pdf(template_name, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
