"""Document upload and the permission-checked download (never a public media URL)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from financing.models import Document
from financing.views.applications import application_step


def document_response(document: Document) -> FileResponse:
    """Stream the file as an attachment with the type sniffed at upload; browsers must not guess it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_download(request, pk: int):
    """Stream a document to someone who may see its application; anyone else gets a 404."""
    return document_response(get_object_or_404(Document.objects.for_user(request.user), pk=pk))


@login_required
def document_add(request, pk: int):
    """Upload a document to an application (the documents step of the application form)."""
    return application_step(request, pk, "documents")
