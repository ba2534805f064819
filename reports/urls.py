"""The report pages: /reports/w/<org>/<ws>/ (templates, saved reports, the builder, metrics),
/reports/saved/<pk>/ and /reports/export/<pk>/ (a job's progress and its file)."""

from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "reports"
W = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = module_home_urls("reports", views.workspace_home) + [
    path(W + "run/<slug:key>/", views.template_report, name="template"),
    path(W + "run/<slug:key>/export/", views.export_template, name="export_template"),
    path(W + "run/<slug:key>/subscribe/", views.subscribe_template, name="subscribe_template"),
    path(W + "builder/", views.builder, name="builder"),
    path(W + "metrics/", views.metrics, name="metrics"),
    path("saved/<int:pk>/", views.saved_report, name="saved"),
    path("saved/<int:pk>/edit/", views.edit_report, name="edit"),
    path("saved/<int:pk>/delete/", views.delete_report, name="delete"),
    path("saved/<int:pk>/export/", views.export_saved, name="export_saved"),
    path("saved/<int:pk>/subscribe/", views.subscribe_saved, name="subscribe_saved"),
    path("subscription/<int:pk>/cancel/", views.unsubscribe, name="unsubscribe"),
    path("export/<int:pk>/", views.export_job, name="export"),
    path("export/<int:pk>/status/", views.export_status, name="export_status"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
]
