"""The integrations pages: /integrations/ (connect, test, disconnect), an invoice's card pay link,
and the providers' webhooks."""

from django.urls import include, path

from . import views
from .accounting import views as accounting
from .crm import views as crm_views
from .sms import views as sms
from .sso import views as sso_views

app_name = "integrations"
urlpatterns = [
    path("", views.connections, name="connections"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("invoices/<int:pk>/pay-link/", views.pay_link, name="pay_link"),
    path("orders/<int:pk>/pay-link/", views.order_pay_link, name="order_pay_link"),
    path("accounting/", accounting.account_mapping, name="account_mapping"),
    path("accounting/export/", accounting.accounting_export, name="accounting_export"),
    path("accounting/xero/connect/", accounting.xero_connect, name="xero_connect"),
    path("accounting/xero/callback/", accounting.xero_callback, name="xero_callback"),
    path("accounting/quickbooks/connect/", accounting.quickbooks_connect, name="quickbooks_connect"),
    path("accounting/quickbooks/callback/", accounting.quickbooks_callback, name="quickbooks_callback"),
    path("accounting/<int:pk>/push/", accounting.accounting_push, name="accounting_push"),
    path("stripe/webhook/<str:token>/", views.stripe_webhook, name="stripe_webhook"),
    path("sms/connect/", sms.connect, name="sms_connect"),
    path("sms/alerts/", sms.sms_alerts, name="sms_alerts"),
    path("sms/twilio/<str:token>/status/", sms.twilio_status, name="twilio_status"),
    path("sms/twilio/<str:token>/inbound/", sms.twilio_inbound, name="twilio_inbound"),
    path("calendar/", include("integrations.calendar.urls")),
    # CRM and analytics cards (integrations/crm/views.py)
    path("crm/connect/", crm_views.crm_connect, name="crm_connect"),
    path("crm/<int:pk>/sync/", crm_views.crm_sync, name="crm_sync"),
    path("crm/<int:pk>/deals-workspace/", crm_views.crm_deals_workspace, name="crm_deals_workspace"),
    path("analytics/connect/", crm_views.analytics_connect, name="analytics_connect"),
    path("analytics/<int:pk>/disconnect/", crm_views.analytics_disconnect, name="analytics_disconnect"),
    path("sso/", sso_views.sso_settings, name="sso_settings"),
    path("sso/<int:pk>/check/", sso_views.sso_check, name="sso_check"),
    path("sso/<int:pk>/remove/", sso_views.sso_remove, name="sso_remove"),
    # Public: the sign-in with an organization's OpenID Connect provider
    path("sso/login/", sso_views.sso_start, name="sso_start"),
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
]
