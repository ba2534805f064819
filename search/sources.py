"""The rows global search finds, one `Source` each (see registry.py). Titles and bodies carry only what
the row's own page shows to whoever may open it: no phone numbers, emails or notes of people."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from advancing.models import Advance, AdvanceItem, CatalogItem
from assets.models import Asset
from community.models import Post, Scope
from dragonfly.files.buckets import BUCKETS
from dragonfly.files.models import Attachment
from dragonfly.tenancy.access import get_access
from events.models import Event
from finance.models import Company, Contact
from jobs.models import Contract, JobPosting
from locations.models import Location
from marketplace.models import Listing
from people.models import Person, Team
from productions.models import Production, Task
from resources.models import Course, Grant, Material

from .registry import Source, register


def words(*parts: Any) -> str:
    """The non-empty parts, one line each (a body)."""
    return "\n".join(str(p) for p in parts if p)


def catalog_rows(user: Any) -> models.QuerySet:
    # The catalog is the platform's: every signed-in user reads it (advancing.views.catalog).
    rows = CatalogItem.objects.enabled()
    return rows if get_access(user).authenticated else rows.none()


def advance_lines(user: Any) -> models.QuerySet:
    # A line is seen by whoever sees its advance (it has no visibility of its own).
    return AdvanceItem.objects.filter(advance__in=Advance.objects.visible_to(user).values("pk"))


def private_files(rows: models.QuerySet) -> models.QuerySet:
    # Avatars and logos are pictures of people and organizations, not documents anyone looks up.
    return rows.exclude(bucket__in=[name for name, bucket in BUCKETS.items() if bucket.public])


def files_you_may_open(user: Any, files: list[Any]) -> list[Any]:
    """A file linked to a row opens only for who may see that row (dragonfly.files.views.serve_private):
    one query per kind of row the files hang on."""
    linked: dict[int, set[str]] = {}
    for f in files:
        if f.content_type_id:
            linked.setdefault(f.content_type_id, set()).add(f.object_id)
    seen: set[tuple[int, str]] = set()
    for type_id, ids in linked.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        manager = getattr(model, "_default_manager", None)
        if manager is None or not hasattr(manager, "visible_to"):
            continue  # a row with no visibility rule of its own: its files stay out of search
        pks = manager.visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True)
        seen.update((type_id, str(pk)) for pk in pks)
    return [f for f in files if not f.content_type_id or (f.content_type_id, f.object_id) in seen]


register(
    Source(
        key="production",
        model=Production,
        label=_("Productions"),
        title=lambda p: p.name,
        body=lambda p: words(p.code, p.get_type_display(), p.tags, p.description),
        url=lambda p: reverse("productions:detail", args=[p.pk]),
        related=("workspace",),
        order=10,
    )
)
register(
    Source(
        key="event",
        model=Event,
        label=_("Events"),
        title=lambda e: e.title,
        body=lambda e: words(e.get_kind_display(), e.description),
        url=lambda e: reverse("events:event", args=[e.pk]),
        related=("workspace",),
        order=20,
    )
)
register(
    Source(
        key="advance",
        model=Advance,
        label=_("Advances"),
        title=str,
        body=lambda a: words(a.activation_name, a.team_workspace),
        url=lambda a: reverse("advancing:detail", args=[a.pk]),
        organization_id=lambda a: a.organization_id,
        order=30,
    )
)
register(
    Source(
        key="advance_line",
        model=AdvanceItem,
        label=_("Advance lines"),
        title=lambda i: i.name,
        body=lambda i: words(str(i.advance), i.description, i.notes),
        url=lambda i: reverse("advancing:detail", args=[i.advance_id]),
        workspace_id=lambda i: i.advance.workspace_id,
        organization_id=lambda i: i.advance.organization_id,
        related=("advance",),
        visible=advance_lines,
        follows=((Advance, "advance"),),  # lines are written in bulk; the advance is saved after them
        order=40,
    )
)
register(
    Source(
        key="catalog_item",
        model=CatalogItem,
        label=_("Catalog items"),
        title=str,
        body=lambda c: words(c.category, c.subcategory, c.specifications, ", ".join(c.common_variations or [])),
        url=lambda c: reverse("advancing:catalog") + "?search=" + c.item_id,
        workspace_id=lambda c: None,
        organization_id=lambda c: None,
        visible=catalog_rows,
        indexed=lambda rows: rows.filter(enabled=True),
        keeps=lambda c: c.enabled,
        order=50,
    )
)
register(
    Source(
        key="person",
        model=Person,
        label=_("People"),
        title=lambda p: p.full_name,
        body=lambda p: words(p.job_title, p.department, p.skills),
        url=lambda p: reverse("people:person_detail", args=[p.pk]),
        related=("workspace",),
        order=60,
    )
)
register(
    Source(
        key="team",
        model=Team,
        label=_("Teams"),
        title=lambda t: t.name,
        body=lambda t: words(t.department, t.description),
        # A team has no page of its own: it opens on its workspace's team list.
        url=lambda t: reverse("people:teams", args=[t.workspace.organization.slug, t.workspace.slug]),
        related=("workspace__organization",),
        order=70,
    )
)
register(
    Source(
        key="asset",
        model=Asset,
        label=_("Assets"),
        title=lambda a: f"{a.tag} {a.name}",
        body=lambda a: words(a.category, a.make, a.model_name, a.serial_number, a.home_location),
        url=lambda a: reverse("assets:asset_detail", args=[a.pk]),
        organization_id=lambda a: a.organization_id,
        order=80,
    )
)
register(
    Source(
        key="company",
        model=Company,
        label=_("Companies"),
        title=lambda c: c.name,
        body=lambda c: words(c.get_kind_display(), c.address),
        url=lambda c: reverse("finance:company", args=[c.pk]),
        related=("workspace",),
        order=90,
    )
)
register(
    Source(
        key="contact",
        model=Contact,
        label=_("Contacts"),
        title=lambda c: c.name,
        body=lambda c: words(c.role, c.company.name),
        url=lambda c: reverse("finance:company", args=[c.company_id]),
        workspace_id=lambda c: c.company.workspace_id,
        organization_id=lambda c: c.company.workspace.organization_id,
        related=("company__workspace",),
        follows=((Company, "company"),),
        order=100,
    )
)
register(
    Source(
        key="venue",
        model=Location,
        label=_("Venues"),
        title=str,
        body=lambda v: words(v.get_kind_display(), v.city, v.country, v.address),
        url=lambda v: reverse("locations:detail", args=[v.pk]),
        related=("workspace", "parent"),
        order=110,
    )
)
register(
    Source(
        key="task",
        model=Task,
        label=_("Tasks"),
        title=lambda t: t.title,
        body=lambda t: words(t.production.name, t.description),
        url=lambda t: reverse("productions:task", args=[t.pk]),
        workspace_id=lambda t: t.production.workspace_id,
        organization_id=lambda t: t.production.workspace.organization_id,
        related=("production__workspace",),
        follows=((Production, "production"),),
        order=120,
    )
)
register(
    Source(
        key="file",
        model=Attachment,
        label=_("Files"),
        title=lambda f: f.original_name,
        # "forklift-rider.pdf" is one token to the text parser: the body spells out its words.
        body=lambda f: " ".join(re.split(r"[\W_]+", f.original_name)).strip(),
        url=lambda f: reverse("files:private", args=[f.pk]),
        organization_id=lambda f: f.organization_id,
        indexed=private_files,
        keeps=lambda f: not BUCKETS[f.bucket].public,
        opens=files_you_may_open,
        order=130,
    )
)
register(
    Source(
        key="job_posting",
        model=JobPosting,
        label=_("Job postings"),
        title=lambda p: p.title,
        body=lambda p: words(p.place, p.description),
        url=lambda p: reverse("jobs:posting", args=[p.pk]),
        related=("workspace",),
        order=140,
    )
)
register(
    Source(
        key="contract",
        model=Contract,
        label=_("Contracts"),
        title=lambda c: c.title,
        body=lambda c: words(c.party, c.scope),
        url=lambda c: reverse("jobs:contract", args=[c.pk]),
        related=("workspace", "person", "company"),
        follows=((Company, "company"),),
        order=150,
    )
)
register(
    Source(
        key="material",
        model=Material,
        label=_("Learning materials"),
        title=lambda m: m.title,
        body=lambda m: words(m.get_kind_display(), m.get_category_display(), m.tags, m.description),
        url=lambda m: reverse("resources:material", args=[m.pk]),
        related=("workspace",),
        order=160,
    )
)
register(
    Source(
        key="course",
        model=Course,
        label=_("Courses"),
        title=lambda c: c.title,
        body=lambda c: words(c.get_category_display(), c.summary),
        url=lambda c: reverse("resources:course", args=[c.pk]),
        related=("workspace",),
        order=170,
    )
)
register(
    Source(
        key="grant",
        model=Grant,
        label=_("Grants"),
        title=lambda g: g.title,
        body=lambda g: words(g.funder, g.get_category_display(), g.tags, g.eligibility, g.description),
        url=lambda g: reverse("resources:grant", args=[g.pk]),
        related=("workspace",),
        order=175,
    )
)
register(
    Source(
        key="listing",
        model=Listing,
        label=_("Marketplace listings"),
        title=lambda li: li.title,
        body=lambda li: words(li.get_kind_display(), li.get_category_display(), li.description),
        url=lambda li: reverse("marketplace:listing", args=[li.pk]),
        # A published listing is every signed-in user's to find (no organization cut); a draft its seller's.
        organization_id=lambda li: None if li.is_published else li.workspace.organization_id,
        related=("workspace",),
        order=180,
    )
)
register(
    Source(
        key="community_post",
        model=Post,
        label=_("Community posts"),
        title=lambda p: " ".join(p.body.split())[:80],
        body=lambda p: p.body,
        url=lambda p: reverse("community:post", args=[p.pk]),
        # A public post reaches every organization: no organization in the index's first cut, visible_to decides.
        organization_id=lambda p: None if p.scope == Scope.PUBLIC else p.organization_id,
        order=190,
    )
)
