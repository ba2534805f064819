"""The CRM connection: connect (the token stored encrypted), the deals' workspace, and the sync
itself (run by integrations/crm/tasks.py in Celery, never in a request).

Push is one way: our companies and contacts become (or update) the CRM's, each remembered in a
`CrmRecord` with a digest of what was sent, so a re-push updates instead of duplicating and an
unchanged object is not sent again. Pull: deals created since the last pull become concept
productions in the workspace the admin picked, each deal once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.tenancy.models import Workspace
from finance.models import Company
from productions.services import create_production

from ..crypto import seal
from ..models import Connection, CrmObject, CrmRecord, CrmState, Kind, Provider
from ..services import IntegrationInvalid, _queue_check, _require_admin, credentials
from .base import Deal, adapter_for

# Longer than a sync may run (the task's hard limit), so a crashed worker's lock expires.
LOCK_SECONDS = 600


def crm_connection(organization_id: int) -> Connection | None:
    found = Connection.objects.filter(organization_id=organization_id, kind=Kind.CRM).first()
    return found if found is not None and found.is_connected else None


def state_of(connection: Connection) -> CrmState:
    state, _created = CrmState.objects.get_or_create(connection=connection)
    return state


def connect_crm(organization: Any, *, actor: Any, provider: str, values: dict[str, str]) -> Connection:
    """Store (encrypted) the CRM credentials and switch the connection on; a check is queued."""
    _require_admin(actor, organization)
    if provider != Provider.HUBSPOT:
        raise IntegrationInvalid(_("Pick a provider this kind of integration supports."))
    cleaned = {}
    for name, label, prefixes in adapter_for(provider).fields:
        value = (values.get(name) or "").strip()
        if not value:
            raise IntegrationInvalid(_("Give the %(label)s.") % {"label": label})
        if not value.startswith(prefixes) or len(value) > 255:
            raise IntegrationInvalid(_("That does not look like a %(label)s.") % {"label": label})
        cleaned[name] = value
    with transaction.atomic():
        connection, _created = Connection.objects.select_for_update().get_or_create(
            organization=organization, kind=Kind.CRM, defaults={"provider": provider}
        )
        if connection.provider != provider:  # another CRM's ids mean nothing here
            connection.crm_records.all().delete()
        connection.provider = provider
        connection.secrets = seal(cleaned)
        connection.key_hint = next(iter(cleaned.values()))[-4:]
        connection.enabled = True
        connection.connected_by = actor
        connection.last_error = ""
        connection.last_success_at = None
        connection.save()
        state_of(connection)
        record_activity(connection, actor=actor, verb="integration.connected", data={"provider": provider})
        _queue_check(connection)
    return connection


def set_deals_workspace(connection: Connection, *, actor: Any, workspace_id: int | None) -> CrmState:
    """Where pulled deals land (none: no pull). Deals created from now on are the new ones."""
    _require_admin(actor, connection.organization_id)
    workspace = None
    if workspace_id:
        workspace = Workspace.objects.filter(
            pk=workspace_id, organization_id=connection.organization_id, archived=False
        ).first()
        if workspace is None:
            raise IntegrationInvalid(_("Pick a workspace of this organization."))
    with transaction.atomic():
        state = CrmState.objects.select_for_update().get_or_create(connection=connection)[0]
        if workspace is not None and state.deals_since is None:
            state.deals_since = timezone.now()
        state.deals_workspace = workspace
        state.save()
        record_activity(
            connection, actor=actor, verb="integration.crm_deals_workspace", data={"workspace": workspace_id}
        )
    return state


def request_sync(connection: Connection, *, actor: Any) -> None:
    _require_admin(actor, connection.organization_id)
    if not connection.is_connected:
        raise IntegrationInvalid(_("Connect the provider first."))
    from .tasks import sync_crm

    with transaction.atomic():
        sync_crm.delay_on_commit(connection.pk)


def on_company_saved(event: Any) -> None:
    """In the transaction of a company's (or its contact's) change: its push is queued when the
    organization has a CRM connected (one query when it has none). The intent is an outbox row written
    with the change, so a broker that is down loses no push; the relay sends it after the commit."""
    connection_id = (
        Connection.objects.filter(kind=Kind.CRM, enabled=True, organization__workspaces=event.workspace_id)
        .exclude(secrets="")
        .values_list("pk", flat=True)
        .first()
    )
    if connection_id is not None:
        from .tasks import push_company

        push_company.delay_on_commit(connection_id, event.obj.pk)


# What is sent (only business data of the company and its contacts; the CRM is the org's own).


def company_properties(company: Company) -> dict[str, str]:
    props = {"name": company.name, "phone": company.phone, "address": company.address}
    if company.email and "@" in company.email:
        props["domain"] = company.email.rsplit("@", 1)[1].lower()
    return props


def contact_properties(contact: Any) -> dict[str, str]:
    first, _sep, last = contact.name.strip().partition(" ")
    return {
        "firstname": first,
        "lastname": last,
        "email": contact.email,
        "phone": contact.phone,
        "jobtitle": contact.role,
    }


def digest(properties: dict[str, str], *extra: str) -> str:
    return hashlib.sha256(json.dumps([properties, *extra], sort_keys=True).encode()).hexdigest()


def push_company_now(connection: Connection, company: Company) -> int:
    """Create or update the company and its contacts in the CRM (only what changed since the last
    push); returns how many objects were sent. Raises Refused / Unreachable.

    Call it holding `sync_lock`: each remote id is stored as soon as the CRM gives it (no
    transaction around the calls), so a failure halfway never forgets what was created."""
    adapter, creds = adapter_for(connection.provider), credentials(connection)
    sent = 0
    contacts = list(company.contacts.order_by("pk"))
    records = {
        (r.object_type, r.object_id): r
        for r in CrmRecord.objects.filter(
            Q(object_type=CrmObject.COMPANY, object_id=company.pk)
            | Q(object_type=CrmObject.CONTACT, object_id__in=[c.pk for c in contacts]),
            connection=connection,
        )
    }
    company_record = records.get((CrmObject.COMPANY, company.pk))
    props = company_properties(company)
    if company_record is None or company_record.digest != digest(props):
        remote = adapter.push(creds, "company", company_record.remote_id if company_record else "", props)
        company_record = _remember(connection, CrmObject.COMPANY, company.pk, remote, digest(props))
        sent += 1
    for contact in contacts:
        record = records.get((CrmObject.CONTACT, contact.pk))
        props = contact_properties(contact)
        # The company's remote id is in the digest: a contact is associated again if that changed.
        mark = digest(props, company_record.remote_id)
        if record is not None and record.digest == mark:
            continue
        remote = adapter.push(creds, "contact", record.remote_id if record else "", props)
        # Stored before the association: a failed association is retried without a second contact.
        _remember(connection, CrmObject.CONTACT, contact.pk, remote, "")
        adapter.associate(creds, remote, company_record.remote_id)
        _remember(connection, CrmObject.CONTACT, contact.pk, remote, mark)
        sent += 1
    return sent


@contextmanager
def sync_lock(connection: Connection) -> Iterator[bool]:
    """One push or pull per connection at a time (two tasks never both create the same company):
    yields False when another holds it. In the cache (Redis), so no transaction spans the calls."""
    key = f"integrations:crm-sync:{connection.pk}"
    taken = cache.add(key, "1", timeout=LOCK_SECONDS)
    try:
        yield taken
    finally:
        if taken:
            cache.delete(key)


def _remember(connection: Connection, object_type: str, object_id: int, remote_id: str, mark: str) -> CrmRecord:
    record, _created = CrmRecord.objects.update_or_create(
        connection=connection,
        object_type=object_type,
        object_id=object_id,
        defaults={"remote_id": remote_id, "digest": mark},
    )
    return record


def companies_of(connection: Connection) -> Any:
    return Company.objects.filter(workspace__organization_id=connection.organization_id).order_by("pk")


def pull_deals_now(connection: Connection) -> int:
    """New deals become concept productions in the picked workspace, each once; returns how many."""
    state = state_of(connection)
    if state.deals_workspace_id is None or state.deals_since is None or connection.connected_by is None:
        return 0
    deals = adapter_for(connection.provider).new_deals(credentials(connection), state.deals_since)
    made = 0
    cursor = state.deals_since
    for deal in deals:
        if _production_from(connection, state, deal):
            made += 1
        if deal.created_at and deal.created_at > cursor:
            cursor = deal.created_at
    # HubSpot's search filter is strict (GT): the cursor never skips a deal made in the same instant
    # as the last one taken, since each deal's id is remembered anyway.
    CrmState.objects.filter(pk=state.pk).update(deals_since=cursor - timedelta(milliseconds=1))
    return made


def _production_from(connection: Connection, state: CrmState, deal: Deal) -> bool:
    if CrmRecord.objects.filter(connection=connection, object_type=CrmObject.DEAL, remote_id=deal.id).exists():
        return False
    workspace, actor = state.deals_workspace, connection.connected_by
    if workspace is None or actor is None:
        return False
    description = _("From HubSpot deal %(id)s.") % {"id": deal.id}
    if deal.amount is not None:
        description += " " + _("Amount: %(amount)s.") % {"amount": deal.amount}
    fields: dict[str, Any] = {"description": description}
    if deal.close_date:
        fields["start_date"] = deal.close_date
    try:
        with transaction.atomic():
            production = create_production(
                actor=actor,
                workspace=workspace,
                name=(deal.name or _("HubSpot deal %(id)s") % {"id": deal.id})[:200],
                **fields,
            )
            CrmRecord.objects.create(
                connection=connection, object_type=CrmObject.DEAL, object_id=production.pk, remote_id=deal.id
            )
    except IntegrityError:  # another pull took it meanwhile
        return False
    return True


def finish_sync(connection: Connection, *, pushed: bool = False, pulled: bool = False, error: str = "") -> None:
    now: datetime = timezone.now()
    values: dict[str, Any] = {"last_sync_error": error}
    if pushed:
        values["last_push_at"] = now
    if pulled:
        values["last_pull_at"] = now
    CrmState.objects.filter(connection=connection).update(**values)
