"""Admin of the programme reports: list, filters, and a rebuild action that calls the same service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from revival_portal.reports.choices import ReportStatus
from revival_portal.reports.models import ProgrammeReport
from revival_portal.reports.services import programme_report_requeue


@admin.register(ProgrammeReport)
class ProgrammeReportAdmin(admin.ModelAdmin):
    """Reports are written by the build task; the admin reads them and may queue a failed one again.

    No simple_history here: a build updates the progress several times, and that is not history anyone
    needs; who requested what and when is on the row itself.
    """

    list_display = (
        "__str__",
        "period_kind",
        "status",
        "revision",
        "progress",
        "scheduled",
        "requested_by",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "period_kind", "scheduled", "jalali_year")
    search_fields = ("jalali_year", "requested_by__username", "error")
    date_hierarchy = "created_at"
    readonly_fields = (
        "start_date",
        "end_date",
        "status",
        "progress",
        "created_at",
        "started_at",
        "finished_at",
        "xlsx_file",
        "csv_file",
        "error",
        "revision",
    )
    actions = ["rebuild"]

    def has_add_permission(self, request) -> bool:
        # Reports are requested on the reports page, which queues the build; a bare row would never run.
        return False

    @admin.action(description=_("Queue the selected failed reports again"))
    def rebuild(self, request, queryset):
        reports = [
            programme_report_requeue(report=report) for report in queryset.filter(status=ReportStatus.FAILED)
        ]
        self.message_user(
            request,
            ngettext("%(count)d report queued.", "%(count)d reports queued.", len(reports))
            % {"count": len(reports)},
            messages.SUCCESS,
        )
