"""The marketplace pages, under /marketplace/."""

from django.urls import path

from . import views

app_name = "marketplace"
ws = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = [
    path("", views.market, name="home"),
    path("listing/<int:pk>/", views.listing_detail, name="listing"),
    path("listing/<int:pk>/edit/", views.edit_listing, name="edit_listing"),
    path("listing/<int:pk>/photos/", views.add_photo, name="add_photo"),
    path("listing/<int:pk>/photos/<int:photo_pk>/", views.listing_photo, name="photo"),
    path("listing/<int:pk>/photos/<int:photo_pk>/remove/", views.remove_photo, name="remove_photo"),
    path("listing/<int:pk>/photos/<int:photo_pk>/move/", views.move_photo, name="move_photo"),
    path("listing/<int:pk>/order/", views.order_listing, name="order_listing"),
    path(f"{ws}listings/", views.our_listings, name="our_listings"),
    path(f"{ws}listings/new/", views.new_listing, name="new_listing"),
    path(f"{ws}listings/from-asset/", views.list_from_asset, name="list_asset"),
    path(f"{ws}orders/", views.orders, name="orders"),
    path("order/<int:pk>/", views.order_detail, name="order"),
    path("order/<int:pk>/move/<str:to_status>/", views.move_order, name="move_order"),
    path("order/<int:pk>/review/", views.review_order, name="review_order"),
    path("review/<int:pk>/reply/", views.reply_to_review, name="reply"),
]
