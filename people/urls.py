from django.urls import path

from dragonfly.core.workspace_views import module_home_urls

from . import views

app_name = "people"
W = "w/<slug:org_slug>/<slug:ws_slug>/"
urlpatterns = module_home_urls("people", views.workspace_home) + [
    path(W + "export.csv", views.directory_export, name="directory_export"),
    path(W + "new/", views.person_new, name="person_new"),
    path(W + "teams/", views.teams, name="teams"),
    path(W + "pick/person/", views.person_picker, name="person_picker"),
    path(W + "positions/", views.positions, name="positions"),
    path(W + "schedule/", views.schedule, name="schedule"),
    path(W + "availability/", views.availability, name="availability"),
    path(W + "assign/", views.assign, name="assign"),
    path(W + "certificates/", views.certifications, name="certifications"),
    path(W + "time/", views.time_entries, name="time_entries"),
    path(W + "time/approve/", views.time_bulk_approve, name="time_bulk_approve"),
    path(W + "hours/", views.hours_report, name="hours_report"),
    path(W + "hours.csv", views.hours_export, name="hours_export"),
    path(W + "hiring/", views.openings, name="openings"),
    path(W + "training/", views.courses, name="courses"),
    path("person/<int:pk>/", views.person_detail, name="person_detail"),
    path("person/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("person/<int:pk>/certificates/", views.certification_add, name="certification_add"),
    path("person/<int:pk>/unavailability/", views.unavailability_add, name="unavailability_add"),
    path("certificate/<int:pk>/remove/", views.certification_remove, name="certification_remove"),
    path("unavailability/<int:pk>/remove/", views.unavailability_remove, name="unavailability_remove"),
    path("assignment/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignment/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("time/<int:pk>/edit/", views.time_entry_edit, name="time_entry_edit"),
    path("time/<int:pk>/approve/", views.time_entry_approve, name="time_entry_approve"),
    path("time/<int:pk>/reject/", views.time_entry_reject, name="time_entry_reject"),
    path("opening/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("opening/<int:pk>/applicants/", views.applicant_add, name="applicant_add"),
    path("opening/<int:pk>/close/", views.opening_close, name="opening_close"),
    path("application/<int:pk>/", views.application_detail, name="application_detail"),
    path("application/<int:pk>/move/", views.application_move, name="application_move"),
    path("application/<int:pk>/notes/", views.interview_note_add, name="interview_note_add"),
    path("application/<int:pk>/certificates/", views.applicant_certificate_add, name="applicant_certificate_add"),
    path("course/<int:pk>/", views.course_detail, name="course_detail"),
    path("course/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("training-session/<int:pk>/", views.session_detail, name="session_detail"),
    path("training-session/<int:pk>/enrol/", views.session_enrol, name="session_enrol"),
    path("training-record/<int:pk>/result/", views.record_result, name="record_result"),
    path("me/", views.my_schedule_page, name="my_schedule"),
    path("me/clock-in/", views.clock_in_view, name="clock_in"),
    path("me/clock-out/", views.clock_out_view, name="clock_out"),
    path("me/hours/", views.my_hours, name="my_hours"),
]
