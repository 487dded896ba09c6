from rest_framework.routers import SimpleRouter

from associations.api import views

router = SimpleRouter()
router.register("associations", views.AssociationViewSet, basename="association")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("endorsements", views.EndorsementViewSet, basename="endorsement")
router.register("member-mines", views.MemberMineViewSet, basename="member-mine")
router.register("member-applications", views.MemberApplicationViewSet, basename="member-application")
router.register("member-unit-requests", views.MemberUnitRequestViewSet, basename="member-unit-request")
router.register("catalogue", views.CatalogueViewSet, basename="catalogue-mine")
router.register("investors", views.InvestorViewSet, basename="investor")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("review-sessions", views.ReviewSessionViewSet, basename="review-session")

urlpatterns = router.urls
