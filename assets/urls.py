from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "assets"
W = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = module_home_urls("assets", views.workspace_home) + [
    path(W + "export.csv", views.asset_export, name="asset_export"),
    path(W + "new/", views.asset_new, name="asset_new"),
    path(W + "import/", views.import_view, name="import"),
    path(W + "labels/", views.labels, name="labels"),
    path(W + "kits/", views.kits, name="kits"),
    path(W + "pick/asset/", views.asset_picker, name="asset_picker"),
    path(W + "reservations/", views.reservations, name="reservations"),
    path(W + "reserve/", views.reserve, name="reserve"),
    path(W + "availability/", views.availability, name="availability"),
    path(W + "utilization/", views.utilization, name="utilization"),
    path(W + "maintenance/", views.maintenance, name="maintenance"),
    path("asset/<int:pk>/", views.asset_detail, name="asset_detail"),
    path("asset/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("asset/<int:pk>/label/", views.asset_label, name="asset_label"),
    path("asset/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("asset/<int:pk>/maintenance/", views.record_add, name="record_add"),
    path("asset/<int:pk>/schedules/", views.schedule_add, name="schedule_add"),
    path("kit/<int:pk>/", views.kit_detail, name="kit_detail"),
    path("reservation/<int:pk>/", views.reservation_detail, name="reservation_detail"),
    path("reservation/<int:pk>/check-out/", views.check_out_view, name="check_out"),
    path("reservation/<int:pk>/check-in/", views.check_in_view, name="check_in"),
    path("reservation/<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("maintenance/<int:pk>/complete/", views.complete_view, name="complete_maintenance"),
]
