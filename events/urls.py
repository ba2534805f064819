from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "events"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = module_home_urls("events", views.workspace_home) + [
    path(f"{ws}new/", views.new_event, name="new"),
    path(f"{ws}check-conflicts/", views.check_conflicts, name="check_conflicts"),
    path(f"{ws}conflicts/", views.conflicts, name="conflicts"),
    path(f"{ws}incidents/", views.incidents, name="incidents"),
    path("event/<int:pk>/", views.event_detail, name="event"),
    path("event/<int:pk>/edit/", views.edit_event, name="edit"),
    path("event/<int:pk>/delete/", views.delete_event, name="delete"),
    path("event/<int:pk>/crew/", views.add_crew, name="add_crew"),
    path("event/<int:pk>/run-of-show/", views.run_of_show, name="run_of_show"),
    path("event/<int:pk>/run-of-show/print/", views.run_of_show_print, name="run_of_show_print"),
    path("event/<int:pk>/run-of-show/live/", views.run_of_show_live, name="run_of_show_live"),
    path("event/<int:pk>/run-of-show/reorder/", views.reorder_cues, name="reorder_cues"),
    path("event/<int:pk>/cues/new/", views.add_cue, name="add_cue"),
    path("event/<int:pk>/incidents/new/", views.new_incident, name="new_incident"),
    path("crew-call/<int:pk>/remove/", views.remove_crew, name="remove_crew"),
    path("cue/<int:pk>/edit/", views.edit_cue, name="edit_cue"),
    path("cue/<int:pk>/move/", views.move_cue, name="move_cue"),
    path("cue/<int:pk>/call/", views.call_cue, name="call_cue"),
    path("cue/<int:pk>/delete/", views.delete_cue, name="delete_cue"),
    path("incident/<int:pk>/", views.incident_detail, name="incident"),
    path("incident/<int:pk>/status/", views.move_incident, name="move_incident"),
    path("incident/<int:pk>/files/", views.attach_file, name="attach_incident_file"),
    path("feed.ics", views.personal_feed, name="feed"),
    path("feed/production/<int:pk>.ics", views.production_feed, name="production_feed"),
    path("feed/venue/<int:pk>.ics", views.venue_feed, name="venue_feed"),
    path("calendar-feed/", views.feed_settings, name="feed_settings"),
    path("calendar-feed/token/", views.feed_token, name="feed_token"),
]
