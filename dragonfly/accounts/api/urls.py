from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("settings/organizations", views.OrganizationSettingsViewSet, basename="organization-settings")
router.register("settings/workspaces", views.WorkspaceSettingsViewSet, basename="workspace-settings")

urlpatterns = [
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("preferences/email-bounce/", views.EmailBounceView.as_view(), name="email-bounce"),
    *router.urls,
]
