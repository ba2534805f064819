"""Kinds of notification a user can receive; each can have its email turned off in the profile."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    key: str
    label: str


KINDS = {
    k.key: k
    for k in [
        Kind("advance.submitted", "Advances waiting for my review"),
        Kind("advance.decided", "Decisions on my advances"),
        Kind("advance.fulfilment", "Fulfilment of my advances"),
        Kind("people.certificate_expiry", "Certificates of mine or my team about to expire"),
        Kind("assets.maintenance_due", "Maintenance falling due on assets I manage"),
        Kind("production.phase", "Phase changes of my productions"),
        Kind("task.assigned", "Tasks assigned to me"),
        Kind("compliance.expiring", "Permits and certificates about to expire"),
        Kind("incident.critical", "Critical incidents on my productions"),
        Kind("reminder.daily", "Daily digest of tomorrow's calls and tasks"),
        Kind("budget.alert", "Budget lines of mine passing 80 % and 100 %"),
        Kind("purchase_order.approval", "Purchase orders waiting for my approval"),
        Kind("invoice.overdue", "Invoices falling overdue"),
        Kind("general", "Other announcements"),
    ]
}
