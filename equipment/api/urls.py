from rest_framework.routers import SimpleRouter

from equipment.api import views

router = SimpleRouter()
router.register("unit-types", views.UnitTypeViewSet, basename="unit-type")
router.register("processing-units", views.ProcessingUnitViewSet, basename="processing-unit")
router.register("unit-requests", views.UnitRequestViewSet, basename="unit-request")
router.register("bookings", views.BookingViewSet, basename="booking")
router.register("tenders", views.TenderViewSet, basename="tender")
router.register("bids", views.BidViewSet, basename="bid")

urlpatterns = router.urls
