"""The export of every list, and the long exports built by Celery, under /exports/."""

from django.urls import path

from revival_portal.core import views

app_name = "exports"

urlpatterns = [
    path("jobs/<int:pk>/", views.export_job, name="job"),
    path("jobs/<int:pk>/status/", views.export_job_status, name="job_status"),
    path("jobs/<int:pk>/download/", views.export_job_download, name="job_download"),
    path("<slug:name>.<slug:fmt>", views.export_list, name="download"),
]
