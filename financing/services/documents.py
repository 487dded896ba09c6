"""Document uploads: the type comes from the content, never from the name or the browser's claim."""

from django.core.exceptions import ValidationError
from django.db import transaction

from financing.models import Document, LoanApplication
from financing.services.common import lock_editable_application
from revival_portal.core.uploads import DOCUMENT_TYPES, CheckedFile, upload_check


def document_file_check(uploaded) -> CheckedFile:
    """Refuse anything but a PDF, JPEG or PNG of at most MAX_DOCUMENT_SIZE bytes; return what it is."""
    try:
        # Stored under a generated name: the content decides, whatever the file was called.
        return upload_check(uploaded, allowed=DOCUMENT_TYPES, match_name=False)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


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
