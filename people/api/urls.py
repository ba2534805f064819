from django.urls import path
from rest_framework.routers import SimpleRouter

from . import hiring, views

app_name = "people_api"

router = SimpleRouter(use_regex_path=False)
# The specific prefixes first: "people/<pk>" must not swallow "people/teams".
router.register("people/teams", views.TeamViewSet, basename="team")
router.register("people/positions", views.PositionViewSet, basename="position")
router.register("people/certifications", views.CertificationViewSet, basename="certification")
router.register("people/assignments", views.AssignmentViewSet, basename="assignment")
router.register("people/unavailability", views.UnavailabilityViewSet, basename="unavailability")
router.register("people/time-entries", views.TimeEntryViewSet, basename="timeentry")
router.register("people/openings", hiring.OpeningViewSet, basename="opening")
router.register("people/applications", hiring.ApplicationViewSet, basename="application")
router.register("people/applicant-certificates", hiring.ApplicantCertificateViewSet, basename="applicantcertificate")
router.register("people/interview-notes", hiring.InterviewNoteViewSet, basename="interviewnote")
router.register("people/training-courses", hiring.TrainingCourseViewSet, basename="trainingcourse")
router.register("people/training-sessions", hiring.TrainingSessionViewSet, basename="trainingsession")
router.register("people/training-records", hiring.TrainingRecordViewSet, basename="trainingrecord")
router.register("people", views.PersonViewSet, basename="person")

urlpatterns = [
    path("people/hours-report/", views.HoursReportView.as_view(), name="hours_report"),
    path("people/availability/", views.TeamAvailabilityView.as_view(), name="team_availability"),
    *router.urls,
]
