"""Companies, their contacts and documents, and the Merchant ↔ company link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from dragonfly.core.events import publish
from dragonfly.files.services import store_upload
from dragonfly.tenancy.access import clear_access, get_access
from dragonfly.tenancy.roles import Role

from ..errors import FinanceInvalid
from ..models import Company, CompanyKind, Contact
from ..models.budgets import BUDGET_CATEGORIES
from ._common import record, require

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import UploadedFile

    from dragonfly.files.models import Attachment
    from dragonfly.tenancy.models import Workspace

FIELDS = (
    "name",
    "kind",
    "tax_id",
    "address",
    "email",
    "phone",
    "payment_terms_days",
    "preferred_categories",
    "rating",
    "notes",
    "active",
)


def create_company(*, actor: User, workspace: Workspace, **fields: Any) -> Company:
    require(actor, "finance.add_company", workspace, _("Your role does not let you add companies here."))
    values = _clean(fields)
    try:
        with transaction.atomic():
            company = Company.objects.create(workspace=workspace, **values)
            entry = record(company, actor=actor, verb="company.created", data={"kind": company.kind})
            publish("company.saved", company, actor=actor, entry=entry)
    except IntegrityError:
        raise FinanceInvalid(
            _("This workspace already has a company called “%(name)s”.") % {"name": values["name"]}
        ) from None
    return company


def update_company(company: Company, *, actor: User, **fields: Any) -> Company:
    require(actor, "finance.change_company", company, _("You may not change this company."))
    current = {key: getattr(company, key) for key in FIELDS}
    current.update(fields)
    values = _clean(current)
    changed = [key for key, value in values.items() if getattr(company, key) != value]
    for key, value in values.items():
        setattr(company, key, value)
    try:
        with transaction.atomic():
            company.save()
            entry = record(company, actor=actor, verb="company.edited", data={"changed": changed})
            publish("company.saved", company, actor=actor, entry=entry, data={"changed": changed})
    except IntegrityError:
        raise FinanceInvalid(
            _("This workspace already has a company called “%(name)s”.") % {"name": values["name"]}
        ) from None
    return company


def save_contact(
    company: Company,
    *,
    actor: User,
    name: str | None,
    role: str | None = "",
    email: str | None = "",
    phone: str | None = "",
    contact: Contact | None = None,
) -> Contact:
    require(actor, "finance.change_company", company, _("You may not change this company's contacts."))
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise FinanceInvalid(_("Give the contact a name of at most 200 characters."))
    with transaction.atomic():
        if contact is None:
            contact = Contact(company=company)
        elif contact.company_id != company.pk:
            raise FinanceInvalid(_("This contact belongs to another company."))
        contact.name, contact.role = name, (role or "").strip()[:120]
        contact.email, contact.phone = (email or "").strip(), (phone or "").strip()[:40]
        contact.save()
        entry = record(company, actor=actor, verb="company.contact_saved", data={"contact": contact.pk, "name": name})
        publish("company.saved", company, actor=actor, entry=entry, data={"contact": contact.pk})
    return contact


def update_contact(contact: Contact, *, actor: User, **changes: Any) -> Contact:
    """Change some of a contact's fields; the others keep their value."""
    current = {"name": contact.name, "role": contact.role, "email": contact.email, "phone": contact.phone}
    return save_contact(contact.company, actor=actor, contact=contact, **{**current, **changes})


def delete_contact(contact: Contact, *, actor: User) -> None:
    company = contact.company
    require(actor, "finance.change_company", company, _("You may not change this company's contacts."))
    with transaction.atomic():
        if contact.user_id:
            _unlink(contact)
        record(company, actor=actor, verb="company.contact_deleted", data={"name": contact.name})
        contact.delete()


def link_merchant(contact: Contact, *, actor: User, user: User | None) -> Contact:
    """Give a Merchant login to a contact: that user then sees this company's purchase orders and
    invoices (and nothing else of finance). A Merchant represents one company."""
    company = contact.company
    require(actor, "finance.change_company", company, _("You may not change this company's contacts."))
    if user is None:
        with transaction.atomic():
            _unlink(contact)
            record(company, actor=actor, verb="company.merchant_unlinked", data={"contact": contact.pk})
        return contact
    role = get_access(user).role_in(company.workspace)
    if role != Role.MERCHANT:
        raise FinanceInvalid(_("Only a Merchant of this workspace can be linked to a company."))
    other = Contact.objects.filter(user=user).exclude(pk=contact.pk).select_related("company").first()
    if other is not None:
        raise FinanceInvalid(
            _("%(username)s already represents %(company)s.")
            % {"username": user.get_username(), "company": other.company}
        )
    with transaction.atomic():
        if contact.user_id and contact.user_id != user.pk:
            _unlink(contact)
        contact.user = user
        contact.save(update_fields=["user"])
        # The grant opens the Finance module for them (navigation reads grants); what they see
        # inside it is decided by the link itself (finance/merchants.py).
        assign_perm("finance.view_company", user, company)
        clear_access(user)
        record(company, actor=actor, verb="company.merchant_linked", data={"contact": contact.pk, "user": user.pk})
    return contact


def _unlink(contact):
    if contact.user_id:
        user = contact.user
        remove_perm("finance.view_company", user, contact.company)
        contact.user = None
        contact.save(update_fields=["user"])
        clear_access(user)


def add_document(company: Company, upload: UploadedFile, *, actor: User) -> Attachment:
    """A contract or certificate of the company: the contracts bucket, organization admins only."""
    require(actor, "finance.change_company", company, _("You may not change this company."))
    attachment = store_upload(
        upload, bucket="contracts", actor=actor, organization=company.workspace.organization, attach_to=company
    )
    with transaction.atomic():
        record(company, actor=actor, verb="company.document_added", data={"file": attachment.original_name})
    return attachment


def _clean(fields):
    values = {key: fields.get(key) for key in FIELDS if key in fields}
    name = (values.get("name") or "").strip()
    if not name or len(name) > 200:
        raise FinanceInvalid(_("Give the company a name of at most 200 characters."))
    values["name"] = name
    values["kind"] = values.get("kind") or CompanyKind.VENDOR
    if values["kind"] not in CompanyKind.values:
        raise FinanceInvalid(_("Pick what kind of company this is."))
    categories = list(values.get("preferred_categories") or [])
    unknown = [c for c in categories if c not in BUDGET_CATEGORIES]
    if unknown:
        raise FinanceInvalid(_("Unknown categories: %(names)s.") % {"names": ", ".join(unknown)})
    values["preferred_categories"] = sorted(set(categories), key=BUDGET_CATEGORIES.index)
    rating = values.get("rating")
    if rating in ("", None):
        values["rating"] = None
    elif not (isinstance(rating, int) and 1 <= rating <= 5):
        raise FinanceInvalid(_("Give a rating from 1 to 5."))
    terms = values.get("payment_terms_days")
    values["payment_terms_days"] = 30 if terms in (None, "") else terms
    if not (isinstance(values["payment_terms_days"], int) and 0 <= values["payment_terms_days"] <= 365):
        raise FinanceInvalid(_("Payment terms must be between 0 and 365 days."))
    for key in ("tax_id", "address", "email", "phone", "notes"):
        values[key] = (values.get(key) or "").strip()
    values["tax_id"], values["phone"] = values["tax_id"][:60], values["phone"][:40]
    values["active"] = True if values.get("active") is None else bool(values["active"])
    return values
