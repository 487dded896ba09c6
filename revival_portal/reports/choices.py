"""Status and period constants of the programme reports, and who reads them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from revival_portal.accounts.roles import Role


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Jalali month")
    FISCAL_YEAR = "fiscal_year", _("Fiscal year")


class ReportStatus(models.TextChoices):
    """queued -> running -> done | failed (a failed or interrupted build may be queued again)."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# While a report is in one of these states its page keeps polling for progress.
IN_PROGRESS_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)

# The roles that open the report pages (administrators always may).
REPORT_READER_ROLES = (Role.REVIEWER, Role.FUND_OFFICER)
