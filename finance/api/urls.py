from django.urls import path
from rest_framework.routers import SimpleRouter

from . import routing as routing_api
from . import views

router = SimpleRouter(use_regex_path=False)
router.register("companies", views.CompanyViewSet, basename="company")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("budgets", views.BudgetViewSet, basename="budget")
router.register("budget-lines", views.BudgetLineViewSet, basename="budget-line")
router.register("expenses", views.ExpenseViewSet, basename="expense")
router.register("invoices", views.InvoiceViewSet, basename="invoice")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("rfqs", views.RfqViewSet, basename="rfq")
router.register("bids", views.BidViewSet, basename="bid")
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("purchase-orders", views.PurchaseOrderViewSet, basename="purchase-order")
router.register("preferred-vendors", routing_api.PreferredVendorViewSet, basename="preferred-vendor")

urlpatterns = router.urls + [
    path("advances/<int:pk>/budget-impact/", views.AdvanceBudgetView.as_view(), name="advance-budget-impact"),
    # vendor routing (issue 22)
    path("advances/<int:pk>/routing/", routing_api.AdvanceRoutingView.as_view(), name="advance-routing"),
    path("advances/<int:pk>/routing/reroute/", routing_api.AdvanceRerouteView.as_view(), name="advance-reroute"),
    path(
        "advances/<int:pk>/routing/confirm/",
        routing_api.AdvanceRoutingConfirmView.as_view(),
        name="advance-routing-confirm",
    ),
]
