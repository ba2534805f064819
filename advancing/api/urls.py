"""The platform spec's routes, without a trailing slash (and tolerating one)."""

from django.urls import path

from . import views

app_name = "advancing_api"


def route(pattern, view, name):
    """The spec's path, plus the same with a trailing slash (left out of the OpenAPI schema)."""
    with_slash = type(f"{view.__name__}WithSlash", (view,), {"schema": None})
    return [path(pattern, view.as_view(), name=name), path(f"{pattern}/", with_slash.as_view())]


urlpatterns = [
    *route("advancing/catalog", views.CatalogListView, "catalog"),
    *route("advancing", views.AdvanceListCreateView, "advances"),
    *route("advancing/<int:pk>", views.AdvanceDetailView, "advance"),
    *route("advancing/<int:pk>/fulfill", views.FulfilView, "fulfill"),
    *route("advances", views.ReviewQueueView, "review_queue"),
    *route("advances/<int:pk>", views.ReviewDetailView, "review_detail"),
    *route("advances/<int:pk>/approve", views.ApproveView, "approve"),
    *route("advances/<int:pk>/reject", views.RejectView, "reject"),
    *route("advances/<int:pk>/process", views.ProcessView, "process"),
    *route("advances/<int:pk>/review", views.StartReviewView, "start_review"),
]
