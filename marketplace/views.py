"""Marketplace pages: the market (every organization's published listings), a listing with its order
form and reviews, a workspace's own listings and orders (sold and bought), an order with its moves.
A view parses input, calls one service, renders."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragonfly.core.errors import DomainError
from dragonfly.core.pages import (
    action_page,
    error_status,
    filtered,
    form_action,
    form_page,
    paginate,
    safe_querystring,
    visible_or_404,
)
from dragonfly.files.images import image_response
from dragonfly.tenancy.access import require

from . import selectors, services
from .extensions import order_panels
from .filters import ListingFilter
from .forms import AssetListingForm, ListingForm, OrderForm, PhotoForm, ReplyForm, ReviewForm
from .models import Listing, ListingPhoto, Order, OrderStatus, Review
from .services.orders import may_act_for_buyer, may_act_for_seller, may_buy, moves_for

PER_PAGE = 24
FILTER_KEYS = ("q", "kind", "category", "status")


def _workspace(request, perm, refusal):
    workspace = request.workspace
    if not workspace or not request.user.has_perm(perm, workspace):
        raise PermissionDenied(refusal)
    return workspace


def market(request):
    """Every organization's published listings: readable by any signed-in user, nothing private."""
    base = selectors.listings(request.user).published()
    filterset, rows, status = filtered(request, base, ListingFilter, keys=("q", "kind", "category"))
    workspace = request.workspace or None
    return render(
        request,
        "marketplace/market.html",
        {
            "page": paginate(request, rows, PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "workspace": workspace,
            "can_sell": bool(workspace) and request.user.has_perm("marketplace.view_listing", workspace),
            "can_buy": may_buy(request.user, workspace),
        },
        status=status,
    )


def listing_detail(request, pk, *, order_form=None, photo_form=None, status=200):
    listing = visible_or_404(Listing, request.user, pk, "workspace__organization", "asset")
    workspace = request.workspace or None
    may_order = listing.is_published and may_buy(request.user, workspace) and workspace.pk != listing.workspace_id
    can_edit = request.user.has_perm("marketplace.change_listing", listing)
    photos = list(selectors.photos_of(listing))
    return render(
        request,
        "marketplace/listing.html",
        {
            "listing": listing,
            "workspace": workspace,
            "order_form": (order_form or OrderForm()) if may_order else None,
            "can_edit": can_edit,
            "photos": photos,
            "photo_form": (photo_form or PhotoForm()) if can_edit and len(photos) < services.MAX_PHOTOS else None,
            "reviews": selectors.reviews_of(request.user, listing),
        },
        status=status,
    )


def listing_photo(request, pk, photo_pk):
    """A listing's photo, to whoever sees the listing (any signed-in user on a published one, the
    seller's members on a draft; anyone else a 404)."""
    listing = visible_or_404(Listing, request.user, pk)
    photo = get_object_or_404(ListingPhoto.objects.select_related("image"), listing=listing, pk=photo_pk)
    return image_response(photo.image)


@require_POST
def add_photo(request, pk):
    listing = visible_or_404(Listing, request.user, pk, "workspace__organization")
    require(request.user, "marketplace.change_listing", listing, _("Your role does not edit this listing."))
    return form_action(
        request,
        PhotoForm(request.POST, request.FILES),
        save=lambda data: services.add_photo(listing, actor=request.user, upload=data["photo"]),
        redisplay=lambda form, status: listing_detail(request, pk, photo_form=form, status=status),
        redirect_to=reverse("marketplace:listing", args=[listing.pk]),
        success=_("Photo added."),
        upload_field="photo",
        refusal_field="photo",
    )


@require_POST
def remove_photo(request, pk, photo_pk):
    listing = visible_or_404(Listing, request.user, pk)
    photo = get_object_or_404(ListingPhoto.objects.select_related("image", "listing"), listing=listing, pk=photo_pk)
    return action_page(
        request,
        lambda: services.remove_photo(photo, actor=request.user),
        redirect_to=reverse("marketplace:listing", args=[listing.pk]),
        success=_("Photo removed."),
    )


@require_POST
def move_photo(request, pk, photo_pk):
    """A photo one step earlier or later: a plain form, or htmx swapping the photo manager in place."""
    listing = _arranged_listing(request, pk)
    photo = get_object_or_404(ListingPhoto.objects.select_related("listing"), listing=listing, pk=photo_pk)

    def move():
        return services.move_photo(photo, actor=request.user, direction=request.POST.get("direction", ""))

    if not request.htmx:
        return action_page(request, move, redirect_to=reverse("marketplace:listing", args=[pk]))
    try:
        move()
    except DomainError as exc:
        return HttpResponse(str(exc), status=error_status(exc))
    return listing_detail(request, pk)  # the form's hx-select takes the photo manager from it


def _arranged_listing(request, pk):
    listing = visible_or_404(Listing, request.user, pk, "workspace__organization")
    if not selectors.arranges_photos(request.user, listing):
        raise Http404("Another organization's listing.")
    return listing


@require_POST
def order_listing(request, pk):
    listing = visible_or_404(Listing, request.user, pk, "workspace__organization")
    workspace = _workspace(request, "marketplace.add_order", _("Your role does not order in this workspace."))
    return form_action(
        request,
        OrderForm(request.POST),
        save=lambda data: services.buy(
            listing, actor=request.user, buyer_workspace=workspace, quantity=data["quantity"], note=data["note"]
        ),
        redisplay=lambda form, status: listing_detail(request, pk, order_form=form, status=status),
        redirect_to=lambda order: reverse("marketplace:order", args=[order.pk]),
        success=_("Order placed."),
    )


def our_listings(request, org_slug, ws_slug):
    workspace = _workspace(request, "marketplace.view_listing", _("Your role does not manage listings here."))
    base = selectors.listings(request.user, "marketplace.view_listing").in_workspace(workspace)
    filterset, rows, status = filtered(request, base, ListingFilter, keys=FILTER_KEYS)
    return render(
        request,
        "marketplace/our_listings.html",
        {
            "workspace": workspace,
            "page": paginate(request, rows, PER_PAGE),
            "filter_form": filterset.form,
            "querystring": safe_querystring(request),
            "filtered": filterset.is_bound,
            "can_create": request.user.has_perm("marketplace.add_listing", workspace),
        },
        status=status,
    )


def new_listing(request, org_slug, ws_slug):
    workspace = _workspace(request, "marketplace.add_listing", _("Your role does not list offers in this workspace."))
    return form_page(
        request,
        ListingForm(request.POST or None, initial={"currency": workspace.organization.currency, "stock": 1}),
        save=lambda data: services.create_listing(actor=request.user, workspace=workspace, **data),
        template="marketplace/listing_form.html",
        context={"workspace": workspace, "listing": None},
        redirect_to=lambda listing: reverse("marketplace:listing", args=[listing.pk]),
        success=_("Listing saved."),
    )


def edit_listing(request, pk):
    listing = visible_or_404(Listing, request.user, pk, "workspace__organization")
    if not request.user.has_perm("marketplace.change_listing", listing):
        raise PermissionDenied(_("Your role does not edit this listing."))
    initial = {name: getattr(listing, name) for name in services.LISTING_FIELDS}
    return form_page(
        request,
        ListingForm(request.POST or None, initial=initial),
        save=lambda data: services.update_listing(listing, actor=request.user, **data),
        template="marketplace/listing_form.html",
        context={"workspace": listing.workspace, "listing": listing},
        redirect_to=lambda saved: reverse("marketplace:listing", args=[saved.pk]),
        success=_("Listing saved."),
        versioned=listing,
    )


def list_from_asset(request, org_slug, ws_slug):
    """A new listing from one of the workspace's own assets (surplus gear)."""
    workspace = _workspace(request, "marketplace.add_listing", _("Your role does not list offers in this workspace."))
    assets = selectors.listable_assets(request.user, workspace)
    initial = {"kind": "sale"}
    chosen = request.GET.get("asset", "")
    if chosen.isdigit() and assets.filter(pk=chosen).exists():  # from the asset page's button
        initial["asset"] = int(chosen)
    form = AssetListingForm(request.POST or None, assets=assets, initial=initial)
    return form_page(
        request,
        form,
        save=lambda data: services.list_asset(
            data["asset"], actor=request.user, price=data["price"], kind=data["kind"]
        ),
        template="marketplace/asset_form.html",
        context={"workspace": workspace},
        redirect_to=lambda listing: reverse("marketplace:edit_listing", args=[listing.pk]),
        success=_("Draft listing made from the asset: check it and publish it."),
    )


def orders(request, org_slug, ws_slug):
    workspace = _workspace(request, "marketplace.view_order", _("Your role does not see this workspace's orders."))
    side = "bought" if request.GET.get("side") == "bought" else "sold"
    base = selectors.orders(request.user)
    base = base.bought_by(workspace) if side == "bought" else base.sold_by(workspace)
    status_filter = request.GET.get("status")
    if status_filter in OrderStatus.values:
        base = base.filter(status=status_filter)
    return render(
        request,
        "marketplace/orders.html",
        {
            "workspace": workspace,
            "side": side,
            "status_filter": status_filter,
            "statuses": OrderStatus.choices,
            "page": paginate(request, base, PER_PAGE),
            "querystring": safe_querystring(request),
        },
    )


def order_detail(request, pk, *, review_form=None, status=200):
    order = visible_or_404(
        Order, request.user, pk, "listing", "invoice", "workspace__organization", "buyer_workspace__organization"
    )
    review = Review.objects.filter(order=order).first()
    may_review = review is None and order.status == OrderStatus.COMPLETED and may_act_for_buyer(request.user, order)
    return render(
        request,
        "marketplace/order.html",
        {
            "order": order,
            "moves": [(s, OrderStatus(s).label) for s in moves_for(order, request.user)],
            "review": review,
            "review_form": (review_form or ReviewForm()) if may_review else None,
            "reply_form": ReplyForm()
            if review and not review.reply and may_act_for_seller(request.user, order)
            else None,
            "sees_invoice": order.invoice_id and request.user.has_perm("finance.view_invoice", order.workspace),
            "panels": order_panels(request, order),
        },
        status=status,
    )


@require_POST
def move_order(request, pk, to_status):
    order = visible_or_404(Order, request.user, pk, "listing")
    if to_status not in OrderStatus.values:
        raise Http404
    return action_page(
        request,
        lambda: services.move_order(order, to_status, actor=request.user, note=request.POST.get("note", "")),
        redirect_to=reverse("marketplace:order", args=[order.pk]),
        success=_("Order updated."),
    )


@require_POST
def review_order(request, pk):
    order = visible_or_404(Order, request.user, pk, "listing")
    if not may_act_for_buyer(request.user, order):
        raise PermissionDenied(_("Only the buyer's side reviews an order."))
    return form_action(
        request,
        ReviewForm(request.POST),
        save=lambda data: services.review_order(order, actor=request.user, rating=data["rating"], text=data["text"]),
        redisplay=lambda form, status: order_detail(request, pk, review_form=form, status=status),
        redirect_to=reverse("marketplace:order", args=[order.pk]),
        success=_("Thank you for the review."),
    )


@require_POST
def reply_to_review(request, pk):
    review = visible_or_404(Review, request.user, pk, "order")
    if not may_act_for_seller(request.user, review.order):
        raise PermissionDenied(_("Only the seller replies to a review."))
    return form_action(
        request,
        ReplyForm(request.POST),
        save=lambda data: services.reply_to_review(review, actor=request.user, reply=data["reply"]),
        redisplay=lambda form, status: redirect("marketplace:order", review.order_id),
        redirect_to=reverse("marketplace:order", args=[review.order_id]),
        success=_("Reply saved."),
    )
