"""People workflows: every change to crew records, assignments, availability and time goes through here.

Each function takes the object first and the acting user as `actor=`, checks the actor's
permission with `has_perm` (roles and object grants alike), runs in one transaction,
writes the activity entry inside it and refuses with a domain error before anything is
written. A time entry's status moves go through `dragonfly.core.workflow.transition()`.

Split by subject: `crew` (records, teams, positions, certificates), `assignments` (shifts
and unavailability), `timesheets` (clock, hours, approval),
`hiring` (open positions, applicants, pipeline), `training` (courses, sessions, results). `from people import services;
services.assign_person(...)` keeps working.
"""

from .assignments import (
    add_unavailability,
    assign_person,
    missing_certifications,
    remove_unavailability,
    shift_warnings,
    unassign,
)
from .crew import (
    add_certification,
    create_person,
    create_position,
    create_team,
    remove_certification,
    update_person,
    update_team,
)
from .hiring import (
    add_applicant,
    add_applicant_certificate,
    add_interview_note,
    close_opening,
    create_opening,
    move_application,
)
from .timesheets import (
    approve_time_entry,
    bulk_approve,
    clock_in,
    clock_out,
    log_hours,
    net_hours,
    reject_time_entry,
    update_time_entry,
)
from .training import create_course, enroll, record_result, schedule_session

__all__ = [
    "add_applicant",
    "add_applicant_certificate",
    "add_interview_note",
    "close_opening",
    "create_course",
    "create_opening",
    "enroll",
    "move_application",
    "record_result",
    "schedule_session",
    "add_certification",
    "add_unavailability",
    "approve_time_entry",
    "assign_person",
    "bulk_approve",
    "clock_in",
    "clock_out",
    "create_person",
    "create_position",
    "create_team",
    "log_hours",
    "missing_certifications",
    "net_hours",
    "reject_time_entry",
    "remove_certification",
    "remove_unavailability",
    "shift_warnings",
    "unassign",
    "update_person",
    "update_team",
    "update_time_entry",
]
