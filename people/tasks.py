"""Nightly compliance: tell people (and their team lead) about certificates that lapse.

One notice per certificate and threshold (30 days, 7 days, expired): the dedupe key names
the certificate, the threshold and the expiry date, so running the task twice, or every
night, tells no one twice; a renewed certificate (new expiry date) starts afresh.
"""

import datetime

from celery import shared_task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dragonfly.notifications.outbox import OutboxTask
from dragonfly.tenancy.access import mail_language, reading_as

from .models import EXPIRY_THRESHOLDS, Certification, expiry_state

TITLES = {
    "expires_30": gettext_lazy("expires within 30 days"),
    "expires_7": gettext_lazy("expires within 7 days"),
    "expired": gettext_lazy("has expired"),
}


@shared_task
def check_certification_expiry(today=None):
    """Daily at midnight: queue a notice for every certificate inside a threshold. Returns how many."""
    today = datetime.date.fromisoformat(today) if isinstance(today, str) else (today or timezone.localdate())
    horizon = today + datetime.timedelta(days=max(EXPIRY_THRESHOLDS))
    # Expired ones are noticed once; a year-old lapse is not news every night, so look back 60 days.
    ids = Certification.objects.filter(
        expires_on__isnull=False,
        expires_on__lte=horizon,
        expires_on__gte=today - datetime.timedelta(days=60),
        person__active=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in ids.iterator():
        notify_certification_expiry.delay(pk, today.isoformat())
        count += 1
    return count


@shared_task(base=OutboxTask)
def notify_certification_expiry(certification_id, today=None):
    """Notify the person (if they have a login) and their team lead of one certificate's state."""
    from dragonfly.notifications.services import notify

    today = datetime.date.fromisoformat(today) if today else timezone.localdate()
    cert = (
        Certification.objects.select_related("person__user", "person__team__lead__user", "workspace")
        .filter(pk=certification_id)
        .first()
    )
    if cert is None or cert.expires_on is None:
        return []
    state = expiry_state(cert.expires_on, today)
    if state not in TITLES:
        return []
    person = cert.person
    recipients = []
    if person.user_id and person.user.is_active:
        recipients.append(person.user)
    lead = person.team.lead if person.team_id and person.team.lead_id else None
    if lead is not None and lead.user_id and lead.user.is_active and lead.user_id not in {r.pk for r in recipients}:
        recipients.append(lead.user)
    url = reverse("people:person_detail", args=[person.pk])
    delivered = []
    for user in recipients:  # one call each: the title says "Your" to the person, their name to the lead
        # The title reads as its recipient reads: their zone and their language.
        with reading_as(user), translation.override(mail_language(user)):
            if user.pk == person.user_id:
                title = _("Your %(label)s certificate %(state)s") % {"label": cert.label, "state": TITLES[state]}
            else:
                title = _("%(person)s’s %(label)s certificate %(state)s") % {
                    "person": person.full_name,
                    "label": cert.label,
                    "state": TITLES[state],
                }
            body = _("%(label)s (%(get_kind_display)s) expires on %(expires_on)s.") % {
                "label": cert.label,
                "get_kind_display": cert.get_kind_display(),
                "expires_on": date_format(cert.expires_on, "d M Y"),
            }
        delivered += notify(
            [user],
            kind="people.certificate_expiry",
            title=title,
            body=body,
            url=url,
            workspace=cert.workspace,
            trigger="people.certification.expiry",
            action=state,
            dedupe_key=f"certificate:{cert.pk}:{state}:{cert.expires_on.isoformat()}",
        )
    return [n.pk for n in delivered]
