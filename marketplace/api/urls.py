from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("marketplace/listings", views.ListingViewSet, basename="marketplace-listing")
router.register("marketplace/orders", views.OrderViewSet, basename="marketplace-order")
router.register("marketplace/reviews", views.ReviewViewSet, basename="marketplace-review")

urlpatterns = router.urls
