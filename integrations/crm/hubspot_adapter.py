"""HubSpot through its official SDK (`hubspot-api-client`): CRM v3 objects (companies, contacts,
deals search) and the v4 default association of a contact with its company.

The credential is a private app's access token (pat-…) with the scopes crm.objects.companies,
crm.objects.contacts and crm.objects.deals (read and write). `settings.HUBSPOT_API_BASE` points the
SDK elsewhere (a local stub in tests); blank is HubSpot itself."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import urllib3
from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from hubspot import Client
from hubspot.crm.companies import SimplePublicObjectInput as CompanyInput
from hubspot.crm.companies import SimplePublicObjectInputForCreate as CompanyCreate
from hubspot.crm.contacts import SimplePublicObjectInput as ContactInput
from hubspot.crm.contacts import SimplePublicObjectInputForCreate as ContactCreate
from hubspot.crm.deals import Filter, FilterGroup, PublicObjectSearchRequest
from urllib3.util.retry import Retry

from .base import Deal, Refused, Unreachable

PAGE = 100
EXISTING = re.compile(r"Existing ID: (\d+)")
MAX_PAGES = 20  # a pull takes at most 2,000 deals; the rest come with the next one


def _message(exc: Any) -> str:
    """HubSpot's own words from an error body ({"status": "error", "message": …})."""
    try:
        return str(json.loads(exc.body or b"{}").get("message") or exc.reason or "")[:300]
    except (TypeError, ValueError, AttributeError):
        return str(getattr(exc, "reason", "") or "")[:300]


class HubSpotAdapter:
    provider = "hubspot"
    fields = (("access_token", gettext_lazy("Private app access token (pat-…)"), ("pat-",)),)

    def _client(self, credentials: dict[str, Any]) -> Client:
        config: dict[str, Any] = {"access_token": credentials.get("access_token", ""), "retry": Retry(total=0)}
        if settings.HUBSPOT_API_BASE:
            config["host"] = settings.HUBSPOT_API_BASE.rstrip("/")
        return Client.create(**config)

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, _request_timeout=settings.INTEGRATIONS_TIMEOUT, **kwargs)
        except urllib3.exceptions.HTTPError as exc:
            raise Unreachable(_("HubSpot could not be reached: %(error)s") % {"error": exc}) from exc
        except Exception as exc:
            status = getattr(exc, "status", None)
            if not isinstance(status, int):  # not the SDK's ApiException: a bug of ours, not HubSpot's
                raise
            message = _message(exc)
            if status in (401, 403):
                raise Refused(_("HubSpot refused the access token: %(message)s") % {"message": message}) from exc
            if status == 429 or status >= 500:
                raise Unreachable(_("HubSpot is unavailable (%(status)s).") % {"status": status}) from exc
            raise Refused(_("HubSpot refused the request: %(message)s") % {"message": message}) from exc

    def check(self, credentials: dict[str, Any]) -> str:
        self._call(self._client(credentials).crm.companies.basic_api.get_page, limit=1)
        return "ok"

    def push(self, credentials: dict[str, Any], object_type: str, remote_id: str, properties: dict[str, str]) -> str:
        crm = self._client(credentials).crm
        if object_type == "company":
            api = crm.companies.basic_api
            if remote_id:
                self._call(api.update, remote_id, CompanyInput(properties=properties))
                return remote_id
            return str(self._call(api.create, CompanyCreate(properties=properties)).id)
        api = crm.contacts.basic_api
        if not remote_id:
            try:
                return str(self._call(api.create, ContactCreate(properties=properties)).id)
            except Refused as exc:
                # HubSpot keeps one contact per email: one made by hand there is updated instead.
                existing = EXISTING.search(str(exc))
                if existing is None:
                    raise
                remote_id = existing.group(1)
        self._call(api.update, remote_id, ContactInput(properties=properties))
        return remote_id

    def associate(self, credentials: dict[str, Any], contact_id: str, company_id: str) -> None:
        api = self._client(credentials).crm.associations.v4.basic_api
        self._call(api.create_default, "contacts", contact_id, "companies", company_id)

    def new_deals(self, credentials: dict[str, Any], since: datetime) -> list[Deal]:
        api = self._client(credentials).crm.deals.search_api
        after = None
        deals: list[Deal] = []
        for _page in range(MAX_PAGES):
            request = PublicObjectSearchRequest(
                filter_groups=[
                    FilterGroup(
                        filters=[
                            Filter(property_name="createdate", operator="GT", value=str(int(since.timestamp() * 1000)))
                        ]
                    )
                ],
                sorts=["createdate"],
                properties=["dealname", "amount", "closedate", "createdate"],
                limit=PAGE,
                after=after,
            )
            page = self._call(api.do_search, public_object_search_request=request)
            deals.extend(_deal(row) for row in page.results or [])
            after = page.paging.next.after if page.paging and page.paging.next else None
            if not after:
                break
        return deals


def _deal(row: Any) -> Deal:
    props = row.properties or {}
    amount = None
    with contextlib.suppress(InvalidOperation):
        amount = Decimal(props["amount"]) if props.get("amount") else None
    close = parse_datetime(props.get("closedate") or "")
    created = row.created_at or parse_datetime(props.get("createdate") or "") or datetime.now(UTC)
    return Deal(
        id=str(row.id),
        name=(props.get("dealname") or "").strip(),
        created_at=created,
        amount=amount,
        close_date=close.date() if close else _date(props.get("closedate")),
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
