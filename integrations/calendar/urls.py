"""Included by integrations/urls.py under calendar/ (names stay in the integrations namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar_sync, name="calendar_sync"),
    path("<int:pk>/check/", views.check, name="calendar_check"),
    path("<int:pk>/sync/", views.sync_now, name="calendar_sync_now"),
    path("<int:pk>/disconnect/", views.disconnect, name="calendar_disconnect"),
]
