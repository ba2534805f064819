"""Framework agreements: a vendor's rates for a period, the signed contract, and the rates a purchase
order citing the agreement takes (an agreement no longer in force cannot be cited)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import local_today

from ..errors import FinanceInvalid
from ..models import Agreement, AgreementRate, Company
from ..money import amount
from ._common import record, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.files.models import Attachment
    from dragonfly.tenancy.models import Workspace

MAX_RATES = 200
HEADER = ("title", "reference", "valid_from", "valid_to", "remind_days", "notes")


def create_agreement(
    *,
    actor: User,
    workspace: Workspace,
    vendor: Company | None,
    rates: Iterable[Mapping[str, Any]] = (),
    **fields: Any,
) -> Agreement:
    require(actor, "finance.add_agreement", workspace, _("Your role does not let you record agreements here."))
    agreement = Agreement(workspace=workspace, currency=workspace.organization.currency, created_by=actor)
    _fill(agreement, vendor, fields)
    built = build_rates(rates)
    with transaction.atomic():
        agreement.save()
        _replace_rates(agreement, built)
        record(agreement, actor=actor, verb="agreement.created", data={"rates": len(built)})
    return agreement


def update_agreement(
    agreement: Agreement, *, actor: User, rates: Iterable[Mapping[str, Any]] | None = None, **fields: Any
) -> Agreement:
    require(actor, "finance.change_agreement", agreement, _("You may not change this agreement."))
    vendor = fields.pop("vendor", agreement.vendor)
    current = {key: getattr(agreement, key) for key in HEADER}
    _fill(agreement, vendor, {**current, **fields})
    with transaction.atomic():
        agreement.save()
        if rates is not None:
            _replace_rates(agreement, build_rates(rates))
        record(agreement, actor=actor, verb="agreement.edited", data={"fields": sorted(fields)})
    return agreement


def add_signed_document(agreement: Agreement, upload: UploadedFile, *, actor: User) -> Attachment:
    """The signed contract: the contracts bucket (organization admins only)."""
    require(actor, "finance.change_agreement", agreement, _("You may not change this agreement."))
    attachment = store_upload(
        upload,
        bucket="contracts",
        actor=actor,
        organization=agreement.workspace.organization,
        attach_to=agreement,
    )
    with transaction.atomic():
        agreement.signed_document = attachment
        agreement.save(update_fields=["signed_document", "updated_at"])
        record(agreement, actor=actor, verb="agreement.document_added", data={"file": attachment.original_name})
    return attachment


def build_rates(raw_rates: Iterable[Mapping[str, Any]]) -> list[AgreementRate]:
    raw_rates = list(raw_rates)
    if len(raw_rates) > MAX_RATES:
        raise FinanceInvalid(_("An agreement holds at most %(max_rates)s rates.") % {"max_rates": MAX_RATES})
    rates = []
    for position, raw in enumerate(raw_rates, start=1):
        catalog = raw.get("catalog_item")
        description = (raw.get("description") or (catalog.name if catalog else "")).strip()
        if not description:
            raise FinanceInvalid(_("Rate %(number)s: say what it is for.") % {"number": position})
        price = amount(raw.get("unit_price"), _("Rate %(number)s: the unit price") % {"number": position})
        unit = (raw.get("unit") or (catalog.standard_unit if catalog else "")).strip()[:40]
        rates.append(
            AgreementRate(
                catalog_item=catalog, description=description[:300], unit=unit, unit_price=price, position=position
            )
        )
    return rates


def check_citable(agreement: Agreement, *, workspace: Workspace, vendor: Company | None) -> None:
    """Refuse an agreement a purchase order may not cite: another workspace's or vendor's, or not in force."""
    if agreement.workspace_id != workspace.pk:
        raise FinanceInvalid(_("Pick an agreement of this workspace."))
    if vendor is not None and agreement.vendor_id != vendor.pk:
        raise FinanceInvalid(
            _("The agreement “%(title)s” is with %(vendor)s, not with this order's vendor.")
            % {"title": agreement.title, "vendor": agreement.vendor}
        )
    today = local_today(workspace)
    if agreement.valid_to < today:
        raise FinanceInvalid(
            _("The agreement “%(title)s” expired on %(date)s; it cannot be cited.")
            % {"title": agreement.title, "date": date_format(agreement.valid_to, "DATE_FORMAT")}
        )
    if agreement.valid_from > today:
        raise FinanceInvalid(
            _("The agreement “%(title)s” starts on %(date)s; it cannot be cited yet.")
            % {"title": agreement.title, "date": date_format(agreement.valid_from, "DATE_FORMAT")}
        )


def with_agreement_rates(agreement: Agreement, lines: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The order's lines with the agreement's price on every line that is one of its rates."""
    rates = list(agreement.rates.all())
    priced = []
    for raw in lines:
        raw = dict(raw)
        catalog = raw.get("catalog_item")
        rate = next((r for r in rates if r.matches(getattr(catalog, "pk", None), raw.get("description") or "")), None)
        if rate is not None:
            raw["unit_price"] = rate.unit_price
            raw["description"] = raw.get("description") or rate.description
            raw["unit"] = raw.get("unit") or rate.unit
        priced.append(raw)
    return priced


def expiring_agreements(today: datetime.date | None = None) -> list[Agreement]:
    """Agreements whose reminder window has begun and that have not ended, each on its organization's
    today unless `today` is given (what the daily task reads)."""
    rough = today or datetime.date.today()
    window = (rough - datetime.timedelta(days=1), rough + datetime.timedelta(days=366))  # the longest reminder
    candidates = Agreement.objects.filter(valid_to__range=window).select_related("workspace__organization", "vendor")
    due = []
    for agreement in candidates:
        day = today or local_today(agreement.workspace)
        if 0 <= (agreement.valid_to - day).days <= agreement.remind_days:
            due.append(agreement)
    return due


def _fill(agreement, vendor, fields):
    if not isinstance(vendor, Company) or vendor.workspace_id != agreement.workspace_id:
        raise FinanceInvalid(_("Pick a vendor of this workspace."))
    agreement.vendor = vendor
    title = (fields.get("title") or "").strip()
    if not title or len(title) > 200:
        raise FinanceInvalid(_("Give the agreement a title of at most 200 characters."))
    agreement.title = title
    agreement.reference = (fields.get("reference") or "").strip()[:60]
    agreement.notes = (fields.get("notes") or "").strip()
    valid_from, valid_to = fields.get("valid_from"), fields.get("valid_to")
    if valid_from is None or valid_to is None:
        raise FinanceInvalid(_("Say from when and until when the agreement holds."))
    if valid_to < valid_from:
        raise FinanceInvalid(_("The agreement cannot end before it starts."))
    agreement.valid_from, agreement.valid_to = valid_from, valid_to
    remind = fields.get("remind_days")
    remind = 30 if remind in (None, "") else remind
    if not isinstance(remind, int) or not 0 <= remind <= 365:
        raise FinanceInvalid(_("The renewal reminder comes 0 to 365 days before the end."))
    agreement.remind_days = remind


def _replace_rates(agreement, rates):
    agreement.rates.all().delete()
    for rate in rates:
        rate.agreement = agreement
    AgreementRate.objects.bulk_create(rates)
