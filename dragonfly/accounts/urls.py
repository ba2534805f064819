from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import admin_area_views, login_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile_view, name="profile"),
    path("security/", login_views.security, name="security"),
    path("security/two-factor/start/", login_views.security_start, name="security_start"),
    path("security/two-factor/confirm/", login_views.security_confirm, name="security_confirm"),
    path("security/two-factor/disable/", login_views.security_disable, name="security_disable"),
    path("organization/settings/", views.organization_settings_view, name="organization_settings"),
    path("organization/", admin_area_views.admin_home, name="admin_home"),
    path("organization/workspaces/<int:workspace_id>/", admin_area_views.workspace_settings, name="workspace_settings"),
    path("organization/roles/", admin_area_views.role_matrix, name="role_matrix"),
    path("organization/members/assign/", admin_area_views.assign_member_role, name="assign_role"),
    path("organization/audit/", admin_area_views.audit_log, name="audit_log"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
