"""The portal's URLs plus the floors under /bench-floor/."""

from django.urls import include, path

from tests.bench_site import floors

urlpatterns = [
    path("bench-floor/", include(floors.urlpatterns)),
    path("", include("revival_portal.urls")),
]
