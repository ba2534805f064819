from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views
from .views import stock as stock_views

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
]
