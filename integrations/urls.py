"""The integrations pages: /integrations/ (connect, test, disconnect), an invoice's card pay link,
and the providers' webhooks."""

from django.urls import path

from . import views
from .sso import views as sso_views

app_name = "integrations"
urlpatterns = [
    path("", views.connections, name="connections"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("invoices/<int:pk>/pay-link/", views.pay_link, name="pay_link"),
    path("orders/<int:pk>/pay-link/", views.order_pay_link, name="order_pay_link"),
    path("stripe/webhook/<str:token>/", views.stripe_webhook, name="stripe_webhook"),
    path("sso/", sso_views.sso_settings, name="sso_settings"),
    path("sso/<int:pk>/check/", sso_views.sso_check, name="sso_check"),
    path("sso/<int:pk>/remove/", sso_views.sso_remove, name="sso_remove"),
    # Public: the sign-in with an organization's OpenID Connect provider
    path("sso/login/", sso_views.sso_start, name="sso_start"),
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
]
