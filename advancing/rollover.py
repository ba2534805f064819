"""Rolling a workspace's advances (a festival edition) over to another workspace of the organization
(next year's), as drafts.

`request_rollover` checks who asks and what (now, so a refusal is immediate), keeps a `Rollover` row and
queues the Celery task after the commit (through the outbox); `run_rollover` (the task) copies each
advance the requester may see in the source through `services.create_advance`, recording the copy in
a `RolloverCopy` that is unique per (source advance, target workspace): a second run, or two at once,
copies nothing twice. The requester is told when it is done (notify()) and reads the summary on its page.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragonfly.activity.services import record_activity
from dragonfly.notifications.services import notify
from dragonfly.tenancy.access import mail_language, require
from productions.models import Production

from . import services
from .errors import AdvanceInvalid, DomainError
from .models import Advance, AdvanceStatus, Rollover, RolloverCopy, RolloverStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from dragonfly.tenancy.models import Workspace

MAX_SHIFT_DAYS = 3660
NOT_COPIED = (AdvanceStatus.CANCELLED, AdvanceStatus.REJECTED)


def request_rollover(
    source_workspace: Workspace, *, actor: User, target_workspace: Workspace, shift_days: int = 0
) -> Rollover:
    """Queue the roll-over of `source_workspace`'s advances into `target_workspace` (same organization;
    the actor reads the source and creates advances in the target)."""
    require(actor, "advancing.view_advance", source_workspace, _("Your role does not read the advances here."))
    if target_workspace.organization_id != source_workspace.organization_id:
        raise AdvanceInvalid(_("Roll over into a workspace of the same organization."))
    if target_workspace.pk == source_workspace.pk:
        raise AdvanceInvalid(_("Pick another workspace than the one the advances are in."))
    require(
        actor,
        "advancing.add_advance",
        target_workspace,
        _("Your role does not let you create advances in that workspace."),
    )
    if target_workspace.archived:
        raise AdvanceInvalid(_("That workspace is archived; it takes no new advances."))
    try:
        shift = int(shift_days or 0)
    except (TypeError, ValueError):
        raise AdvanceInvalid(_("The date shift is a whole number of days.")) from None
    if abs(shift) > MAX_SHIFT_DAYS:
        raise AdvanceInvalid(_("Shift dates by at most %(max)s days.") % {"max": MAX_SHIFT_DAYS})
    from .tasks import roll_over_advances

    rollover = Rollover(
        organization_id=source_workspace.organization_id,
        source_workspace=source_workspace,
        workspace=target_workspace,
        shift_days=shift,
        requested_by=actor,
    )
    with transaction.atomic():
        rollover.save()
        record_activity(
            rollover,
            actor=actor,
            verb="advance.rollover_requested",
            data={"source_workspace": source_workspace.pk, "shift_days": shift},
        )
        roll_over_advances.delay_on_commit(rollover.pk)
    return rollover


def run_rollover(rollover_id: int) -> Rollover | None:
    """Copy what is not copied yet; safe to run twice (a finished roll-over is left as it is)."""
    rollover = (
        Rollover.objects.select_related("requested_by", "workspace__organization", "source_workspace")
        .filter(pk=rollover_id)
        .first()
    )
    if rollover is None or rollover.status == RolloverStatus.DONE:
        return rollover
    Rollover.objects.filter(pk=rollover.pk).update(status=RolloverStatus.RUNNING)
    actor = rollover.requested_by
    try:
        with translation.override(mail_language(actor)):
            copied, skipped, notes = _copy_all(rollover, actor)
    except Exception as exc:  # the copies made stand (a retry skips them); the page says it stopped
        Rollover.objects.filter(pk=rollover.pk).update(
            status=RolloverStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    rollover.status, rollover.copied, rollover.finished_at = RolloverStatus.DONE, copied, timezone.now()
    rollover.skipped, rollover.notes = skipped, notes
    with transaction.atomic():
        rollover.save(update_fields=["status", "copied", "skipped", "notes", "finished_at"])
        _tell(rollover)
    return rollover


def _copy_all(rollover, actor):
    target = rollover.workspace
    sources = (
        Advance.objects.visible_to(actor)
        .filter(workspace=rollover.source_workspace)
        .select_related("production")
        .prefetch_related("items__catalog_item")
        .order_by("id")
    )
    done = set(RolloverCopy.objects.filter(workspace=target).values_list("source_id", flat=True))
    productions = _productions_by_name(actor, target)
    copied, skipped, notes = 0, [], []
    for advance in sources.iterator(chunk_size=200):
        label = f"#{advance.pk} {advance.activation_name or _('Untitled advance')}"

        def skip(reason, advance=advance, label=label):
            skipped.append({"advance": advance.pk, "label": label, "reason": reason})

        if advance.pk in done:
            skip(_("Already rolled over into this workspace."))
            continue
        if advance.status in NOT_COPIED:
            skip(_("It was %(status)s.") % {"status": advance.get_status_display().lower()})
            continue
        items, dropped = _lines(advance)
        if not items:
            skip(_("None of its lines is still offered in the catalog."))
            continue
        production = _match(advance.production, productions, rollover.shift_days)
        try:
            with transaction.atomic():
                copy = services.create_advance(
                    actor=actor,
                    workspace=target,
                    production=production,
                    team_workspace=advance.team_workspace,
                    activation_name=advance.activation_name,
                    items=items,
                    currency=advance.currency,
                )
                copy.metadata = {**copy.metadata, "rolled_over_from": advance.pk, "shift_days": rollover.shift_days}
                copy.save(update_fields=["metadata", "updated_at"])
                RolloverCopy.objects.create(source=advance, workspace=target, copy=copy, rollover=rollover)
        except IntegrityError:  # a roll-over running at the same time copied it first
            skip(_("Already rolled over into this workspace."))
            continue
        except (DomainError, PermissionDenied) as exc:
            skip(str(exc))
            continue
        copied += 1
        if advance.production_id and production is None:
            notes.append(
                {
                    "advance": copy.pk,
                    "label": label,
                    "note": _("No production named “%(name)s” in the target workspace: left unset.")
                    % {"name": advance.production.name},
                }
            )
        if advance.event_id:  # the source's show day is in the source workspace: the copy picks its own
            notes.append(
                {
                    "advance": copy.pk,
                    "label": label,
                    "note": _("Its show day stays with the original: pick the copy's on its form."),
                }
            )
        for name in dropped:
            notes.append(
                {
                    "advance": copy.pk,
                    "label": label,
                    "note": _("“%(name)s” is no longer offered in the catalog: left out.") % {"name": name},
                }
            )
    return copied, skipped, notes


def _lines(advance):
    items, dropped = [], []
    for item in advance.items.all():
        if item.catalog_item is not None and not item.catalog_item.enabled:
            dropped.append(item.name)
            continue
        items.append(
            {
                "catalog_item": item.catalog_item,
                "name": item.name,
                "unit": item.unit,
                "quantity": item.quantity,
                "unit_cost": item.unit_cost,
                "notes": item.notes,
                "description": item.description,
                "procurement": item.procurement,
            }
        )
    return items, dropped


def _productions_by_name(actor, workspace):
    found: dict[str, list[Production]] = {}
    for production in Production.objects.visible_to(actor).filter(workspace=workspace).order_by("start_date", "pk"):
        found.setdefault(production.name.strip().lower(), []).append(production)
    return found


def _match(production, productions, shift_days):
    """The target's production of the same name; of several, the one starting `shift_days` after it."""
    if production is None:
        return None
    candidates = productions.get(production.name.strip().lower(), [])
    if len(candidates) > 1 and production.start_date is not None:
        moved = production.start_date + datetime.timedelta(days=shift_days)
        for candidate in candidates:
            if candidate.start_date == moved:
                return candidate
    return candidates[0] if candidates else None


def _tell(rollover):
    skipped = len(rollover.skipped)
    source, target = rollover.source_workspace.name, rollover.workspace.name

    def title():
        return _("Roll-over into %(target)s done") % {"target": target}

    def body():
        copied = ngettext(
            "%(n)s advance of %(source)s copied as a draft",
            "%(n)s advances of %(source)s copied as drafts",
            rollover.copied,
        ) % {"n": rollover.copied, "source": source}
        return copied + "; " + ngettext("%(n)s skipped.", "%(n)s skipped.", skipped) % {"n": skipped}

    notify(
        [rollover.requested_by],
        kind="advance.rollover",
        title=title,
        body=body,
        url=reverse("advancing:rollover", args=[rollover.pk]),
        workspace=rollover.workspace,
        trigger="advance.rollover_done",
        dedupe_key=f"advance-rollover:{rollover.pk}",
    )
