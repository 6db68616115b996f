from __future__ import annotations

from django.urls import path

from podium.binder.views import assess, data, goals, home, targets, work

app_name = "binder"
urlpatterns = [
    # The binder of one student.
    path("students/<int:student_id>/", home.binder, name="binder"),
    path("students/<int:student_id>/work/new/", work.add, name="work_add"),
    path("students/<int:student_id>/assess/", assess.assess, name="assess"),
    path("students/<int:student_id>/data/", data.measures, name="data"),
    path("students/<int:student_id>/data/new/", data.add_measure, name="measure_add"),
    path("students/<int:student_id>/goals/", goals.goals, name="goals"),
    path("students/<int:student_id>/goals/new/", goals.add, name="goal_add"),
    # Work.
    path("work/<int:artifact_id>/", work.detail, name="work"),
    path("work/<int:artifact_id>/edit/", work.edit, name="work_edit"),
    path("work/<int:artifact_id>/delete/", work.delete, name="work_delete"),
    path("work/<int:artifact_id>/reflection/", work.reflect, name="reflect"),
    path(
        "work/<int:artifact_id>/reflection/<str:prompt>/audio/",
        work.reflection_audio,
        name="reflection_audio",
    ),
    path("work/<int:artifact_id>/approve/", work.approve, name="work_approve"),
    path("work/<int:artifact_id>/comment/", work.comment, name="work_comment"),
    path("work/<int:artifact_id>/share/", work.share, name="work_share"),
    path("work/<int:artifact_id>/file/", work.file, name="work_file"),
    path("work/<int:artifact_id>/thumbnail/", work.thumbnail, name="work_thumbnail"),
    # An advisor's queue of work waiting for approval.
    path("advisories/<int:advisory_id>/review/", work.review, name="review"),
    # Data.
    path("measures/<int:measure_id>/", data.measure, name="measure"),
    path("measures/<int:measure_id>/chart.svg", data.chart, name="measure_chart"),
    # Goals.
    path("goals/<int:goal_id>/", goals.edit, name="goal"),
    path("goals/<int:goal_id>/review/", goals.review, name="goal_review"),
    path("goals/<int:goal_id>/steps/<int:step_id>/done/", goals.step_done, name="goal_step_done"),
    # The school's learning targets.
    path("targets/", targets.targets, name="targets"),
    path("targets/new/", targets.add, name="target_add"),
    path("targets/<int:target_id>/", targets.edit, name="target"),
]
