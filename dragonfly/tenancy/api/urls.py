from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("invitations", views.InvitationViewSet, basename="invitation")

urlpatterns = router.urls
