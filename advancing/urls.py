from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "advancing"
urlpatterns = module_home_urls("advancing", views.workspace_home) + [
    path("w/<slug:org_slug>/<slug:ws_slug>/new/", views.new_advance, name="new"),
    path("w/<slug:org_slug>/<slug:ws_slug>/suggestions/", views.suggestions, name="suggestions"),
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/search/", views.catalog_search, name="catalog_search"),
    path("queue/", views.review_queue, name="review_queue"),
    path("queue/bulk/", views.bulk_decide, name="bulk"),
    path("queue/export.csv", views.queue_export, name="queue_export"),
    path("<int:pk>/", views.advance_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_advance, name="edit"),
    path("<int:pk>/lines.csv", views.lines_export, name="lines_export"),
    path("<int:pk>/items/<int:item_id>/fulfil/", views.fulfil_line, name="fulfil"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/<slug:action>/", views.advance_action, name="action"),
    # Share links (advancing/sharing.py): the crew's list of an advance's links, and the collaborator's page.
    path("sharing/<int:pk>/", views.share_links, name="share_links"),
    path("sharing/<int:pk>/<int:link_id>/reset/", views.share_reset, name="share_reset"),
    path("sharing/<int:pk>/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("shared/<slug:token>/", views.shared_advance, name="shared"),
    path("shared/<slug:token>/lines/<int:item_id>/", views.shared_answer, name="shared_answer"),
    path("shared/<slug:token>/add/", views.shared_add_line, name="shared_add_line"),
]
