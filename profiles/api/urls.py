from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("profiles/history", views.WorkHistoryViewSet, basename="work-history")
router.register("profiles/endorsements", views.EndorsementViewSet, basename="endorsement")
router.register("profiles", views.ProfileViewSet, basename="profile")

urlpatterns = router.urls
