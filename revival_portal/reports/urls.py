from django.urls import path

from revival_portal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/progress/", views.report_progress, name="progress"),
    path("<int:pk>/download/<str:file_format>/", views.report_download, name="download"),
    path("<int:pk>/summary.pdf", views.report_summary_pdf, name="summary_pdf"),
    path("dashboard/", views.programme_dashboard, name="dashboard"),
    path("transparency/", views.transparency, name="transparency"),
]
