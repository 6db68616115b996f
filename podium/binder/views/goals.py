"""The student's goals: next steps, evidence, and the look back a term later."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import (
    artifacts_visible_to,
    can_edit_binder,
    get_binder_student_for,
    get_goal_for,
    role_of,
)
from podium.binder.charts import chart_svg
from podium.binder.forms_data import GoalForm, GoalReviewForm, languages_of, step_formset
from podium.binder.models import DataPoint, Goal, GoalStep, Measure
from podium.privacy.models import AccessLog
from podium.roster.models import Student


def _log(request: HttpRequest, student: Student) -> None:
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=student,
        what="goals",
        path=request.path,
    )


def _goals_url(student_id: int, goal_id: int | None = None) -> str:
    url = reverse("binder:goals", args=[student_id])
    return f"{url}#goal-{goal_id}" if goal_id else url


def _evidence(request: HttpRequest) -> list[Prefetch[Any]]:
    """What a page shows of each goal: steps, work (only what this person may see), data."""
    return [
        # Steps without a date last, on SQLite as on PostgreSQL.
        Prefetch(
            "steps", queryset=GoalStep.objects.order_by(F("due_on").asc(nulls_last=True), "pk")
        ),
        Prefetch(
            "artifacts",
            queryset=artifacts_visible_to(request.user).order_by("-created_at"),
        ),
        Prefetch(
            "measures",
            queryset=Measure.objects.order_by("name").prefetch_related(
                Prefetch("points", queryset=DataPoint.objects.order_by("on"))
            ),
        ),
    ]


@login_required
@require_GET
def goals(request: HttpRequest, student_id: int) -> HttpResponse:
    """Goals being worked on, those from an earlier term waiting for a look back, and done ones."""
    student = get_binder_student_for(request.user, student_id)
    _log(request, student)
    current_term = student.school.current_term()
    everything = list(
        student.goals.select_related("term")
        .prefetch_related(*_evidence(request))
        .order_by("-created_at", "-pk")
    )
    waiting = [goal for goal in everything if goal.waits_for_review(current_term)]
    active = [goal for goal in everything if goal.is_active and goal not in waiting]
    reviewed = sorted(
        (goal for goal in everything if not goal.is_active),
        key=lambda goal: goal.reviewed_at or goal.created_at,
        reverse=True,
    )
    return render(
        request,
        "binder/goals/goals.html",
        {
            "student": student,
            "waiting": waiting,
            "active": active,
            "reviewed": reviewed,
            "current_term": current_term,
            "can_edit": can_edit_binder(request.user, student),
        },
    )


def _second_language(student: Student) -> str:
    """The family's language, when it is not English: the likely second column."""
    languages = student.guardian_links.exclude(guardian__home_language="en").values_list(
        "guardian__home_language", flat=True
    )
    return languages.first() or ""


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest, student_id: int) -> HttpResponse:
    student = get_binder_student_for(request.user, student_id, write=True)
    goal = Goal(student=student, term=student.school.current_term())
    data = request.POST if request.method == "POST" else None
    form = GoalForm(
        data, instance=goal, student=student, initial={"language_2": _second_language(student)}
    )
    steps = step_formset(
        goal,
        data,
        extra=3,
        languages=languages_of(form),
    )
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        with transaction.atomic():
            goal = form.save()
            steps.instance = goal
            steps.save()
        messages.success(request, _("Your goal is set."))
        return redirect(_goals_url(student.pk, goal.pk))
    if request.method == "GET":
        _log(request, student)  # The form lists the student's work and data.
    return render(
        request,
        "binder/goals/goal_form.html",
        {"student": student, "form": form, "steps": steps, "goal": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = get_goal_for(request.user, goal_id, write=True)
    student = goal.student
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, instance=goal, student=student)
    steps = step_formset(
        goal,
        data,
        extra=2,
        languages=languages_of(form),
    )
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        with transaction.atomic():
            form.save()
            steps.save()
        messages.success(request, _("Saved."))
        return redirect(_goals_url(student.pk, goal.pk))
    if request.method == "GET":
        _log(request, student)
    return render(
        request,
        "binder/goals/goal_form.html",
        {"student": student, "form": form, "steps": steps, "goal": goal},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, goal_id: int) -> HttpResponse:
    """Looking back: what I said I'd do, beside what happened."""
    goal = get_goal_for(request.user, goal_id, write=True)
    student = goal.student
    was_carried = goal.status == Goal.Status.CARRIED
    form = GoalReviewForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            goal = form.save(commit=False)
            goal.reviewed_at = timezone.now()
            goal.save(update_fields=["status", "review", "review_2", "reviewed_at"])
            if goal.status == Goal.Status.CARRIED and not was_carried:
                goal.carry_on(term=student.school.current_term())
        if goal.status == Goal.Status.CARRIED and not was_carried:
            messages.success(request, _("Looked back on. The goal carries on: set its next steps."))
        else:
            messages.success(request, _("Looked back on."))
        return redirect(_goals_url(student.pk, goal.pk))

    _log(request, student)
    goal = (
        Goal.objects.select_related("term", "student__school")
        .prefetch_related(*_evidence(request))
        .get(pk=goal.pk)
    )
    charts = [
        (
            measure,
            chart_svg(
                measure,
                list(measure.points.all()),
                student.grade,
                chart_id=f"review-chart-{measure.pk}",
            ),
        )
        for measure in goal.measures.all()
    ]
    return render(
        request,
        "binder/goals/review.html",
        {
            "student": student,
            "goal": goal,
            "form": form,
            "charts": charts,
            "steps_done": sum(1 for step in goal.steps.all() if step.done_at),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def step_done(request: HttpRequest, goal_id: int, step_id: int) -> HttpResponse:
    """Tick a next step off (or back on): a POST from the goals page, swapped in place with htmx."""
    goal = get_goal_for(request.user, goal_id, write=True)
    step = get_object_or_404(GoalStep, goal=goal, pk=step_id)
    step.done_at = timezone.now() if request.POST.get("done", "1") == "1" else None
    step.save(update_fields=["done_at"])
    if request.htmx:  # type: ignore[attr-defined]
        with timezone.override(goal.student.school.zone):
            return render(
                request,
                "binder/goals/goals.html#step",
                {"step": step, "goal": goal, "student": goal.student, "can_edit": True},
            )
    return redirect(_goals_url(goal.student_id, goal.pk))
