"""The advancing flow's own notifications, shown as the built-in rules they are.

They stay code (advancing/notifications.py): its tests pin who hears what, once, with which kind and
dedupe key, and per-kind email preferences hang on them. So the page shows them read-only; an admin
who wants more adds a rule on the same trigger (e.g. tell the Aviators about advances over 5,000)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .catalog import action_label, trigger_label


@dataclass(frozen=True)
class BuiltinRule:
    trigger_key: str
    trigger: str
    action_key: str
    action: str
    audience: str


AUDIENCES = {"reviewers": _("the people who may review or approve it"), "submitter": _("its submitter")}


def builtin_rules() -> list[BuiltinRule]:
    from advancing.notifications import EVENTS
    from advancing.services import TRIGGERS

    return [
        BuiltinRule(
            TRIGGERS[name],
            trigger_label(TRIGGERS[name]),
            event.action,
            action_label(event.action),
            str(AUDIENCES.get(event.audience, event.audience)),
        )
        for name, event in EVENTS.items()
    ]
