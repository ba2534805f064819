from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("files", views.DocumentViewSet, basename="file")

urlpatterns = router.urls
