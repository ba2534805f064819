"""Kinds of notification a user can receive; each can have its email turned off in the profile."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise  # translated when shown (the profile's checkboxes)


KINDS = {
    k.key: k
    for k in [
        Kind("advance.submitted", _("Advances waiting for my review")),
        Kind("advance.decided", _("Decisions on my advances")),
        Kind("advance.fulfilment", _("Fulfilment of my advances")),
        Kind("people.certificate_expiry", _("Certificates of mine or my team about to expire")),
        Kind("assets.maintenance_due", _("Maintenance falling due on assets I manage")),
        Kind("production.phase", _("Phase changes of my productions")),
        Kind("task.assigned", _("Tasks assigned to me")),
        Kind("compliance.expiring", _("Permits and certificates about to expire")),
        Kind("incident.critical", _("Critical incidents on my productions")),
        Kind("reminder.daily", _("Daily digest of tomorrow's calls and tasks")),
        Kind("budget.alert", _("Budget lines of mine passing 80 % and 100 %")),
        Kind("purchase_order.approval", _("Purchase orders waiting for my approval")),
        Kind("invoice.overdue", _("Invoices falling overdue")),
        Kind("report.delivered", _("Scheduled reports I subscribed to")),
        Kind("bid.decided", _("Decisions on my bids")),
        Kind("agreement.renewal", _("Vendor agreements about to expire")),
        Kind("webhook.disabled", _("Webhook endpoints turned off after failing")),
        Kind("broadcast", _("Broadcasts to my workspace and my crews")),
        Kind("crew_call.changed", _("Changes to my call time on the day of the call")),
        Kind("resources.course_completed", _("Courses I completed")),
        Kind("resources.grant_deadline", _("Deadlines of grants I own or am applying for")),
        Kind("resources.grant_decided", _("Funders' decisions on my grant applications")),
        Kind("community.mention", _("Mentions of me in the community")),
        Kind("community.comment", _("Comments on my community posts")),
        Kind("community.connection", _("Connection requests and their answers")),
        Kind("community.report", _("Community posts reported to me as a moderator")),
        Kind("general", _("Other announcements")),
        Kind("daysheet.ready", _("Tomorrow's day sheet, the evening before a day I am called")),
    ]
}


# Notifications urgent enough to reach a phone, by their trigger: a critical incident reported (or
# escalated), a broadcast its sender marked urgent, a crew call changed on its day. Who opted in gets
# these by SMS too (integrations/sms); nothing else is ever texted.
URGENT_TRIGGERS = frozenset({"incident.reported", "incident.escalated", "broadcast.urgent", "crew_call.changed_today"})


# The kinds those urgent notifications come as: a person chooses per kind whether they want its texts
# (Profile.sms_muted_kinds), as they choose email and digest for every kind.
SMS_KINDS = ("incident.critical", "broadcast", "crew_call.changed")


def is_urgent(notification) -> bool:
    return notification.trigger in URGENT_TRIGGERS


# Issue 22: the result of rolling a workspace's advances over to another one (added last: the kinds' order
# is the profile page's).
KINDS["advance.rollover"] = Kind("advance.rollover", _("Roll-overs of advances I started"))
