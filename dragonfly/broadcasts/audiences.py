"""Who a broadcast can go to. The whole workspace is built in; a module whose objects have a crew
(an event, a production) registers an audience in its AppConfig.ready(), so the core names no module."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dragonfly.tenancy.access import workspace_people

WORKSPACE = "workspace"


@dataclass(frozen=True)
class Audience:
    key: str  # the target model's label, "events.event"
    label: str | Promise  # "An event's crew"
    people: Callable[[Any], Any]  # target -> the ids of the users it reaches (a values_list queryset or a set)
    # user, workspace -> the targets the user may pick, most relevant first (a short list for the form)
    choices: Callable[[Any, Any], Any]
    url: Callable[[Any], str]  # target -> its page, where a recipient's notification leads

    @property
    def model(self) -> Any:
        return apps.get_model(self.key)


AUDIENCES: dict[str, Audience] = {}


def register(key: str, label: str | Promise, *, people: Callable, choices: Callable, url: Callable) -> None:
    AUDIENCES[key] = Audience(key, label, people, choices, url)


def audience_label(key: str) -> str | Promise:
    return _("Everyone in the workspace") if key == WORKSPACE else AUDIENCES[key].label


def reached(workspace: Any, key: str, target: Any) -> list:
    """The active people of `workspace` a broadcast to `target` reaches (a crew member who has left the
    workspace is not told), read in SQL whatever the crew's size."""
    members = workspace_people(workspace)
    if key == WORKSPACE:
        return list(members)
    return list(members.filter(pk__in=AUDIENCES[key].people(target)))
