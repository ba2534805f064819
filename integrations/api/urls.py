from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("integrations/connections", views.ConnectionViewSet, basename="integration-connection")

urlpatterns = router.urls
