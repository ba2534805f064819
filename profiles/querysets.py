"""Who sees which part of a profile: the owner's privacy choice per section, decided once here.

A profile is a person's, not a workspace's: its owner always sees it, anyone sharing an
organization with the owner sees every section, and outside the organization a section shows
only at the level its owner chose (signed-in users of other organizations, or the public).
Personal data (phone, rates, documents, emergency contacts) is not a section: it lives in the
people module and never leaves the organization (`profiles.selectors.personal_data`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db.models import Q

from dragonfly.tenancy.models import Membership
from dragonfly.tenancy.querysets import VisibleQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access

# The visibility levels (profiles.models.Visibility values), weakest reach first.
ORGANIZATION, MEMBERS, PUBLIC = "organization", "members", "public"
OUTSIDE = {MEMBERS: (MEMBERS, PUBLIC), PUBLIC: (PUBLIC,)}  # reader's reach -> levels that show to them
SECTIONS = ("bio", "skills", "history", "endorsements")  # the parts of a profile, each with its own choice
VISIBILITY_FIELDS = tuple(f"{section}_visibility" for section in SECTIONS)


def colleague_q(access: Access, path: str) -> Q:
    """Rows whose owner (`path`, a user foreign key) holds a role in an organization the reader holds one in."""
    members = Membership.objects.active().filter(organization_id__in=list(access.organization_ids))
    return Q(**{f"{path}__in": members.values("user_id")})


class ProfileQuerySet(VisibleQuerySet):
    """Profiles: one's own, a colleague's, or one with a section open to other organizations."""

    def visible_q(self, access: Access, perm: str | None) -> Any:
        opened = Q()
        for field in VISIBILITY_FIELDS:
            opened |= Q(**{f"{field}__in": OUTSIDE[MEMBERS]})
        return Q(user=access.user) | colleague_q(access, "user") | opened

    def public(self) -> Self:
        """Profiles with at least one section open to the public (what a visitor not signed in may open)."""
        opened = Q(pk__in=[])
        for field in VISIBILITY_FIELDS:
            opened |= Q(**{field: PUBLIC})
        return self.filter(opened)


class SectionQuerySet(VisibleQuerySet):
    """Rows of one profile section (work history, endorsements): shown as the owner's choice for it says.

    `visibility` names the owner's setting from the row; `parties` are the user fields whose holders
    always see the row (the owner; an endorsement's endorser too)."""

    visibility = ""
    parties: tuple[str, ...] = ("user",)

    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = Q(**{f"{self.visibility}__in": OUTSIDE[MEMBERS]}) | colleague_q(access, "user")
        for party in self.parties:
            q |= Q(**{party: access.user})
        return q & self.shown_q()

    def shown_q(self) -> Q:
        return Q()

    def public(self) -> Self:
        """The rows a visitor not signed in may read: the owner opened the section to the public."""
        return self.filter(Q(**{self.visibility: PUBLIC}) & self.shown_q())

    def readable_by(self, user: Any) -> Self:
        """`visible_to(user)` for a signed-in reader, the public rows for anyone else."""
        return self.visible_to(user) if getattr(user, "is_authenticated", False) else self.public()

    def of(self, owner: Any) -> Self:
        return self.filter(user=owner)


class WorkHistoryQuerySet(SectionQuerySet):
    visibility = "user__member_profile__history_visibility"

    def shown_q(self) -> Q:
        return Q(hidden=False)  # an entry from assignments its owner removed stays only to stay removed


class EndorsementQuerySet(SectionQuerySet):
    visibility = "user__member_profile__endorsements_visibility"
    parties = ("user", "endorser")
