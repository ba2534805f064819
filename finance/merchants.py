"""Who a Merchant is: a user linked to one company as its contact (`Contact.user`).

This is the one place that turns that link into what a Merchant sees. Every finance model a
Merchant may read names its path to the company, and its `role_scope` asks `merchant_scope`,
so `visible_to` (lists, exports, the API) and `has_perm` (detail pages, actions) agree.
"""

from django.db.models import Q

from dragonfly.tenancy.roles import Role


def merchant_company_ids(user):
    """Ids of the company the user represents (a subquery; at most one row)."""
    from .models import Contact

    return Contact.objects.filter(user_id=getattr(user, "pk", None)).values("company_id")


def merchant_scope(user, role, company_path):
    """For a Merchant: only rows of their company; other roles are not narrowed here."""
    if role != Role.MERCHANT:
        return Q()
    return Q(**{f"{company_path}__in": merchant_company_ids(user)})


def merchant_rfq_scope(user, role, rfq_path):
    """For a Merchant: requests for quote their company is invited to, once open (never a draft)."""
    if role != Role.MERCHANT:
        return Q()
    from .models import RequestForQuote, RfqStatus

    invited = (
        RequestForQuote.objects.filter(invited__in=merchant_company_ids(user))
        .exclude(status=RfqStatus.DRAFT)
        .values("pk")
    )
    return Q(**{f"{rfq_path}__in": invited})


def company_of_merchant(user):
    from .models import Company

    return Company.objects.filter(pk__in=merchant_company_ids(user)).first()
