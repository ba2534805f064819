"""Budget alerts: the budget owner (and the line's owner) hear once when a line passes 80 %
and once when it passes 100 % of its planned amount. Run after the commit, by a task."""

from django.urls import reverse

from dragonfly.notifications.services import deliver
from dragonfly.notifications.tasks import email_notification

from .money import percent
from .services.spending import crossed, lines_over

KIND = "budget.alert"


def alert_recipients(line):
    budget = line.budget
    people = [budget.owner or budget.created_by, line.owner]
    seen, recipients = set(), []
    for person in people:
        if person is not None and person.is_active and person.pk not in seen:
            seen.add(person.pk)
            recipients.append(person)
    return recipients


def send_budget_alerts(line_ids):
    """Deliver the alerts the lines have earned and not yet sent; returns the new notifications."""
    sent = []
    for line, spent, planned in lines_over(line_ids):
        for level in crossed(spent, planned):
            used = percent(spent, planned)
            title = (
                f"{line.budget.name}: {line.label} is over budget"
                if level >= 100
                else f"{line.budget.name}: {line.label} has used {level} % of its budget"
            )
            body = f"{spent} of {planned} {line.budget.currency} committed or spent" + (
                f" ({used} %)." if used is not None else "."
            )
            for person in alert_recipients(line):
                notification, created = deliver(
                    recipient=person,
                    kind=KIND,
                    title=title,
                    body=body,
                    url=reverse("finance:budget", args=[line.budget_id]),
                    workspace=line.budget.workspace,
                    trigger=f"finance.budget.alert_{level}",
                    action="finance.budget.notify_owner",
                    dedupe_key=f"budget-line:{line.pk}:{level}",
                )
                if created:
                    email_notification.delay_on_commit(notification.pk)
                    sent.append(notification)
    return sent
