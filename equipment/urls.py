"""Pages of the processing-unit programme, under /equipment/."""

from django.urls import path

from equipment.views import fleet, requests, tenders

app_name = "equipment"

urlpatterns = [
    path("", requests.request_list, name="request_list"),
    path("requests/new/", requests.request_create, name="request_create"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/book/", requests.request_book, name="request_book"),
    path("requests/<int:pk>/cancel/", requests.request_cancel, name="request_cancel"),
    path("bookings/", requests.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", requests.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/deploy/", requests.booking_deploy, name="booking_deploy"),
    path("bookings/<int:pk>/complete/", requests.booking_complete, name="booking_complete"),
    path("bookings/<int:pk>/cancel/", requests.booking_cancel, name="booking_cancel"),
    path("units/", fleet.unit_list, name="unit_list"),
    path("units/<int:pk>/", fleet.unit_detail, name="unit_detail"),
    path("utilisation/", fleet.utilisation, name="utilisation"),
    path("tenders/", tenders.tender_list, name="tender_list"),
    path("tenders/new/", tenders.tender_create, name="tender_create"),
    path("tenders/<int:pk>/", tenders.tender_detail, name="tender_detail"),
    path("tenders/<int:pk>/edit/", tenders.tender_edit, name="tender_edit"),
    path("tenders/<int:pk>/publish/", tenders.tender_publish, name="tender_publish"),
    path("tenders/<int:pk>/award/", tenders.tender_award, name="tender_award"),
    path("tenders/<int:pk>/bid/", tenders.bid_submit, name="bid_submit"),
    path("bids/", tenders.bid_list, name="bid_list"),
    path("bids/<int:pk>/score/", tenders.bid_score, name="bid_score"),
    path("bids/<int:pk>/document/", tenders.bid_document, name="bid_document"),
]
