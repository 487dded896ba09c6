"""/api/v1/ routes of the mine registry."""

from rest_framework.routers import SimpleRouter

from mines.api.views import MineralViewSet, MineViewSet, ProductionReportViewSet, ProvinceViewSet

router = SimpleRouter()
router.register("mines", MineViewSet, basename="mine")
router.register("minerals", MineralViewSet, basename="mineral")
router.register("provinces", ProvinceViewSet, basename="province")
router.register("production-reports", ProductionReportViewSet, basename="production-report")

urlpatterns = router.urls
