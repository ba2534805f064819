"""The platform spec's route, without a trailing slash (and tolerating one), as advancing's are."""

from django.urls import path

from . import views

app_name = "dashboard_api"


class WithSlash(views.WorkspaceDashboardView):
    schema = None  # the same endpoint; the schema names it once


urlpatterns = [
    path("workspaces/<int:workspace_id>/dashboard", views.WorkspaceDashboardView.as_view(), name="workspace_dashboard"),
    path("workspaces/<int:workspace_id>/dashboard/", WithSlash.as_view()),
]
