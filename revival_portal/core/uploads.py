"""The one check every upload goes through: its type comes from its content, never from its name.

A file is accepted when its first bytes are those of an allowed type, its name's extension (if any, and
where the name is kept) belongs to that type, it is not larger than MAX_DOCUMENT_SIZE, and an image really
opens as that image.
An executable or an HTML page named ``.pdf`` is therefore refused, and nothing of it is stored.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
ZIP = "application/zip"  # also the container of .docx and .xlsx
OLE = "application/x-ole-storage"  # the container of the older .doc and .xls
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"PK\x03\x04", ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
EXTENSIONS = {
    PDF: {"pdf"},
    JPEG: {"jpg", "jpeg"},
    PNG: {"png"},
    ZIP: {"zip", "docx", "xlsx"},
    OLE: {"doc", "xls"},
}
PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
DOCUMENT_TYPES = (PDF, JPEG, PNG)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def sniff_content_type(head: bytes) -> str | None:
    """The known type whose magic bytes start ``head``, or None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def upload_check(
    uploaded, *, allowed: Iterable[str] = DOCUMENT_TYPES, match_name: bool = True
) -> CheckedFile:
    """Check ``uploaded`` (size, content type, image integrity) and say what it is.

    With ``match_name`` the name's extension must belong to the content's type too: needed where the
    file keeps its name on disk; a service that stores files under generated names may skip it.
    """
    allowed = tuple(allowed)
    limit = settings.MAX_DOCUMENT_SIZE
    if uploaded.size is None or uploaded.size > limit:
        _refuse(
            _("The file is larger than %(size)d MB.") % {"size": limit // (1024 * 1024)}, "file_too_large"
        )
    if uploaded.size == 0:
        _refuse(_("The file is empty."), "file_empty")
    uploaded.seek(0)
    content_type = sniff_content_type(uploaded.read(16))
    extensions = sorted(ext for kind in allowed for ext in EXTENSIONS[kind])
    if content_type not in allowed:
        _refuse(
            _("Only these kinds of file are accepted (checked from the file's content): %(kinds)s.")
            % {"kinds": ", ".join(extensions)},
            "file_type",
        )
    extension = PurePath(getattr(uploaded, "name", "") or "").suffix.lower().lstrip(".")
    if match_name and extension and extension not in EXTENSIONS[content_type]:
        _refuse(_("The file's name does not match its content."), "file_name_mismatch")
    if content_type in PILLOW_FORMATS:
        uploaded.seek(0)
        try:
            with Image.open(uploaded) as image:
                if image.format != PILLOW_FORMATS[content_type]:
                    raise UnidentifiedImageError
                image.verify()
        except Exception:  # Pillow raises many kinds of error on a broken image
            _refuse(_("The image is damaged or not a real JPEG or PNG."), "file_damaged")
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type=content_type, size=uploaded.size, sha256=digest.hexdigest())


@deconstructible
class UploadContentValidator:
    """``upload_check`` as a model or form field validator; an already stored file is not re-read."""

    def __init__(self, allowed: Iterable[str] = DOCUMENT_TYPES):
        self.allowed = tuple(allowed)

    def __call__(self, value) -> None:
        if value and not getattr(value, "_committed", False):
            upload_check(value, allowed=self.allowed)

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadContentValidator) and self.allowed == other.allowed
