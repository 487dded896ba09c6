"""Pages of the mine registry under /mines/."""

from django.urls import path

from mines import views

app_name = "mines"

urlpatterns = [
    path("", views.mine_list, name="list"),
    path("register/", views.mine_register, name="register"),
    path("review/", views.review_queue, name="review_queue"),
    path("import/", views.mine_import, name="import"),
    path("<int:pk>/", views.mine_detail, name="detail"),
    path("<int:pk>/edit/", views.mine_edit, name="edit"),
    path("<int:pk>/figures/", views.mine_figures, name="figures"),
    path("<int:pk>/verify/", views.mine_verify, name="verify"),
    path("<int:pk>/reject/", views.mine_reject, name="reject"),
    path("<int:pk>/stage/", views.mine_stage_change, name="stage"),
    path("<int:pk>/reports/new/", views.production_report_create, name="report_create"),
]
