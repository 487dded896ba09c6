from django.urls import path

from associations.views import members, memberships, offers, sessions

app_name = "associations"

urlpatterns = [
    path("", memberships.association_list, name="association_list"),
    path("<int:pk>/join/", memberships.association_join, name="association_join"),
    path("memberships/", memberships.membership_list, name="membership_list"),
    path("memberships/<int:pk>/<slug:action>/", memberships.membership_action, name="membership_action"),
    path("members/", members.member_list, name="member_list"),
    path("members/<int:pk>/", members.member_mine_detail, name="member_mine_detail"),
    path("applications/<int:pk>/endorse/", members.application_endorse, name="application_endorse"),
    path("unit-requests/<int:pk>/endorse/", members.unit_request_endorse, name="unit_request_endorse"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/new/", sessions.session_new, name="session_new"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/items/<int:item_pk>/opinion/", sessions.opinion_add, name="opinion_add"),
    path("sessions/<int:pk>/close/", sessions.session_close, name="session_close"),
    path("sessions/<int:pk>/minutes/", sessions.session_minutes, name="session_minutes"),
    path("sessions/<int:pk>/minutes/pdf/", sessions.session_minutes_pdf, name="session_minutes_pdf"),
    path("catalogue/", offers.catalogue, name="catalogue"),
    path("catalogue/<int:mine_pk>/offer/", offers.purchase_offer_new, name="purchase_offer_new"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/new/", offers.sales_offer_new, name="sales_offer_new"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/do/<slug:action>/", offers.offer_action, name="offer_action"),
]
