from rest_framework.routers import SimpleRouter

from financing.api import views

router = SimpleRouter()
router.register("loan-applications", views.LoanApplicationViewSet, basename="loan-application")
router.register("guarantees", views.GuaranteeViewSet, basename="guarantee")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("loans", views.LoanViewSet, basename="loan")
router.register("disbursements", views.DisbursementViewSet, basename="disbursement")
router.register("repayments", views.RepaymentViewSet, basename="repayment")
router.register("rate-policies", views.RatePolicyViewSet, basename="rate-policy")

urlpatterns = router.urls
