from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("job-postings", views.JobPostingViewSet, basename="job-posting")
router.register("contracts", views.ContractViewSet, basename="contract")
router.register("public-rfps", views.PublicRfpViewSet, basename="public-rfp")
router.register("public-bids", views.PublicBidViewSet, basename="public-bid")

urlpatterns = router.urls
