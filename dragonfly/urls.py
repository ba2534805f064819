from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from dragonfly.accounts import invitation_views, login_views, signup_views
from dragonfly.core import pwa
from dragonfly.core import views as core_views
from dragonfly.webhooks.urls import incoming_patterns

auth_patterns = [
    # The password, then (for a user with an authenticator) its code: dragonfly/accounts/login_views.py
    path("login/", login_views.PasswordLoginView.as_view(), name="login"),
    path("login/verify/", login_views.login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # An account of an SSO-enforced domain gets no reset link (login_views.PolicyPasswordResetForm)
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=login_views.PolicyPasswordResetForm),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("signup/", signup_views.signup_view, name="signup"),
    path("signup/sent/", signup_views.signup_sent_view, name="signup_sent"),
    path("signup/verify/<str:token>/", signup_views.verify_view, name="signup_verify"),
    path("start/", signup_views.start_organization_view, name="start_organization"),
]

invitation_patterns = [
    path("", invitation_views.invitation_list, name="invitations"),
    path("import/", invitation_views.invitation_import, name="invitation_import"),
    path("<int:pk>/resend/", invitation_views.invitation_resend, name="invitation_resend"),
    path("<int:pk>/revoke/", invitation_views.invitation_revoke, name="invitation_revoke"),
    path("accept/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
    path("members/", invitation_views.member_list, name="members"),
    path("members/<str:username>/remove/", invitation_views.member_remove, name="member_remove"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("getting-started/dismiss/", core_views.dismiss_checklist, name="dismiss_checklist"),
    path("healthz", core_views.healthz, name="healthz"),
    path("workspace/switch/", core_views.switch_workspace, name="switch_workspace"),
    path("accounts/", include(auth_patterns)),
    # The language switch on the sign-in and sign-up pages (a POST form; it sets a cookie).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("me/", include("dragonfly.accounts.urls")),
    path("me/tokens/", include("dragonfly.tokens.urls")),
    path("invitations/", include(invitation_patterns)),
    path("notifications/", include("dragonfly.notifications.urls")),
    path("files/", include("dragonfly.files.urls")),
    path("advancing/", include("advancing.urls")),
    path("productions/", include("productions.urls")),
    path("events/", include("events.urls")),
    path("events/", include("locations.urls")),  # the venue pages sit in the Events section
    path("people/", include("people.urls")),
    path("assets/", include("assets.urls")),
    path("finance/", include("finance.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("search/", include("search.urls")),
    path("profiles/", include("profiles.urls")),
    path("jobs/", include("jobs.urls")),
    path("resources/", include("resources.urls")),
    path("marketplace/", include("marketplace.urls")),
    path("community/", include("community.urls")),
    path("reports/", include("reports.urls")),
    path("webhooks/", include("dragonfly.webhooks.urls")),
    path("broadcasts/", include("dragonfly.broadcasts.urls")),
    # Incoming webhooks: signed per Standard Webhooks, one URL per source (dragonfly/webhooks/incoming.py).
    path("hooks/in/", include((incoming_patterns, "hooks"))),
    # Email providers' delivery and inbound webhooks (anymail's views; basic auth: dragonfly/notifications/hooks.py).
    path("hooks/email/", include(("dragonfly.notifications.hooks", "email_hooks"))),
    path("automations/", include("automations.urls")),
    path("integrations/", include("integrations.urls")),
    path("daysheets/", include("daysheets.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include("dragonfly.tenancy.api.urls")),
    path("api/", include("dragonfly.accounts.api.urls")),
    path("api/", include("dragonfly.files.api.urls")),
    path("api/", include("dragonfly.tokens.api.urls")),
    path("api/", include("advancing.api.urls")),
    path("api/", include("productions.api.urls")),
    path("api/", include("locations.api.urls")),
    path("api/", include("events.api.urls")),
    path("api/", include("people.api.urls")),
    path("api/", include("assets.api.urls")),
    path("api/", include("finance.api.urls")),
    path("api/", include("dashboard.api.urls")),
    path("api/", include("search.api.urls")),
    path("api/", include("profiles.api.urls")),
    path("api/", include("jobs.api.urls")),
    path("api/", include("resources.api.urls")),
    path("api/", include("marketplace.api.urls")),
    path("api/", include("community.api.urls")),
    path("api/", include("reports.api.urls")),
    path("api/", include("dragonfly.webhooks.api.urls")),
    path("api/", include("dragonfly.broadcasts.api.urls")),
    path("api/", include("automations.api.urls")),
    path("api/", include("integrations.api.urls")),
    path("api/", include("daysheets.api.urls")),
    # The split view serves Swagger UI's start-up script from a URL: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    # The installable app (dragonfly/core/pwa.py): its service worker sits at the root to control every page.
    path("manifest.webmanifest", pwa.manifest, name="webmanifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
]

handler400 = "dragonfly.core.views.error_400"
handler403 = "dragonfly.core.views.error_403"
handler404 = "dragonfly.core.views.error_404"
handler500 = "dragonfly.core.views.error_500"

# Guest lists, the door and accreditation (issue 22): its pages and its API.
urlpatterns += [
    path("guests/", include("guests.urls")),
    path("api/", include("guests.api.urls")),
]
