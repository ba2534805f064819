"""The platform spec's routes, without a trailing slash (and tolerating one)."""

from django.urls import path

from . import sharing, templates, views

MINE = views.AdvanceViewSet.__doc__
ONE = views.AdvanceViewSet.retrieve.__doc__
FULFIL = views.AdvanceViewSet.fulfill.__doc__
QUEUE = views.ReviewViewSet.__doc__
REVIEWED = views.ReviewViewSet.retrieve.__doc__

app_name = "advancing_api"


def route(pattern, view, name, actions=None, title="", description=""):
    """The spec's path, plus the same with a trailing slash (left out of the OpenAPI schema). A viewset
    maps `actions`; `title` and `description` are what the browsable API and OPTIONS call the endpoint."""
    with_slash = type(f"{view.__name__}WithSlash", (view,), {"schema": None})
    if actions is None:  # a plain view names and describes itself
        return [path(pattern, view.as_view(), name=name), path(f"{pattern}/", with_slash.as_view())]
    return [
        path(pattern, view.as_view(actions, name=title, description=description), name=name),
        path(f"{pattern}/", with_slash.as_view(actions, name=f"{title} View With Slash", description="")),
    ]


crew, review = views.AdvanceViewSet, views.ReviewViewSet
urlpatterns = [
    *route("advancing/catalog", views.CatalogListView, "catalog"),
    *route("advancing/suggestions", views.SuggestionsView, "suggestions"),
    *route("advancing", crew, "advances", {"get": "list", "post": "create"}, "Advance List Create", MINE),
    *route(
        "advancing/<int:pk>", crew, "advance", {"get": "retrieve", "patch": "partial_update"}, "Advance Detail", ONE
    ),
    *route("advancing/<int:pk>/fulfill", crew, "fulfill", {"post": "fulfill"}, "Fulfil", FULFIL),
    *route("advances", review, "review_queue", {"get": "list"}, "Review Queue", QUEUE),
    *route("advances/<int:pk>", review, "review_detail", {"get": "retrieve"}, "Review Detail", REVIEWED),
    *route("advances/<int:pk>/approve", review, "approve", {"post": "approve"}, "Approve"),
    *route("advances/<int:pk>/reject", review, "reject", {"post": "reject"}, "Reject"),
    *route("advances/<int:pk>/process", review, "process", {"post": "process"}, "Process"),
    *route("advances/<int:pk>/review", review, "start_review", {"post": "start_review"}, "Start Review"),
    *route("advances/<int:pk>/hire-the-rest", review, "hire_the_rest", {"post": "hire_the_rest"}, "Hire The Rest"),
]

# Templates and roll-over (issue 22).
tpl, repeat, roll = templates.AdvanceTemplateViewSet, templates.RepeatAdvanceViewSet, templates.RolloverViewSet
urlpatterns += [
    *route(
        "advancing/templates", tpl, "templates", {"get": "list", "post": "create"}, "Template List Create", tpl.__doc__
    ),
    *route(
        "advancing/templates/<int:pk>",
        tpl,
        "template",
        {"get": "retrieve", "patch": "partial_update", "delete": "destroy"},
        "Template Detail",
        tpl.retrieve.__doc__,
    ),
    *route("advancing/templates/<int:pk>/start", tpl, "template_start", {"post": "start"}, "Start From Template"),
    *route("advancing/<int:pk>/repeat", repeat, "repeat", {"post": "repeat"}, "Repeat Advance", repeat.__doc__),
    *route(
        "advancing/rollovers",
        roll,
        "rollovers",
        {"get": "list", "post": "create"},
        "Rollover List Create",
        roll.__doc__,
    ),
    *route("advancing/rollovers/<int:pk>", roll, "rollover", {"get": "retrieve"}, "Rollover Detail", roll.__doc__),
    # Share links of an advance (advancing/api/sharing.py)
    *route("advancing/<int:pk>/share-links", sharing.ShareLinkListView, "share_links"),
    *route("advancing/<int:pk>/share-links/<int:link_id>/reset", sharing.ShareLinkResetView, "share_link_reset"),
    *route("advancing/<int:pk>/share-links/<int:link_id>/revoke", sharing.ShareLinkRevokeView, "share_link_revoke"),
]
