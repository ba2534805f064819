"""Which account of the organization's ledger each of our categories books to.

Categories are the budget categories (expenses use the same list) plus two defaults: "sales" for
client invoices and "purchases" for whatever cost has no mapping of its own. An unmapped category
falls back to "purchases"; an unmapped "sales"/"purchases" to Xero's standard chart (200 Sales,
300 Purchases) with Xero's tax types OUTPUT / INPUT."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from dragonfly.activity.services import record_activity
from dragonfly.core.errors import DomainError
from dragonfly.tenancy.access import is_org_admin
from finance.models.budgets import BUDGET_CATEGORIES

from ..models import AccountMapping

SALES = "sales"
PURCHASES = "purchases"
DEFAULTS = {SALES: ("200", "OUTPUT"), PURCHASES: ("300", "INPUT")}
# What a ledger accepts as an account code or a tax type name (no formulas, no separators of CSV).
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,29}$")
TAX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/%()-]{0,59}$")


class MappingInvalid(DomainError):
    pass


@dataclass(frozen=True)
class Account:
    code: str
    tax_type: str


def categories() -> list[str]:
    """Every category an admin can map, the two defaults first."""
    return [SALES, PURCHASES, *BUDGET_CATEGORIES]


class Chart:
    """The organization's mapping, read once per export: `for_category` never queries again."""

    def __init__(self, organization_id: int) -> None:
        self.rows = {
            m.category: Account(m.account_code, m.tax_type)
            for m in AccountMapping.objects.filter(organization_id=organization_id)
        }

    def _default(self, key: str) -> Account:
        code, tax = DEFAULTS[key]
        found = self.rows.get(key)
        return Account(found.code, found.tax_type or tax) if found else Account(code, tax)

    def sales(self) -> Account:
        return self._default(SALES)

    def for_category(self, category: str | None) -> Account:
        """A cost's account: its category's, else the purchases default (its tax type too when blank)."""
        fallback = self._default(PURCHASES)
        found = self.rows.get(category or "")
        if found is None:
            return fallback
        return Account(found.code, found.tax_type or fallback.tax_type)


def current(organization: Any) -> dict[str, AccountMapping]:
    return {m.category: m for m in AccountMapping.objects.filter(organization=organization)}


def save_mapping(organization: Any, *, actor: Any, rows: list[dict[str, str]]) -> int:
    """Replace the organization's mapping with `rows` ({category, account_code, tax_type}); a row
    without an account code goes back to the default. All or nothing: one bad row changes nothing.
    Returns how many categories are mapped."""
    if not is_org_admin(actor, organization):
        raise PermissionDenied(_("Only organization admins (Phantom or Legend) may manage integrations."))
    known = set(categories())
    cleaned: dict[str, tuple[str, str]] = {}
    for row in rows:
        category = (row.get("category") or "").strip()
        code = (row.get("account_code") or "").strip()
        tax = (row.get("tax_type") or "").strip()
        if category not in known:
            raise MappingInvalid(_("“%(category)s” is not a category.") % {"category": category})
        if not code:
            if tax:
                raise MappingInvalid(_("Give %(category)s an account code for its tax type.") % {"category": category})
            continue
        if not CODE.match(code):
            raise MappingInvalid(_("“%(code)s” is not an account code (letters, digits, up to 30).") % {"code": code})
        if tax and not TAX.match(tax):
            raise MappingInvalid(_("“%(tax)s” is not a tax type.") % {"tax": tax})
        cleaned[category] = (code, tax)
    with transaction.atomic():
        AccountMapping.objects.filter(organization=organization).exclude(category__in=cleaned).delete()
        for category, (code, tax) in cleaned.items():
            AccountMapping.objects.update_or_create(
                organization=organization, category=category, defaults={"account_code": code, "tax_type": tax}
            )
        record_activity(organization, actor=actor, verb="accounting.mapping_saved", data={"mapped": len(cleaned)})
    return len(cleaned)
