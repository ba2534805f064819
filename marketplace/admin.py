from django.contrib import admin

from dragonfly.tenancy.admin_scoping import OrganizationScopedAdmin

from .models import Listing, ListingPhoto, Order, Review


@admin.register(Listing)
class ListingAdmin(OrganizationScopedAdmin):
    list_display = ["title", "kind", "category", "status", "price", "currency", "stock", "workspace", "created_at"]
    list_filter = ["status", "kind", "category", "workspace__organization"]
    search_fields = ["title", "description"]
    list_select_related = ["workspace"]
    raw_id_fields = ["asset", "created_by"]


@admin.register(Order)
class OrderAdmin(OrganizationScopedAdmin):
    list_display = [
        "id",
        "listing",
        "status",
        "quantity",
        "total",
        "currency",
        "workspace",
        "buyer_workspace",
        "created_at",
    ]
    list_filter = ["status", "payment_method", "workspace__organization"]
    search_fields = ["listing__title", "note", "buyer_workspace__name", "buyer_workspace__organization__name"]
    list_select_related = ["listing", "workspace", "buyer_workspace"]
    raw_id_fields = ["listing", "invoice", "placed_by", "buyer_workspace"]


@admin.register(Review)
class ReviewAdmin(OrganizationScopedAdmin):
    list_display = ["listing", "rating", "author", "created_at", "replied_at"]
    list_filter = ["rating", "listing__workspace__organization"]
    search_fields = ["text", "reply", "listing__title"]
    list_select_related = ["listing", "author"]
    raw_id_fields = ["order", "listing", "author"]


@admin.register(ListingPhoto)
class ListingPhotoAdmin(OrganizationScopedAdmin):
    list_display = ["listing", "position", "image", "created_at"]
    list_filter = ["listing__status", "listing__workspace__organization"]
    search_fields = ["listing__title", "image__original_name"]
    list_select_related = ["listing", "image"]
    raw_id_fields = ["listing", "image"]
