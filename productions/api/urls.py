from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("productions", views.ProductionViewSet, basename="production")
router.register("production-team", views.TeamMemberViewSet, basename="production-team-member")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("compliance-items", views.ComplianceItemViewSet, basename="compliance-item")

urlpatterns = router.urls
