from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("broadcasts", views.BroadcastViewSet, basename="broadcast")

urlpatterns = router.urls
