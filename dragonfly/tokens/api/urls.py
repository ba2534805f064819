from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("tokens", views.APITokenViewSet, basename="api-token")

urlpatterns = router.urls
