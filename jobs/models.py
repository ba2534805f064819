"""Jobs: crew positions posted for a production (applying feeds people's hiring pipeline), and
contracts with a freelancer or a company, whose terms (rate, dates) apply to their time and invoices.

A posting opens a people `Opening` and each application through it is a people `Application` (made
by `people.services.hiring`); the posting adds what the community reads: dates, place, rate and the
certifications it needs. A public, published posting is read by any signed-in user of any
organization (the board); everything else by role in its workspace."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dragonfly.core.formatting import money
from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from dragonfly.tenancy.querysets import TenantQuerySet
from people.models import CertificationKind
from productions.wording import lazy_words

from .querysets import ContractQuerySet, JobPostingQuerySet, PublicBidQuerySet, PublicRfpQuerySet


class RateUnit(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    FLAT = "flat", _("flat fee")


def rate_text(rate, unit, currency) -> str:
    """ "EUR 350.00 per day" in the reader's language; blank without a rate."""
    if rate is None:
        return ""
    return f"{money(rate, currency)} {RateUnit(unit).label}"


class PostingStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class JobPosting(models.Model):
    """A crew position offered for a production (or the crew at large), with its terms."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    opening = models.OneToOneField(
        "people.Opening", on_delete=models.CASCADE, related_name="posting", verbose_name=_("open position")
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("production"),
    )
    title = models.CharField(max_length=160, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    place = models.CharField(max_length=200, blank=True, verbose_name=_("place"))
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    rate = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True, verbose_name=_("rate"))
    rate_unit = models.CharField(
        max_length=4, choices=RateUnit.choices, default=RateUnit.DAY, verbose_name=_("rate unit")
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    certifications = models.JSONField(
        default=list, blank=True, verbose_name=_("required certifications"), help_text=_("Kinds of certificate.")
    )
    public = models.BooleanField(
        default=True,
        verbose_name=_("public"),
        help_text=_("Shown on the job board to signed-in users of every organization."),
    )
    status = models.CharField(
        max_length=10, choices=PostingStatus.choices, default=PostingStatus.PUBLISHED, verbose_name=_("status")
    )
    published_at = models.DateTimeField(auto_now_add=True, verbose_name=_("published at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-published_at", "-id"]),
            models.Index(
                fields=["-published_at", "-id"], condition=Q(public=True, status="published"), name="job_board"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="posting_dates_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def rate_display(self) -> str:
        return rate_text(self.rate, self.rate_unit, self.currency)

    @property
    def certification_labels(self) -> list[str]:
        labels = dict(CertificationKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.certifications]


class JobApplication(models.Model):
    """A signed-in user's application through a posting: the people `Application` it made."""

    posting = models.ForeignKey(
        JobPosting, on_delete=models.CASCADE, related_name="applications", verbose_name=_("job posting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications", verbose_name=_("user")
    )
    application = models.OneToOneField(
        "people.Application", on_delete=models.CASCADE, related_name="via_posting", verbose_name=_("application")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        constraints = [models.UniqueConstraint(fields=["posting", "user"], name="one_application_per_user")]

    def __str__(self):
        return f"{self.user} → {self.posting}"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


C = ContractStatus
CONTRACT_TRANSITIONS = {
    C.DRAFT: {C.SENT, C.TERMINATED},
    C.SENT: {C.SIGNED, C.DRAFT, C.TERMINATED},
    C.SIGNED: {C.ACTIVE, C.TERMINATED},
    C.ACTIVE: {C.COMPLETED, C.TERMINATED},
    C.COMPLETED: set(),
    C.TERMINATED: set(),
}
CHANGE_PERM = "jobs.change_contract"


class Contract(Versioned, WorkflowModel):
    """The agreement with a freelancer (a crew record) or a company: scope, dates and rate."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("freelancer"),
    )
    company = models.ForeignKey(
        "finance.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("company"),
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("production"),
    )
    bid = models.OneToOneField(
        "finance.Bid",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contract",
        verbose_name=_("awarded bid"),
        help_text=_("The bid whose award drafted this contract."),
    )
    scope = models.TextField(blank=True, verbose_name=_("scope"))
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    rate = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("rate"))
    rate_unit = models.CharField(
        max_length=4, choices=RateUnit.choices, default=RateUnit.DAY, verbose_name=_("rate unit")
    )
    currency = models.CharField(max_length=3, default="EUR", verbose_name=_("currency"))
    status = models.CharField(max_length=10, choices=ContractStatus.choices, default=C.DRAFT, verbose_name=_("status"))
    document = models.ForeignKey(
        "files.Attachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = ContractQuerySet.as_manager()

    workflow = Workflow(
        lazy_words(_("contract")),
        CONTRACT_TRANSITIONS,
        moves=lazy_words({C.SENT: _("sent"), C.SIGNED: _("signed"), C.DRAFT: _("taken back to draft")}),
        perms={"*": CHANGE_PERM},
        event_prefix="contract",
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-starts_on", "-id"]),
            models.Index(fields=["-starts_on", "-id"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["company", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, company__isnull=False) | Q(person__isnull=False, company__isnull=True),
                name="contract_one_party",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contract_dates_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def rate_display(self) -> str:
        return rate_text(self.rate, self.rate_unit, self.currency)

    @property
    def party(self):
        return self.person if self.person_id else self.company


class PublicRfpStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicRfp(models.Model):
    """A request for quote (finance) published as a public request for proposals: any signed-in user
    of any organization reads this listing, and a member whose role may bid answers for their own
    organization. What it shows is only what it names: the request's title, deadline and lines, the
    public scope written here and the documents marked shareable; never bids, budgets or notes."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    rfq = models.OneToOneField(
        "finance.RequestForQuote",
        on_delete=models.CASCADE,
        related_name="public_listing",
        verbose_name=_("request for quote"),
    )
    scope = models.TextField(
        verbose_name=_("public scope"), help_text=_("What every organization reads about the work asked for.")
    )
    documents = models.ManyToManyField(
        "files.Document",
        blank=True,
        related_name="+",
        verbose_name=_("shared documents"),
        help_text=_("Documents of the request that bidders of any organization may download."),
    )
    status = models.CharField(
        max_length=10, choices=PublicRfpStatus.choices, default=PublicRfpStatus.PUBLISHED, verbose_name=_("status")
    )
    published_at = models.DateTimeField(auto_now_add=True, verbose_name=_("published at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = PublicRfpQuerySet.as_manager()

    class Meta:
        verbose_name = _("public request for proposals")
        verbose_name_plural = _("public requests for proposals")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-published_at", "-id"]),
            models.Index(fields=["status", "-published_at", "-id"], name="public_rfp_board"),
        ]

    def __str__(self):
        return str(self.rfq)


class BidderCompany(models.Model):
    """The company record (finance) a requester's workspace keeps for another organization that bid
    on its public requests: made once per (workspace, bidding organization), never matched by name."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("workspace")
    )
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("bidding organization")
    )
    company = models.OneToOneField(
        "finance.Company", on_delete=models.CASCADE, related_name="bidder_of", verbose_name=_("company")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("bidding organization's company")
        verbose_name_plural = _("bidding organizations' companies")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "organization"], name="one_company_per_bidding_org"),
        ]

    def __str__(self):
        return f"{self.company} ({self.organization})"


class PublicBid(models.Model):
    """The bidder's side of a bid on a public request: the finance `Bid` lives in the requester's
    workspace (their comparison and award read it unchanged); this row is what the bidding
    organization reads of it, by role in the bidder's `workspace`."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="+", verbose_name=_("bidding workspace")
    )
    rfp = models.ForeignKey(PublicRfp, on_delete=models.CASCADE, related_name="bids", verbose_name=_("request"))
    bid = models.OneToOneField(
        "finance.Bid", on_delete=models.CASCADE, related_name="public_side", verbose_name=_("bid")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    objects = PublicBidQuerySet.as_manager()

    class Meta:
        verbose_name = _("public bid")
        verbose_name_plural = _("public bids")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["workspace", "-created_at", "-id"]),
            models.Index(fields=["-created_at", "-id"]),
        ]

    def __str__(self):
        return str(self.bid)
