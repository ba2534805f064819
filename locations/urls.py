"""The venue pages. They sit in the Events section of the site (dragonfly/urls.py mounts them
under /events/), where people have always found them: /events/w/<org>/<ws>/venues/, /events/venue/<pk>/."""

from django.urls import path

from . import views

app_name = "locations"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    path(f"{ws}venues/", views.locations, name="list"),
    path(f"{ws}venues/new/", views.new_location, name="new"),
    path("venue/<int:pk>/", views.location_detail, name="detail"),
    path("venue/<int:pk>/edit/", views.edit_location, name="edit"),
    path("venue/<int:pk>/documents/", views.add_document, name="add_document"),
]
