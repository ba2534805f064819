"""Who sees which materials, courses, lessons and enrolments: built once here, read by every page,
the API, the admin's lists and search.

A workspace's roles read its materials and courses by their `resources.view_*` permission; one marked
public is read by every signed-in user too (only reading: a change still needs a role there). An
enrolment is seen by its learner, and by whoever holds `resources.view_enrolment` in its workspace.
Grants read like materials; a grant application is seen by its applicant and by whoever holds
`resources.view_grantapplication` in its workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from dragonfly.tenancy.querysets import TenantQuerySet

if TYPE_CHECKING:
    from dragonfly.tenancy.access import Access


def _reads(perm: str | None, model_name: str) -> bool:
    return perm is None or perm == f"resources.view_{model_name}"


class MaterialQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(is_public=True) if _reads(perm, "material") else q

    def choices_for(self, user: Any, workspace: Any) -> MaterialQuerySet:
        """The materials a lesson of `workspace` may point at."""
        return self.visible_to(user).filter(workspace=workspace).order_by("title", "id")


class CourseQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(is_public=True) if _reads(perm, "course") else q


class LessonQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(course__is_public=True) if _reads(perm, "lesson") else q


class EnrolmentQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(user_id=access.user.pk) if _reads(perm, "enrolment") else q


class GrantQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(is_public=True) if _reads(perm, "grant") else q


class GrantApplicationQuerySet(TenantQuerySet):
    def visible_q(self, access: Access, perm: str | None) -> Any:
        q = super().visible_q(access, perm)
        return q | Q(applicant_id=access.user.pk) if _reads(perm, "grantapplication") else q
