from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("automations/triggers", views.TriggerCatalogViewSet, basename="automation-trigger")
router.register("automations/actions", views.ActionCatalogViewSet, basename="automation-action")
router.register("automations/rules", views.RuleViewSet, basename="automation-rule")
router.register("automations/runs", views.UsageLogViewSet, basename="automation-run")

urlpatterns = router.urls
