from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "assets_api"

router = SimpleRouter(use_regex_path=False)
router.register("assets/kits", views.KitViewSet, basename="kit")
router.register("assets/reservations", views.ReservationViewSet, basename="reservation")
router.register("assets/maintenance", views.MaintenanceRecordViewSet, basename="maintenance")
router.register("assets/maintenance-schedules", views.MaintenanceScheduleViewSet, basename="maintenance_schedule")
router.register("assets", views.AssetViewSet, basename="asset")

urlpatterns = [
    path("assets/availability/", views.AvailabilityView.as_view(), name="availability"),
    path("assets/utilization/", views.UtilizationView.as_view(), name="utilization"),
    *router.urls,
]
