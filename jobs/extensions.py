"""What jobs plugs into the modules below it: a signed contract's terms (selectors.terms_on) as
the default rate of a freelancer's time entries (people.rates) and the first line of a draft
invoice for a company under contract (finance.terms). Registered in JobsConfig.ready()."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from finance.terms import AgreedTerms, register_terms_provider
from people.rates import Rate, register_rate_provider

from .models import RateUnit
from .selectors import terms_on

if TYPE_CHECKING:
    from finance.models import Company
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


def register() -> None:
    register_rate_provider("jobs.contract", contract_rate)
    register_terms_provider("jobs.contract", contract_terms)
