"""Events workflows, split by subject: the schedule (single events, series, crew calls), run of
show, incidents and calendar feeds (venues are locations.services). Each service takes the
object first and the acting user keyword-only, checks `actor.has_perm(perm, obj)`, runs in
one transaction with its activity entry and queues notifications for after the commit."""

from ..conflicts import check_schedule_conflict, conflict_range, workspace_conflicts
from .calling import RunningOrder, TimedCue, call_cue, drift_words, running_order, whole_minutes
from .clock import CALL_GRACE, show_clock, show_is_over
from .crew import add_crew_call, remove_crew_call, update_crew_call
from .feeds import (
    build_calendar,
    feed_for_token,
    issue_feed_token,
    personal_feed_events,
    production_feed_events,
    revoke_feed_token,
    venue_feed_events,
)
from .incidents import attach_to_incident, incident_files, move_incident, report_incident, update_incident
from .run_of_show import (
    add_cue,
    current_cue,
    delete_cue,
    format_duration,
    move_cue,
    parse_cue_time,
    parse_duration,
    record_closed,
    reorder_cues,
    run_of_show,
    update_cue,
)
from .schedule import KEEP, SCOPES, Saved, create_event, delete_event, update_event

__all__ = [
    "CALL_GRACE",
    "KEEP",
    "SCOPES",
    "RunningOrder",
    "Saved",
    "TimedCue",
    "add_crew_call",
    "add_cue",
    "attach_to_incident",
    "build_calendar",
    "call_cue",
    "check_schedule_conflict",
    "create_event",
    "current_cue",
    "delete_cue",
    "delete_event",
    "drift_words",
    "feed_for_token",
    "format_duration",
    "incident_files",
    "issue_feed_token",
    "move_cue",
    "move_incident",
    "parse_cue_time",
    "parse_duration",
    "record_closed",
    "personal_feed_events",
    "production_feed_events",
    "venue_feed_events",
    "remove_crew_call",
    "reorder_cues",
    "report_incident",
    "revoke_feed_token",
    "run_of_show",
    "running_order",
    "show_clock",
    "show_is_over",
    "update_crew_call",
    "update_cue",
    "update_event",
    "update_incident",
    "whole_minutes",
    "conflict_range",
    "workspace_conflicts",
]
