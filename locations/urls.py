"""The venue pages. They sit in the Events section of the site (dragonfly/urls.py mounts them
under /events/), where people have always found them: /events/w/<org>/<ws>/venues/, /events/venue/<pk>/."""

from django.urls import path

from . import views

app_name = "locations"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    path(f"{ws}venues/", views.locations, name="list"),
    path(f"{ws}venues/new/", views.new_location, name="new"),
    path(f"{ws}venues/booking-rule/", views.set_clash_policy, name="clash_policy"),
    path("venue/<int:pk>/", views.location_detail, name="detail"),
    path("venue/<int:pk>/edit/", views.edit_location, name="edit"),
    path("venue/<int:pk>/site-maps/", views.add_site_map, name="add_site_map"),
    path("venue/<int:pk>/utilities/", views.add_utility, name="add_utility"),
    path("site-map/<int:pk>/", views.site_map, name="site_map"),
    path("site-map/<int:pk>/zones/", views.add_zone, name="add_zone"),
    path("site-map/<int:pk>/rename/", views.rename_site_map, name="rename_site_map"),
    path("site-map/<int:pk>/delete/", views.delete_site_map, name="delete_site_map"),
    path("zone/<int:pk>/delete/", views.delete_zone, name="delete_zone"),
    path("utility/<int:pk>/", views.utility, name="utility"),
    path("utility/<int:pk>/edit/", views.edit_utility, name="edit_utility"),
    path("utility/<int:pk>/delete/", views.delete_utility, name="delete_utility"),
    path("utility/<int:pk>/readings/", views.add_reading, name="add_reading"),
    path("utility/<int:pk>/outages/", views.report_outage, name="report_outage"),
    path("outage/<int:pk>/over/", views.end_outage, name="end_outage"),
]
