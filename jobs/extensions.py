"""What jobs plugs into the modules below it: a signed contract's terms (selectors.terms_on) as
the default rate of a freelancer's time entries (people.rates) and the first line of a draft
invoice for a company under contract (finance.terms); a request for quote's public listing on its
page (finance.extensions). Registered in JobsConfig.ready()."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from finance.extensions import register_panel
from finance.models import RfqStatus
from finance.terms import AgreedTerms, register_terms_provider
from people.rates import Rate, register_rate_provider

from .models import PublicRfp, PublicRfpStatus, RateUnit
from .selectors import terms_on

if TYPE_CHECKING:
    from django.http import HttpRequest

    from finance.models import Company, RequestForQuote
    from people.models import Person


def contract_rate(person: Person, day: datetime.date) -> Rate | None:
    terms = terms_on(day, person=person)
    if terms is None:
        return None
    return Rate(terms.rate, terms.rate_unit, terms.currency, source=terms.contract)


def contract_terms(company: Company, day: datetime.date) -> AgreedTerms | None:
    terms = terms_on(day, company=company)
    if terms is None:
        return None
    description = _("%(title)s (contract, %(unit)s)") % {
        "title": terms.contract.title,
        "unit": RateUnit(terms.rate_unit).label,
    }
    return AgreedTerms(description[:300], terms.rate, terms.currency, source=terms.contract)


def rfq_public_panel(request: HttpRequest, rfq: RequestForQuote) -> str | None:
    """On a request for quote's page, for its office: its public listing, or the link to publish it."""
    if not request.user.has_perm("finance.change_requestforquote", rfq):
        return None
    listing = PublicRfp.objects.filter(rfq=rfq).first()
    may_publish = (
        (listing is None or listing.status == PublicRfpStatus.WITHDRAWN)
        and rfq.status in (RfqStatus.DRAFT, RfqStatus.OPEN)
        and request.user.has_perm("jobs.add_publicrfp", rfq.workspace)
    )
    if not may_publish and listing is None:
        return None
    context = {"rfq": rfq, "listing": listing, "may_publish": may_publish}
    return render_to_string("jobs/_rfq_public_panel.html", context, request=request)


def register() -> None:
    register_rate_provider("jobs.contract", contract_rate)
    register_terms_provider("jobs.contract", contract_terms)
    register_panel("rfq", rfq_public_panel)
