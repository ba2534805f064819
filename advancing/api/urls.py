"""The platform spec's routes, without a trailing slash (and tolerating one)."""

from django.urls import path

from . import views

CATALOG = views.CatalogViewSet.__doc__
MINE = views.AdvanceViewSet.__doc__
ONE = views.AdvanceViewSet.retrieve.__doc__
FULFIL = views.AdvanceViewSet.fulfill.__doc__
QUEUE = views.ReviewViewSet.__doc__
REVIEWED = views.ReviewViewSet.retrieve.__doc__

app_name = "advancing_api"


def route(pattern, viewset, actions, name, title, description=""):
    """The spec's path, plus the same with a trailing slash (left out of the OpenAPI schema); `title` and
    `description` are what the browsable API and OPTIONS call the endpoint."""
    with_slash = type(f"{viewset.__name__}WithSlash", (viewset,), {"schema": None})
    return [
        path(pattern, viewset.as_view(actions, name=title, description=description), name=name),
        path(f"{pattern}/", with_slash.as_view(actions, name=f"{title} View With Slash", description="")),
    ]


crew, review = views.AdvanceViewSet, views.ReviewViewSet
urlpatterns = [
    *route("advancing/catalog", views.CatalogViewSet, {"get": "list"}, "catalog", "Catalog List", CATALOG),
    *route("advancing", crew, {"get": "list", "post": "create"}, "advances", "Advance List Create", MINE),
    *route(
        "advancing/<int:pk>", crew, {"get": "retrieve", "patch": "partial_update"}, "advance", "Advance Detail", ONE
    ),
    *route("advancing/<int:pk>/fulfill", crew, {"post": "fulfill"}, "fulfill", "Fulfil", FULFIL),
    *route("advances", review, {"get": "list"}, "review_queue", "Review Queue", QUEUE),
    *route("advances/<int:pk>", review, {"get": "retrieve"}, "review_detail", "Review Detail", REVIEWED),
    *route("advances/<int:pk>/approve", review, {"post": "approve"}, "approve", "Approve"),
    *route("advances/<int:pk>/reject", review, {"post": "reject"}, "reject", "Reject"),
    *route("advances/<int:pk>/process", review, {"post": "process"}, "process", "Process"),
    *route("advances/<int:pk>/review", review, {"post": "start_review"}, "start_review", "Start Review"),
]
