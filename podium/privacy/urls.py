from __future__ import annotations

from django.urls import path

from podium.privacy import views

app_name = "privacy"
urlpatterns = [
    path("students/<int:student_id>/access-log/", views.student_access_log, name="access_log"),
]
