from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("venues", views.LocationViewSet, basename="venue")

urlpatterns = router.urls
