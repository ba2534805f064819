"""The guest list pages: /guests/ (the reader's allotments), an event's guest list, a guest's pass and
decisions, the door (search, scan, check in, counts) and the event's badges with their PDFs."""

from django.urls import path

from . import views

app_name = "guests"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("event/<int:pk>/", views.event_guests, name="event"),
    path("event/<int:pk>/allotments/", views.add_allotment, name="add_allotment"),
    path("event/<int:pk>/requests/", views.add_request, name="add_request"),
    path("event/<int:pk>/door/", views.door_page, name="door"),
    path("event/<int:pk>/door/counts/", views.door_counts, name="door_counts"),
    path("event/<int:pk>/badges/", views.event_badges, name="badges"),
    path("event/<int:pk>/badges/new/", views.add_badge, name="add_badge"),
    path("event/<int:pk>/badges.pdf", views.event_badges_pdf, name="badges_pdf"),
    path("guest/<int:pk>/pass/", views.guest_pass, name="pass"),
    path("guest/<int:pk>/check-in/", views.door_check_in, name="check_in"),
    path("guest/<int:pk>/<slug:to_status>/", views.decide, name="decide"),
    path("badge/<int:pk>.pdf", views.badge_pdf, name="badge_pdf"),
]
