"""Sending a broadcast: checked, stored, audited and told to each person it reaches, in one transaction."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import display_name, require

from .audiences import AUDIENCES, WORKSPACE, reached
from .models import MESSAGE_MAX, Broadcast


def find_target(user: Any, workspace: Any, audience: str, target_id: Any) -> Any:
    """The object a broadcast goes to, as `user` may see it in `workspace` (the workspace itself for the
    whole workspace); a clear error for an unknown audience or an object the user may not see."""
    if audience == WORKSPACE:
        return workspace
    if audience not in AUDIENCES:
        raise DomainError(_("Choose who the message goes to."), code="audience")
    model = AUDIENCES[audience].model
    target = model.objects.visible_to(user).filter(pk=target_id, workspace=workspace).first() if target_id else None
    if target is None:
        raise DomainError(_("That event or production is not one you can message here."), code="audience")
    return target


def send_broadcast(
    workspace: Any, *, actor: Any, message: str, audience: str = WORKSPACE, target_id: Any = None, urgent: bool = False
):
    require(actor, "broadcasts.add_broadcast", workspace, _("Your role does not send broadcasts in this workspace."))
    message = " ".join((message or "").split())  # one line: it is read in a toast on a phone
    if not message:
        raise DomainError(_("Write the message to send."), code="message")
    if len(message) > MESSAGE_MAX:
        raise DomainError(_("A broadcast holds at most %(n)d characters.") % {"n": MESSAGE_MAX}, code="message")
    target = find_target(actor, workspace, audience, target_id)
    people = [user for user in reached(workspace, audience, target) if user.pk != actor.pk]
    sender = display_name(actor)
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            workspace=workspace,
            audience=audience,
            target_id=None if audience == WORKSPACE else target.pk,
            target_name=(workspace.name if audience == WORKSPACE else str(target))[:200],
            message=message,
            urgent=bool(urgent),
            sender=actor,
            recipient_count=len(people),
        )
        record_activity(
            target,
            actor=actor,
            verb="broadcast.sent",
            workspace=workspace,
            note=message,
            data={"broadcast": broadcast.pk, "recipients": len(people)},
        )
        url = "" if audience == WORKSPACE else AUDIENCES[audience].url(target)
        notify(
            people,
            kind="broadcast",
            title=lambda: (
                _("%(sender)s to %(audience)s: %(message)s")
                % {"sender": sender, "audience": broadcast.target_name, "message": message}
            ),
            body=message,
            url=url,
            workspace=workspace,
            trigger="broadcast.urgent" if broadcast.urgent else "",
            dedupe_key=f"broadcast:{broadcast.pk}",
        )
    return broadcast
