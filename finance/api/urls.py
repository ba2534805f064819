from django.urls import path
from rest_framework.routers import SimpleRouter

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

urlpatterns = router.urls + [
    path("advances/<int:pk>/budget-impact/", views.AdvanceBudgetView.as_view(), name="advance-budget-impact"),
]
