"""Dashboard cards of the reports area: reports being built and the latest finished one."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.views import Panel


def panels(user) -> list[Panel]:
    if not user.is_authenticated or not user.is_programme_staff:
        return []
    reports = ProgrammeReport.objects.for_user(user)
    latest = reports.filter(status=ReportStatus.DONE).order_by("-finished_at", "-pk").first()
    return [
        Panel(_("Reports being built"), reports.in_progress().count(), reverse("reports:list"), tone="info"),
        Panel(
            _("Latest programme report"),
            latest.period_label if latest else "—",
            reverse("reports:list"),
            tone="success",
        ),
    ]
