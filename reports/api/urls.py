from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("reports/templates", views.ReportTemplateViewSet, basename="report-template")
router.register("reports/saved", views.SavedReportViewSet, basename="saved-report")
router.register("reports/exports", views.ExportJobViewSet, basename="report-export")

urlpatterns = router.urls
