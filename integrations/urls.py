"""The integrations pages: /integrations/ (connect, test, disconnect), an invoice's card pay link,
and the providers' webhooks."""

from django.urls import path

from . import views
from .crm import views as crm_views

app_name = "integrations"
urlpatterns = [
    path("", views.connections, name="connections"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/disconnect/", views.disconnect, name="disconnect"),
    path("invoices/<int:pk>/pay-link/", views.pay_link, name="pay_link"),
    path("orders/<int:pk>/pay-link/", views.order_pay_link, name="order_pay_link"),
    path("stripe/webhook/<str:token>/", views.stripe_webhook, name="stripe_webhook"),
    # CRM and analytics cards (integrations/crm/views.py)
    path("crm/connect/", crm_views.crm_connect, name="crm_connect"),
    path("crm/<int:pk>/sync/", crm_views.crm_sync, name="crm_sync"),
    path("crm/<int:pk>/deals-workspace/", crm_views.crm_deals_workspace, name="crm_deals_workspace"),
    path("analytics/connect/", crm_views.analytics_connect, name="analytics_connect"),
    path("analytics/<int:pk>/disconnect/", crm_views.analytics_disconnect, name="analytics_disconnect"),
]
