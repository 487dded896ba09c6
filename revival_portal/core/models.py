"""Reference data models (the provinces of Iran) and the exports of long lists built by Celery."""

from __future__ import annotations

import posixpath
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from revival_portal.core.links import row_url

from .provinces import IRAN_BOUNDING_BOX
from .storage import private_storage


class Province(models.Model):
    """A province of Iran, keyed by its ISO 3166-2:IR code and loaded by a data migration."""

    code = models.CharField(
        _("code"), max_length=5, primary_key=True, help_text=_("ISO 3166-2:IR code, e.g. IR-23.")
    )
    name_fa = models.CharField(_("Persian name"), max_length=64, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, unique=True)
    latitude = models.FloatField(
        _("latitude"),
        validators=[
            MinValueValidator(IRAN_BOUNDING_BOX.min_lat),
            MaxValueValidator(IRAN_BOUNDING_BOX.max_lat),
        ],
    )
    longitude = models.FloatField(
        _("longitude"),
        validators=[
            MinValueValidator(IRAN_BOUNDING_BOX.min_lon),
            MaxValueValidator(IRAN_BOUNDING_BOX.max_lon),
        ],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Return the province's name in the active language (Persian on Persian pages, else English)."""
        language = get_language() or ""
        return self.name_fa if language.lower().startswith("fa") else self.name_en


def export_upload_to(instance: ExportJob, filename: str) -> str:
    """A random server-generated name that keeps only the extension."""
    extension = posixpath.splitext(filename)[1].lower()
    return posixpath.join("exports", timezone.now().strftime("%Y/%m"), f"{uuid.uuid4().hex}{extension}")


class ExportStatus(models.TextChoices):
    """queued -> running -> done | failed."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> ExportJobQuerySet:
        """A person sees only the files they asked for."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def expired(self, now=None) -> ExportJobQuerySet:
        return self.filter(expires_at__lte=now or timezone.now())


class ExportJob(models.Model):
    """A long list's XLSX built by Celery: the list, its filters and language, progress and the file."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("owner"),
    )
    export_name = models.CharField(_("list"), max_length=64)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    file_format = models.CharField(_("format"), max_length=8, default="xlsx")
    language = models.CharField(_("language"), max_length=8, default="fa")
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(
        _("file"), upload_to=export_upload_to, storage=private_storage, max_length=200, blank=True
    )
    error = models.CharField(_("error"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="export_job_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.export_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return row_url("exports:job", self.pk)

    @property
    def is_in_progress(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)

    @property
    def is_available(self) -> bool:
        return self.status == ExportStatus.DONE and bool(self.file) and self.expires_at > timezone.now()

    @property
    def filename(self) -> str:
        return f"{self.export_name}-{timezone.localtime(self.created_at):%Y-%m-%d}.{self.file_format}"
