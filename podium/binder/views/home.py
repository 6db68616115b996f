from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts.access import (
    artifacts_visible_to,
    can_edit_binder,
    can_review_binder,
    get_binder_student_for,
    role_of,
)
from podium.binder.charts import chart_svg
from podium.binder.models import GoalStep, GradeBand, Measure
from podium.privacy.models import AccessLog


@login_required
@require_GET
def binder(request: HttpRequest, student_id: int) -> HttpResponse:
    """The student's binder at a glance: their work, their data, their goals."""
    student = get_binder_student_for(request.user, student_id)
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=student,
        what="binder",
        path=request.path,
    )
    work = (
        artifacts_visible_to(request.user)
        .filter(student=student)
        .annotate(reflection_count=Count("reflections"))
        .order_by("-created_at")
    )
    measures = student.measures.prefetch_related("points").order_by("name")
    charts = [
        (measure, chart_svg(measure, list(measure.points.all()), student.grade))
        for measure in measures
    ]
    goals = student.goals.filter(status="active").prefetch_related(
        Prefetch(
            "steps", queryset=GoalStep.objects.order_by(F("due_on").asc(nulls_last=True), "pk")
        )
    )
    return render(
        request,
        "binder/home.html",
        {
            "student": student,
            "band": GradeBand.of(student.grade),
            "work": work,
            "charts": charts,
            "goals": goals,
            "is_own": student.user_id is not None and student.user_id == request.user.pk,
            "can_edit": can_edit_binder(request.user, student),
            "can_review": can_review_binder(request.user, student),
            "Measure": Measure,
        },
    )
