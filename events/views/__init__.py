"""Events pages, split by subject: calendar, events and crew, run of show, incidents, feeds (the venue
pages are locations.views)."""

from .calendar import workspace_home
from .events import (
    add_crew,
    check_conflicts,
    conflicts,
    delete_event,
    edit_event,
    event_detail,
    new_event,
    remove_crew,
)
from .feeds import feed_settings, feed_token, personal_feed, production_feed, venue_feed
from .incidents import attach_file, incident_detail, incidents, move_incident, new_incident
from .run_of_show import (
    add_cue,
    call_cue,
    delete_cue,
    edit_cue,
    move_cue,
    reorder_cues,
    run_of_show,
    run_of_show_live,
    run_of_show_print,
)

__all__ = [
    "add_crew",
    "add_cue",
    "attach_file",
    "call_cue",
    "check_conflicts",
    "conflicts",
    "delete_cue",
    "delete_event",
    "edit_cue",
    "edit_event",
    "event_detail",
    "feed_settings",
    "feed_token",
    "incident_detail",
    "incidents",
    "move_cue",
    "move_incident",
    "new_event",
    "new_incident",
    "personal_feed",
    "production_feed",
    "venue_feed",
    "remove_crew",
    "reorder_cues",
    "run_of_show",
    "run_of_show_live",
    "run_of_show_print",
    "workspace_home",
]
