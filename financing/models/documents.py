"""Typed documents of an application, kept in private storage under a server-generated name."""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from financing.choices import DocumentType
from revival_portal.accounts.scoping import OwnedQuerySet
from revival_portal.core.storage import private_storage

EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


def document_upload_to(instance: "Document", filename: str) -> str:
    """A random name: nothing the uploader chose reaches the file system."""
    extension = EXTENSIONS.get(instance.content_type, "")
    return posixpath.join("financing", timezone.now().strftime("%Y/%m"), f"{uuid.uuid4().hex}{extension}")


class DocumentQuerySet(OwnedQuerySet):
    """Documents of the applications ``user`` may see."""

    owner_field = "application__applicant"


class Document(models.Model):
    """A PDF, JPEG or PNG attached to an application; its type was checked from the content."""

    application = models.ForeignKey(
        "financing.LoanApplication",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("application"),
    )
    document_type = models.CharField(_("document type"), max_length=24, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, storage=private_storage, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=list(EXTENSIONS)), name="document_allowed_content_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.original_name}"
