"""The URL root: pages per app, the API under /api/v1/, the admin, and the schema."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from revival_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("revival_portal.accounts.urls")),
    path("notifications/", include("revival_portal.notifications.urls")),
    path("mines/", include("mines.urls")),
    path("financing/", include("financing.urls")),
    path("equipment/", include("equipment.urls")),
    path("associations/", include("associations.urls")),
    path("reports/", include("revival_portal.reports.urls")),
    path("exports/", include("revival_portal.core.urls")),
    path("api/v1/", include("revival_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file of its own: no inline script (CSP).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

admin.site.site_header = admin.site.site_title = _("Small-Mine Revival Portal")
