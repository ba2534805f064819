from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("events", views.EventViewSet, basename="event")
router.register("crew-calls", views.CrewCallViewSet, basename="crew-call")
router.register("run-of-show-cues", views.CueViewSet, basename="cue")
router.register("incidents", views.IncidentViewSet, basename="incident")

urlpatterns = router.urls
