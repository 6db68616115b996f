from __future__ import annotations

from django.urls import path

from podium.roster import views

app_name = "roster"
urlpatterns = [
    path("students/<int:student_id>/", views.student_detail, name="student"),
    path("students/<int:student_id>/password/", views.student_password, name="student_password"),
    path("students/<int:student_id>/badge/reissue/", views.reissue_badge, name="reissue_badge"),
    path("advisories/<int:advisory_id>/", views.advisory_detail, name="advisory"),
    path("advisories/<int:advisory_id>/badges/", views.advisory_badges, name="advisory_badges"),
]
