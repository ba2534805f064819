from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("venues", views.LocationViewSet, basename="venue")
router.register("site-maps", views.SiteMapViewSet, basename="site-map")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("utilities", views.UtilityViewSet, basename="utility")
router.register("meter-readings", views.MeterReadingViewSet, basename="meter-reading")
router.register("outages", views.OutageViewSet, basename="outage")

urlpatterns = router.urls
