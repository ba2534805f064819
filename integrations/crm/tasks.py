"""The CRM's provider calls, in Celery (retries with back-off when HubSpot could not be asked; a
refusal is written on the card where the admin reads it). Queued after commit: a company's save
queues its push; beat runs `sync_all_crm` every 15 minutes; "Sync now" queues `sync_crm`."""

from celery import shared_task
from django.core.exceptions import PermissionDenied

from dragonfly.core.errors import DomainError
from dragonfly.notifications.outbox import OutboxTask

from ..calls import RETRIES, provider_call, retry_later

LIMITS = {"soft_time_limit": 300, "time_limit": 360}


def _connected(connection_id):
    from ..models import Connection

    connection = Connection.objects.select_related("connected_by").filter(pk=connection_id).first()
    return connection if connection is not None and connection.is_connected else None


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, soft_time_limit=60, time_limit=90)
def check_crm(self, connection_id):
    """Ask the CRM whether the stored token works; the outcome is the connection's last check."""
    from .. import services
    from .base import adapter_for

    connection = _connected(connection_id)
    if connection is None:
        return None
    return provider_call(
        self,
        lambda: adapter_for(connection.provider).check(services.credentials(connection)),
        lambda error: services.finish_check(connection, error=error),
        lambda _: services.finish_check(connection),
    )


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, **LIMITS)
def push_company(self, connection_id, company_id):
    """Push one company and its contacts (after its save; its intent is an outbox row written with the save)."""
    from finance.models import Company

    from . import services

    connection = _connected(connection_id)
    company = Company.objects.filter(
        pk=company_id, workspace__organization_id=getattr(connection, "organization_id", None)
    ).first()
    if connection is None or company is None:
        return None
    with services.sync_lock(connection) as taken:
        if not taken:  # a sync of this connection runs: this push comes after it
            raise self.retry(countdown=30)
        return provider_call(
            self,
            lambda: services.push_company_now(connection, company),
            lambda error: services.finish_sync(connection, error=error),
            lambda _: services.finish_sync(connection, pushed=True),
        )


@shared_task(bind=True, base=OutboxTask, max_retries=RETRIES, **LIMITS)
def sync_crm(self, connection_id):
    """Push every company that changed since its last push, then pull the new deals."""
    from . import services
    from .base import Refused, Unreachable

    connection = _connected(connection_id)
    if connection is None:
        return None
    with services.sync_lock(connection) as taken:
        if not taken:
            raise self.retry(countdown=30)
        try:
            for company in services.companies_of(connection).prefetch_related("contacts"):
                services.push_company_now(connection, company)
            services.finish_sync(connection, pushed=True)
            services.pull_deals_now(connection)
        except Refused as exc:
            services.finish_sync(connection, error=str(exc))
            return "refused"
        except (DomainError, PermissionDenied) as exc:  # productions refused a deal (a lost role, …)
            services.finish_sync(connection, error=str(exc))
            return "refused"
        except Unreachable as exc:
            retry_later(self, exc)
            services.finish_sync(connection, error=str(exc))
            return "unreachable"
    services.finish_sync(connection, pulled=True)
    return "ok"


@shared_task
def sync_all_crm():
    from ..models import Connection, Kind

    ids = Connection.objects.filter(kind=Kind.CRM, enabled=True).exclude(secrets="").values_list("pk", flat=True)
    for pk in ids:
        sync_crm.delay(pk)
    return len(ids)
