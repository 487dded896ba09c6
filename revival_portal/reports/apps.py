from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "revival_portal.reports"
    label = "reports"
    verbose_name = _("Programme reports")

    def ready(self) -> None:
        import revival_portal.reports.figures  # noqa: F401 - keeps the cached figures exact
