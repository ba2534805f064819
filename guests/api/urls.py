from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("guests/allotments", views.AllotmentViewSet, basename="guest-allotment")
router.register("guests/requests", views.GuestRequestViewSet, basename="guest-request")
router.register("guests/accreditations", views.AccreditationViewSet, basename="guest-accreditation")

urlpatterns = [
    *router.urls,
    path("guests/events/<int:pk>/counts/", views.DoorCountsView.as_view(), name="guest-door-counts"),
]
