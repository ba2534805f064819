from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views
from .views import stock as stock_views
from .views import templates

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
    # Stock (issue 22)
    path("<int:pk>/items/<int:item_id>/hire-the-rest/", stock_views.hire_the_rest, name="hire_the_rest"),
    path("stock-mapping/", stock_views.stock_mapping, name="stock_mapping"),
    path("stock-mapping/<int:mapping_id>/delete/", stock_views.delete_stock_mapping, name="stock_mapping_delete"),
    # Share links (advancing/sharing.py): the crew's list of an advance's links, and the collaborator's page.
    path("sharing/<int:pk>/", views.share_links, name="share_links"),
    path("sharing/<int:pk>/<int:link_id>/reset/", views.share_reset, name="share_reset"),
    path("sharing/<int:pk>/<int:link_id>/revoke/", views.share_revoke, name="share_revoke"),
    path("shared/<slug:token>/", views.shared_advance, name="shared"),
    path("shared/<slug:token>/lines/<int:item_id>/", views.shared_answer, name="shared_answer"),
    path("shared/<slug:token>/add/", views.shared_add_line, name="shared_add_line"),
]
# Templates and roll-over (issue 22): before the catch-all action route above in matching order.
urlpatterns = [
    path("templates/", templates.template_list, name="templates"),
    path("templates/<int:pk>/", templates.template_detail, name="template"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", templates.template_delete, name="template_delete"),
    path("templates/<int:pk>/start/", templates.start_from_template, name="template_start"),
    path("<int:pk>/save-as-template/", templates.save_as_template, name="save_template"),
    path("<int:pk>/repeat/", templates.start_from_advance, name="repeat"),
    path("w/<slug:org_slug>/<slug:ws_slug>/rollover/", templates.rollover_start, name="rollover_start"),
    path("rollovers/<int:pk>/", templates.rollover_detail, name="rollover"),
    *urlpatterns,
]
