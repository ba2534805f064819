"""Shared setup of the bids and agreements tests: an approved advance, an open request for quote
with invited vendors, a Merchant linked to one of them."""

import datetime

from advancing import services as advancing
from dragonfly.tenancy.access import clear_access
from dragonfly.tenancy.roles import Role
from finance import services
from finance.services import agreements as agreement_services
from finance.services import bids as bid_services

from .helpers import TODAY, D, line, make_advance, make_production, make_vendor


def approved_advance(tenant):
    production = make_production(tenant)
    advance = make_advance(tenant, production, [line("Technical", 2, "500"), line("Staffing", 4, "200")])
    advancing.approve_advance(advance, actor=tenant.user(Role.GLADIATOR))
    advance.refresh_from_db()
    return advance


def open_rfq(tenant, *vendors, advance=None):
    """An open request for quote on an approved advance's lines, the vendors invited."""
    advance = advance or approved_advance(tenant)
    rfq = bid_services.create_rfq_from_advance(
        advance,
        actor=tenant.user(Role.GLADIATOR),
        invited=vendors,
        respond_by=TODAY + datetime.timedelta(days=7),
    )
    return bid_services.open_rfq(rfq, actor=tenant.user(Role.GLADIATOR))


def bid(tenant, rfq, company, *prices, actor=None, days=30):
    lines = [{"rfq_line": ln.pk, "unit_price": D(p)} for ln, p in zip(rfq.lines.all(), prices, strict=True)]
    return bid_services.submit_bid(
        rfq,
        actor=actor or tenant.user(Role.GLADIATOR),
        company=company,
        valid_until=TODAY + datetime.timedelta(days=days),
        lines=lines,
    )


def link(tenant, company, user=None):
    """The tenant's Merchant (or `user`) as the company's login."""
    user = user or tenant.user(Role.MERCHANT)
    contact = services.save_contact(company, actor=tenant.user(Role.GLADIATOR), name=f"{company.name} desk")
    services.link_merchant(contact, actor=tenant.user(Role.GLADIATOR), user=user)
    clear_access(user)
    return user


def agreement(tenant, vendor, *, valid_from=None, valid_to=None, rates=None):
    return agreement_services.create_agreement(
        actor=tenant.user(Role.GLADIATOR),
        workspace=tenant.workspace,
        vendor=vendor,
        title=f"{vendor.name} framework",
        valid_from=valid_from or TODAY - datetime.timedelta(days=30),
        valid_to=valid_to or TODAY + datetime.timedelta(days=300),
        rates=rates if rates is not None else [{"description": "Stagehand day", "unit": "day", "unit_price": "180"}],
    )


__all__ = ["agreement", "approved_advance", "bid", "link", "make_vendor", "open_rfq"]
