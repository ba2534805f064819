from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter(use_regex_path=False)
router.register("resources/materials", views.MaterialViewSet, basename="resource-material")
router.register("resources/courses", views.CourseViewSet, basename="resource-course")
router.register("resources/lessons", views.LessonViewSet, basename="resource-lesson")
router.register("resources/enrolments", views.EnrolmentViewSet, basename="resource-enrolment")
router.register("resources/grants", views.GrantViewSet, basename="resource-grant")
router.register("resources/grant-applications", views.GrantApplicationViewSet, basename="resource-grant-application")

urlpatterns = router.urls
