"""Read side of advancing: the lists pages, exports and the API share."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from dragonfly.core.navigation import capped_count
from dragonfly.tenancy.access import get_access, may_any
from events.models import Event

from .models import REVIEW_PERMS, Advance, AdvanceItem, AdvanceQuerySet, AdvanceStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.db.models import QuerySet

    from dragonfly.activity.models import ActivityEntry

    # Whoever is asking: a page's request.user may be anonymous (visible_to then finds nothing).
    Viewer = User | AnonymousUser

_Advances = TypeVar("_Advances", bound="QuerySet[Advance]")

S = AdvanceStatus
QUEUE_ORDER = ("submitted_at", "id")


class QueuePageQuerySet(AdvanceQuerySet):
    """A queryset whose slices are fetched by "deferred join": first the page's ids, read from
    the queue's order index alone, then those rows with their related rows.

    A plain OFFSET 30,000 makes PostgreSQL build, join and throw away 30,000 rows (and count
    their lines) before the page; this way a deep page costs about what page 1 costs.
    Paginator and DRF's LimitOffsetPagination slice, so both get it without knowing."""

    def __getitem__(self, k):
        if not isinstance(k, slice) or k.step or not k.start or self._result_cache is not None:
            return super().__getitem__(k)
        ids = list(super().__getitem__(k).values_list("pk", flat=True))
        # `.values()` rows (the API's column-only lists) are dicts holding the primary key's column.
        pk = (lambda row: row[self.model._meta.pk.attname]) if self._fields else (lambda row: row.pk)
        rows = {pk(row): row for row in self.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def reviewable(user: Viewer, queryset: AdvanceQuerySet[Advance] | None = None) -> AdvanceQuerySet[Advance]:
    """Advances the user may review or approve: by role in their workspace, or by grant."""
    queryset = Advance.objects.all() if queryset is None else queryset
    review, approve = (queryset.visible_to(user, perm=perm) for perm in REVIEW_PERMS)
    # Where one role gives both (a Gladiator), use its condition once, not OR-ed with itself,
    # so the planner can walk the workspace's queue index in order.
    return review if review.query.where == approve.query.where else review | approve


def may_review_somewhere(user: Viewer) -> bool:
    """Whether any role or grant of the user carries a review permission (no query once loaded)."""
    access = get_access(user)
    if not access.authenticated:
        return False
    if access.is_platform_admin or any(access.has_anywhere(perm) for perm in REVIEW_PERMS):
        return True
    codenames = {perm.split(".")[1] for perm in REVIEW_PERMS}
    return any(code in codenames for _, _, code in access.grants)


def waiting_review_count(user: Viewer, cap: int | None = None) -> int:
    """Advances waiting in this user's review queue (the count in the navigation: up to `cap` + 1)."""
    if not may_review_somewhere(user):
        return 0
    return capped_count(reviewable(user).in_review_queue(), cap)


def with_item_count(queryset: _Advances) -> _Advances:
    # A correlated subquery, not a JOIN + GROUP BY: it is computed for the rows of the page
    # only, so a page costs the same at 1,000 or 100,000 advances.
    counts = (
        AdvanceItem.objects.filter(advance=OuterRef("pk"))
        .order_by()
        .values("advance")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(item_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0)))


def _for_lists(queryset):
    return with_item_count(
        queryset.select_related("workspace", "workspace__organization", "production", "submitter", "reviewed_by")
    )


def review_queue(user: Viewer) -> QueuePageQuerySet[Advance]:
    """Submitted and under-review advances the user may review or approve, oldest first."""
    queryset: QueuePageQuerySet[Advance] = QueuePageQuerySet(Advance)
    if not may_review_somewhere(user):
        return queryset.none()
    return _for_lists(reviewable(user, queryset).in_review_queue()).order_by(*QUEUE_ORDER)


def my_advances(user: User) -> AdvanceQuerySet[Advance]:
    """The advances the user submitted (drafts included), newest first."""
    return _for_lists(Advance.objects.visible_to(user).filter(submitter=user)).order_by("-created_at", "-id")


def visible_advances(user: Viewer) -> QueuePageQuerySet[Advance]:
    """Every advance the user may see, for lists outside the queue (the API's /advancing)."""
    return _for_lists(QueuePageQuerySet(Advance).visible_to(user)).order_by(*QUEUE_ORDER)


def advance_history(advance: Advance) -> QuerySet[ActivityEntry]:
    """The advance's timeline, oldest first: who, when, from → to, note."""
    from dragonfly.activity.models import ActivityEntry

    return ActivityEntry.objects.for_object(advance).order_by("created_at", "id")


def show_day(user: Viewer, advance: Advance) -> Event | None:
    """The advance's show day when `user` may see that event (a role may read an advance and not every
    event: marketing reads public dates only); None for no show day, or one they may not see."""
    if advance.event_id is None:
        return None
    return Event.objects.visible_to(user).filter(pk=advance.event_id).first()


def may_review(user: Viewer, advance: Advance) -> bool:
    """Whether `user` may review or approve this advance (the one "may review here" answer)."""
    return may_any(user, REVIEW_PERMS, advance)


# action -> the status it moves to; the workflow's perms say who may. "cancel", "edit" and
# "fulfill" have their own rules.
_ACTIONS = {
    "submit": S.SUBMITTED,
    "review": S.UNDER_REVIEW,
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "process": S.IN_PROGRESS,
}


def actions_for(user: Viewer, advance: Advance) -> list[str]:
    """What `user` may do to `advance` now (which buttons to show), by the services' own rules."""
    moves = advance.moves_for(user)
    actions = [name for name, to in _ACTIONS.items() if to in moves]
    if advance.status == S.DRAFT and user.has_perm("advancing.change_advance", advance):
        actions.insert(0, "edit")
    if S.CANCELLED in advance.allowed_moves() and may_cancel(user, advance):
        actions.append("cancel")
    if advance.status in (S.APPROVED, S.IN_PROGRESS) and user.has_perm("advancing.fulfil_advance", advance):
        actions.append("fulfill")
    return actions


def may_cancel(user: Viewer, advance: Advance) -> bool:
    """As cancel_advance decides: the submitter who may still edit it, or an approver."""
    own = advance.submitter_id == user.pk and user.has_perm("advancing.change_advance", advance)
    return own or user.has_perm("advancing.approve_advance", advance)


def production_advance_totals(production, user):
    """Advances of a production the user may see, by status: count and estimated/actual totals per
    currency (the production overview's and Advances tab's summary)."""
    rows = (
        Advance.objects.visible_to(user)
        .filter(production=production)
        .order_by()
        .values("status", "currency")
        .annotate(n=Count("pk"), estimated=Sum("estimated_cost"), actual=Sum("actual_cost"))
        .order_by("status", "currency")
    )
    labels = dict(Advance._meta.get_field("status").choices)
    return [{**row, "label": labels.get(row["status"], row["status"])} for row in rows]
