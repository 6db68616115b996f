from __future__ import annotations

from django.urls import path

from podium.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.cycles, name="cycles"),
    path("<int:cycle_id>/family/", views.family, name="family"),
    path("<int:cycle_id>/together/", views.book_together, name="book_together"),
    path("<int:cycle_id>/student/<int:student_id>/", views.student, name="student"),
    path("<int:cycle_id>/availability/<int:staff_id>/", views.availability, name="availability"),
    path("<int:cycle_id>/advisor/<int:staff_id>/", views.advisor_day, name="advisor_day"),
    path("<int:cycle_id>/schedule/", views.schedule, name="schedule"),
    path("day/<int:day_id>/move/", views.move_day, name="move_day"),
    path("booking/<int:booking_id>/", views.booking, name="booking"),
    path("booking/<int:booking_id>/move/", views.booking_move, name="booking_move"),
    path("booking/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("booking/<int:booking_id>/calendar.ics", views.booking_ics, name="booking_ics"),
]
