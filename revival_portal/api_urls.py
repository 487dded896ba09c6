"""/api/v1/: each app registers its viewsets in its own ``api/urls.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("revival_portal.notifications.api.urls")),
    path("", include("mines.api.urls")),
    path("", include("financing.api.urls")),
    path("", include("equipment.api.urls")),
    path("", include("associations.api.urls")),
    path("", include("revival_portal.reports.api.urls")),
]
