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
        Kind("general", _("Other announcements")),
    ]
}
