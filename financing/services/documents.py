"""Document uploads: the type comes from the content, never from the name or the browser's claim."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from financing.models import Document, LoanApplication
from financing.services.common import lock_editable_application

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def sniff_content_type(head: bytes) -> str | None:
    """The allowed type whose magic bytes start ``head``, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def document_file_check(uploaded) -> CheckedFile:
    """Refuse anything but a PDF, JPEG or PNG of at most MAX_DOCUMENT_SIZE bytes; return what it is."""
    limit = settings.MAX_DOCUMENT_SIZE
    if uploaded.size is None or uploaded.size > limit:
        raise ValidationError(
            {"file": _("The file is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)}},
            code="file_too_large",
        )
    if uploaded.size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="file_empty")
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(16))
    if content_type is None:
        raise ValidationError(
            {"file": _("Only PDF, JPEG or PNG files are accepted (checked from the file's content).")},
            code="file_type",
        )
    if content_type in PILLOW_FORMATS:
        uploaded.seek(0)
        try:
            with Image.open(uploaded) as image:
                if image.format != PILLOW_FORMATS[content_type]:
                    raise UnidentifiedImageError
                image.verify()
        except Exception:  # Pillow raises many kinds of error on a broken image
            raise ValidationError(
                {"file": _("The image is damaged or not a real JPEG or PNG.")}, code="file_damaged"
            ) from None
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type=content_type, size=uploaded.size, sha256=digest.hexdigest())


@transaction.atomic
def document_upload(*, application: LoanApplication, actor, document_type: str, uploaded) -> Document:
    """Store a checked file under a generated name; a refused file leaves nothing on disk or in the DB."""
    application = lock_editable_application(application, actor)
    checked = document_file_check(uploaded)
    document = Document(
        application=application,
        document_type=document_type,
        original_name=(getattr(uploaded, "name", "") or "document")[-255:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.full_clean(exclude=["file"])
    document.file.save("upload", uploaded, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document
