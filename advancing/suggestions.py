"""Suggestions while filling an advance: what usually goes with the lines already picked.

Two sources, both precomputed into ItemPairing by a nightly job (tasks.refresh_item_pairings), so
a suggestion costs one indexed query, never a co-occurrence count over the history:
- the catalog's own related accessories ("a line array needs rigging frames, amplifier racks"),
  matched to catalog items by name; the same for everyone;
- the workspace's history: items that at least MIN_ADVANCES of its advances contained together.
History is read only by those who may see every advance of the workspace (a Raider sees only their
own), so a suggestion never tells anyone what an advance they may not open contained; no count
leaves the workspace, and another organization's history is never read."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, groupby
from operator import itemgetter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.core.navigation import module_switched_off
from dragonfly.tenancy.access import role_in_workspace, scope_for

from .models import AdvanceItem, AdvanceStatus, CatalogItem, ItemPairing, PairingSource

# An advance counts once it was asked for and not withdrawn or refused.
COUNTED = [
    s for s in AdvanceStatus.values if s not in (AdvanceStatus.DRAFT, AdvanceStatus.CANCELLED, AdvanceStatus.REJECTED)
]
MIN_ADVANCES = 2  # a pair seen in one advance is chance
KEPT_PER_ITEM = 8  # companions kept per item and workspace
LIMIT = 6  # suggestions shown at once


@dataclass(frozen=True)
class Suggestion:
    item: CatalogItem
    source: str  # PairingSource: "history" where the workspace's advances paired it, else "catalog"

    @property
    def reason(self) -> str:
        return str(PairingSource(self.source).label)


def _norm(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)  # "frames" ~ "frame"


def _catalog_rows(now) -> list[ItemPairing]:
    items = list(CatalogItem.objects.enabled().only("id", "name", "related_accessories"))
    by_name = [(_norm(i.name), i.id) for i in items]
    rows = []
    for item in items:
        companions = []
        for accessory in item.related_accessories:
            wanted = _norm(accessory)
            # The item named so, else the first whose name holds the accessory's words (two or more:
            # "Lighting" alone would pick "Lighting Designer" for a tent).
            match = next((pk for name, pk in by_name if name == wanted), None)
            if match is None and " " in wanted:
                match = next((pk for name, pk in by_name if wanted in name), None)
            if match and match != item.id and match not in companions:
                companions.append(match)
        rows += [
            ItemPairing(item_id=item.id, companion_id=c, source=PairingSource.CATALOG, refreshed_at=now)
            for c in companions
        ]
    return rows


def _history_rows(workspace_id: int, advances: Iterable[set[int]], now) -> list[ItemPairing]:
    together: Counter[tuple[int, int]] = Counter()
    for items in advances:
        for a, b in combinations(sorted(items), 2):
            together[a, b] += 1
    best: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), n in together.items():
        if n >= MIN_ADVANCES:
            best[a].append((n, b))
            best[b].append((n, a))
    return [
        ItemPairing(
            workspace_id=workspace_id,
            item_id=item,
            companion_id=companion,
            source=PairingSource.HISTORY,
            advances=n,
            refreshed_at=now,
        )
        for item, pairs in best.items()
        for n, companion in sorted(pairs, key=lambda p: (-p[0], p[1]))[:KEPT_PER_ITEM]
    ]


def refresh_pairings() -> int:
    """Rebuild every pairing: the catalog's, then each workspace's history, streamed one workspace
    at a time (memory stays one workspace's worth). Returns the number of pairings written."""
    now = timezone.now()
    written = 0
    with transaction.atomic():
        ItemPairing.objects.filter(workspace__isnull=True).delete()
        written += len(ItemPairing.objects.bulk_create(_catalog_rows(now), batch_size=1000))
    lines = (
        AdvanceItem.objects.filter(catalog_item__isnull=False, advance__status__in=COUNTED)
        .order_by("advance__workspace_id", "advance_id")
        .values_list("advance__workspace_id", "advance_id", "catalog_item_id")
        .iterator(chunk_size=5000)
    )
    seen: set[int] = set()
    for workspace_id, rows in groupby(lines, key=itemgetter(0)):
        advances = [{item for _, _, item in advance} for _, advance in groupby(rows, key=itemgetter(1))]
        with transaction.atomic():
            ItemPairing.objects.filter(workspace_id=workspace_id).delete()
            pairs = _history_rows(workspace_id, advances, now)
            written += len(ItemPairing.objects.bulk_create(pairs, batch_size=1000))
        seen.add(workspace_id)
    # Workspaces whose last counted advance went (cancelled, deleted) keep no stale history.
    ItemPairing.objects.filter(workspace__isnull=False).exclude(workspace_id__in=seen).delete()
    return written


def reads_history(user, workspace) -> bool:
    """Whether `user` sees every advance of `workspace` (no role narrows it to their own)."""
    role = role_in_workspace(user, workspace)
    from .models import Advance

    return role is not None and scope_for(Advance, user, role, "advancing.view_advance") == Q()


def suggest(user, workspace, picked: Iterable[int], limit: int = LIMIT) -> list[Suggestion]:
    """What to add next to an advance in `workspace` holding the catalog items `picked`: history
    first (most advances first), then the catalog's accessories; never an item already picked."""
    picked = {int(pk) for pk in picked}
    if not picked:
        return []
    sources = Q(workspace__isnull=True)
    if reads_history(user, workspace):
        sources |= Q(workspace=workspace)
    ranked = list(
        ItemPairing.objects.filter(sources, item_id__in=picked, companion__enabled=True)
        .exclude(companion_id__in=picked)
        .values("companion_id")
        .annotate(score=Sum("advances"))
        .order_by("-score", "companion_id")[:limit]
    )
    items = CatalogItem.objects.in_bulk([row["companion_id"] for row in ranked])
    return [
        Suggestion(items[row["companion_id"]], PairingSource.HISTORY if row["score"] else PairingSource.CATALOG)
        for row in ranked
        if row["companion_id"] in items
    ]


def suggestions_for(user, workspace, picked: Iterable[int]) -> list[Suggestion]:
    """The page's and the API's entry: suggestions for someone who may start advances in
    `workspace` (the caller has made sure they may open the workspace at all)."""
    if module_switched_off(user, workspace, "advancing"):
        raise Http404(_("This module is switched off in this workspace."))
    if not user.has_perm("advancing.add_advance", workspace):
        raise PermissionDenied(_("Your role does not create advances in this workspace."))
    return suggest(user, workspace, picked)


def picked_from(params, limit: int = 200) -> list[int]:
    """The catalog items of an advance form's lines (`lines-N-catalog_item`, skipping lines ticked
    for removal) or of an API call (`items=1,2,3`); anything not a number is ignored."""
    removed = {key[: -len("-DELETE")] for key, value in params.items() if key.endswith("-DELETE") and value}
    values = [
        v
        for key in params
        if key.endswith("-catalog_item") and key[: -len("-catalog_item")] not in removed
        for v in params.getlist(key)
    ]
    values += ",".join(params.getlist("items")).split(",")
    return [int(v) for v in values if v.strip().isdigit()][:limit]
