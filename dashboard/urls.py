"""The dashboard pages: /dashboard/ goes to the current workspace's; the rest are per workspace."""

from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "dashboard"
W = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = module_home_urls("dashboard", views.dashboard) + [
    path(W + "widgets/", views.change_widget, name="change_widget"),
    path(W + "reset/", views.reset, name="reset"),
    path(W + "defaults/", views.defaults, name="defaults"),
    path(W + "defaults/clear/", views.clear_default, name="clear_default"),
]
