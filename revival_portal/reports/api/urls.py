"""/api/v1/ routes of the programme reports, the dashboard's figures and the public aggregates."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from revival_portal.reports.api.views import ProgrammeFiguresView, ProgrammeReportViewSet, TransparencyView

router = SimpleRouter()
router.register("reports", ProgrammeReportViewSet, basename="programme-report")

urlpatterns = [
    *router.urls,
    path("figures/", ProgrammeFiguresView.as_view(), name="programme-figures"),
    path("transparency/", TransparencyView.as_view(), name="transparency-figures"),
]
