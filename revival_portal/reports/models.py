"""Programme reports: one row per requested period, with the XLSX and CSV files kept in private storage."""

import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revival_portal.core.bounded import BoundedTextField
from revival_portal.core.calendar import jalali_period_label
from revival_portal.core.storage import private_storage
from revival_portal.reports.choices import IN_PROGRESS_STATUSES, PeriodKind, ReportStatus
from revival_portal.reports.periods import MAX_JALALI_YEAR, MIN_JALALI_YEAR, Period


def report_upload_to(instance: "ProgrammeReport", filename: str) -> str:
    """A random server-generated name that keeps only the extension (xlsx or csv)."""
    extension = posixpath.splitext(filename)[1].lower()
    return posixpath.join("reports", timezone.now().strftime("%Y/%m"), f"{uuid.uuid4().hex}{extension}")


class ProgrammeReportQuerySet(models.QuerySet):
    def for_user(self, user) -> "ProgrammeReportQuerySet":
        """Programme staff see every report (they cover all programme data); anyone else sees none."""
        if user is None or not user.is_authenticated or not user.is_programme_staff:
            return self.none()
        return self.all()

    def in_progress(self) -> "ProgrammeReportQuerySet":
        return self.filter(status__in=IN_PROGRESS_STATUSES)

    def for_period(self, period_kind: str, jalali_year: int, jalali_month: int | None):
        return self.filter(period_kind=period_kind, jalali_year=jalali_year, jalali_month=jalali_month)


class ProgrammeReport(models.Model):
    """The programme's figures for one Jalali month or fiscal year, built by Celery as XLSX and CSV."""

    period_kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    jalali_year = models.PositiveSmallIntegerField(
        _("year (Jalali)"),
        validators=[MinValueValidator(MIN_JALALI_YEAR), MaxValueValidator(MAX_JALALI_YEAR)],
    )
    jalali_month = models.PositiveSmallIntegerField(
        _("month (Jalali)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_date = models.DateField(_("first day"), editable=False)
    end_date = models.DateField(_("last day"), editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    # True for the run created by the monthly schedule: there is exactly one of those per period.
    scheduled = models.BooleanField(_("scheduled run"), default=False)
    language = models.CharField(_("language"), max_length=5, default="fa")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    xlsx_file = models.FileField(
        _("XLSX file"), upload_to=report_upload_to, storage=private_storage, max_length=200, blank=True
    )
    csv_file = models.FileField(
        _("CSV file"), upload_to=report_upload_to, storage=private_storage, max_length=200, blank=True
    )
    error = BoundedTextField(_("error"), blank=True)
    # The figures the files were written from, and their revision: builds of a period that give the same
    # figures share a number, and one that gives different figures (a later correction) takes the next.
    revision = models.PositiveIntegerField(_("revision"), null=True, blank=True, editable=False)
    figures = models.JSONField(_("figures"), null=True, blank=True, editable=False)

    objects = ProgrammeReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind=PeriodKind.MONTH, jalali_month__gte=1, jalali_month__lte=12)
                | Q(period_kind=PeriodKind.FISCAL_YEAR, jalali_month__isnull=True),
                name="programme_report_month_matches_period",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="programme_report_progress_0_100"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="programme_report_end_not_before_start",
            ),
            models.UniqueConstraint(
                fields=["period_kind", "jalali_year", "jalali_month"],
                condition=Q(scheduled=True),
                name="programme_report_one_scheduled_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.period_label

    @property
    def period(self) -> Period:
        """The Jalali month or fiscal year covered (a ValueError while the fields are invalid)."""
        return Period(
            self.jalali_year, None if self.period_kind == PeriodKind.FISCAL_YEAR else self.jalali_month
        )

    @property
    def period_label(self) -> str:
        return jalali_period_label(self.jalali_year, self.jalali_month)

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS_STATUSES

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def file_stem(self) -> str:
        """The name offered for download, e.g. ``programme-report-1404-01``."""
        month = f"-{self.jalali_month:02d}" if self.jalali_month else ""
        return f"programme-report-{self.jalali_year}{month}"

    def fill_period(self) -> None:
        """Set the Gregorian range from the period (a fiscal year has no month); invalid input is left."""
        if self.period_kind == PeriodKind.FISCAL_YEAR:
            self.jalali_month = None
        elif self.period_kind != PeriodKind.MONTH or self.jalali_month is None:
            return
        try:
            self.start_date, self.end_date = self.period.bounds
        except (TypeError, ValueError):  # a missing or out-of-range year or month: the field checks say so
            return

    def clean_fields(self, exclude=None) -> None:
        # The range is derived, so it is filled before the fields (start and end are required) are checked.
        self.fill_period()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        """A monthly report needs its month."""
        if self.period_kind == PeriodKind.MONTH and self.jalali_month is None:
            raise ValidationError({"jalali_month": _("Choose the month of a monthly report.")})
