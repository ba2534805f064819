from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("job-postings", views.JobPostingViewSet, basename="job-posting")
router.register("contracts", views.ContractViewSet, basename="contract")

urlpatterns = router.urls
