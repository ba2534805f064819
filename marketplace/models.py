"""Marketplace: what organizations offer each other (gear for sale or rent, services such as rigging
crews), the orders placed on those listings, and the reviews buyers leave after an order completed.

A published listing is readable by every signed-in user of any organization; a draft only by the
seller workspace's members with `marketplace.view_listing`. An order has two sides: the seller's
workspace (`workspace`) and the buyer's (`buyer_workspace`); members of either with
`marketplace.view_order` see it (`querysets.OrderQuerySet`).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dragonfly.core.versioning import Versioned
from dragonfly.core.workflow import Workflow, WorkflowModel
from finance.models import InvoiceStatus
from productions.wording import lazy_words

from .querysets import ListingPhotoQuerySet, ListingQuerySet, OrderQuerySet, ReviewQuerySet


class ListingKind(models.TextChoices):
    SALE = "sale", _("For sale")
    RENT = "rent", _("For rent")
    SERVICE = "service", _("Service")


class ListingCategory(models.TextChoices):
    AUDIO = "audio", _("Audio")
    LIGHTING = "lighting", _("Lighting")
    VIDEO = "video", _("Video")
    RIGGING = "rigging", _("Rigging")
    STAGING = "staging", _("Staging")
    POWER = "power", _("Power")
    TRANSPORT = "transport", _("Transport")
    CREW = "crew", _("Crew")
    OTHER = "other", _("Other")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Listing(Versioned):
    """A product or a service a workspace offers; `stock` empty means no limit (a service)."""

    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="listings", verbose_name=_("workspace")
    )
    kind = models.CharField(
        max_length=10, choices=ListingKind.choices, default=ListingKind.SALE, verbose_name=_("kind")
    )
    category = models.CharField(
        max_length=20, choices=ListingCategory.choices, default=ListingCategory.OTHER, verbose_name=_("category")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    price = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("price"))
    currency = models.CharField(max_length=3, verbose_name=_("currency"))
    unit = models.CharField(
        max_length=40, blank=True, help_text=_("e.g. per unit, per day, per crew shift."), verbose_name=_("unit")
    )
    stock = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Units left; leave empty for no limit (a service)."), verbose_name=_("stock")
    )
    available_from = models.DateField(null=True, blank=True, verbose_name=_("available from"))
    available_until = models.DateField(null=True, blank=True, verbose_name=_("available until"))
    status = models.CharField(
        max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT, verbose_name=_("status")
    )
    asset = models.ForeignKey(
        "assets.Asset",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The surplus asset this listing offers, when listed from the assets module."),
        verbose_name=_("asset"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="listing_status_new"),
            models.Index(fields=["workspace", "-created_at"], name="listing_ws_new"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="listing_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.PUBLISHED


class ListingPhoto(models.Model):
    """One photo of a listing: a picture in the files' media bucket (`dragonfly.files.images`), seen by
    whoever sees its listing and served through the marketplace's own page."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos", verbose_name=_("listing"))
    image = models.OneToOneField(
        "files.Attachment", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    workspace_path = "listing__workspace"
    objects = ListingPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("listing photo")
        verbose_name_plural = _("listing photos")
        ordering = ["listing_id", "position", "id"]
        indexes = [models.Index(fields=["listing", "position", "id"], name="listing_photo_order")]

    def __str__(self) -> str:
        return f"{self.listing.title} #{self.position}"


class OrderStatus(models.TextChoices):
    CART = "cart", _("In cart")
    PLACED = "placed", _("Placed")
    CONFIRMED = "confirmed", _("Confirmed")
    SHIPPED = "shipped", _("Shipped / ready")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


S = OrderStatus
ALLOWED_TRANSITIONS = {
    S.CART: {S.PLACED, S.CANCELLED},
    S.PLACED: {S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}
# Stock is held from the moment an order is placed until it is cancelled.
HOLDS_STOCK = {S.PLACED, S.CONFIRMED, S.SHIPPED, S.COMPLETED}
# Who makes each move: the buyer's side (`marketplace.add_order` in the buyer workspace) or the seller's
# (`marketplace.fulfil_order` on the order); cancelling is open to both.
BUYER_MOVES = {S.PLACED, S.COMPLETED, S.CANCELLED}
SELLER_MOVES = {S.CONFIRMED, S.SHIPPED, S.COMPLETED, S.CANCELLED}


class PaymentMethod(models.TextChoices):
    INVOICE = "invoice", _("Pay on invoice")


class Order(WorkflowModel):
    workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="sales", verbose_name=_("seller workspace")
    )
    buyer_workspace = models.ForeignKey(
        "tenancy.Workspace", on_delete=models.CASCADE, related_name="purchases", verbose_name=_("buyer workspace")
    )
    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="orders", verbose_name=_("listing"))
    quantity = models.PositiveIntegerField(default=1, verbose_name=_("quantity"))
    unit_price = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("unit price"))
    total = models.DecimalField(max_digits=14, decimal_places=2, verbose_name=_("total"))
    currency = models.CharField(max_length=3, verbose_name=_("currency"))
    status = models.CharField(max_length=12, choices=OrderStatus.choices, default=S.CART, verbose_name=_("status"))
    payment_method = models.CharField(
        max_length=12, choices=PaymentMethod.choices, default=PaymentMethod.INVOICE, verbose_name=_("payment")
    )
    note = models.TextField(blank=True, verbose_name=_("note to the seller"))
    invoice = models.ForeignKey(
        "finance.Invoice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invoice"),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("placed by")
    )
    placed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("placed at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = OrderQuerySet.as_manager()
    workflow = Workflow(
        lazy_words(_("order")),  # lazy: refusals read in the reader's language
        ALLOWED_TRANSITIONS,
        moves=lazy_words(
            {S.PLACED: _("placed"), S.CONFIRMED: _("confirmed"), S.SHIPPED: _("shipped"), S.CANCELLED: _("cancelled")}
        ),
        event_prefix="marketplace_order",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        permissions = [("fulfil_order", _("Confirm, ship and complete orders of the workspace's listings"))]
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="order_seller_new"),
            models.Index(fields=["buyer_workspace", "-created_at"], name="order_buyer_new"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.listing.title}" if self.pk else str(self.listing.title)

    # Paid is read off the order's invoice (paid by card or recorded by hand in the seller's finance),
    # never stored twice: a refund moves the invoice back, and the order reads unpaid again. Lists
    # select the invoice with the order (selectors.orders).
    @property
    def paid_at(self) -> datetime.datetime | None:
        invoice = self.invoice if self.invoice_id else None
        return invoice.paid_at if invoice is not None and invoice.status == InvoiceStatus.PAID else None

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None


class Review(models.Model):
    """A buyer's word on a completed order (one per order), and the seller's reply."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="review", verbose_name=_("order"))
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("listing"))
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], verbose_name=_("stars")
    )
    text = models.TextField(blank=True, verbose_name=_("review"))
    reply = models.TextField(blank=True, verbose_name=_("seller's reply"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    replied_at = models.DateTimeField(null=True, blank=True, verbose_name=_("replied at"))

    workspace_path = "listing__workspace"
    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.listing.title}"
