"""Preparing a conference: the student fills the plan from the binder, with the advisor.

The plan is reached through the access layer: whoever may change the binder
(the student, their advisor, the school's admins) prepares it; only staff
among them sign it off as ready to lead. Anyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import (
    Role,
    can_sign_off,
    get_advisory_for,
    get_cycle_and_student_to_prepare,
    get_cycle_for,
    get_goal_for,
    get_plan_for,
    role_of,
    role_required,
)
from podium.binder import media
from podium.binder.charts import chart_svg
from podium.binder.forms_data import GoalForm, GoalReviewForm, languages_of, step_formset
from podium.binder.models import Goal, GradeBand
from podium.binder.views.work import plays_back_recordings
from podium.conferences.agenda import SectionKind
from podium.conferences.forms_prepare import ChooseGoalsForm, PlanSectionForm
from podium.conferences.models import Booking, Plan, PlanSection
from podium.conferences.planning import (
    Readiness,
    ensure_plan,
    is_filled,
    readiness_of,
    with_readiness,
)
from podium.privacy.models import AccessLog
from podium.roster.models import Student

PREPARERS = (Role.STUDENT, Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
# Readers of a plan's recordings: whoever sees the plan (the family and the
# interpreter hear them in the deck).
LISTENERS = (*PREPARERS, Role.GUARDIAN, Role.INTERPRETER)
STAFF = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


def _log(request: HttpRequest, student: Student, what: str) -> None:
    AccessLog.objects.record(
        user=request.user, role=role_of(request.user), student=student, what=what, path=request.path
    )


def _is_the_student(request: HttpRequest, student: Student) -> bool:
    return student.user_id is not None and student.user_id == request.user.pk


def _plan_url(plan: Plan) -> str:
    return reverse("conferences:plan", args=[plan.cycle_id, plan.student_id])


def _plan_section_for(plan: Plan, section_id: int) -> PlanSection:
    section = (
        PlanSection.objects.filter(plan=plan, pk=section_id)
        .select_related("section__agenda")
        .first()
    )
    if section is None:
        raise Http404
    return section


# --- the plan ---------------------------------------------------------------------


@role_required(*PREPARERS)
@require_GET
def plan(request: HttpRequest, cycle_id: int, student_id: int) -> HttpResponse:
    """The student's preparation: each section of the agenda, the checklist, rehearse, preview."""
    cycle, student = get_cycle_and_student_to_prepare(request.user, cycle_id, student_id)
    found = ensure_plan(cycle=cycle, student=student)
    found = with_readiness(Plan.objects.filter(pk=found.pk).select_related("ready_by")).get()
    _log(request, student, "conference plan")
    readiness = readiness_of(found)
    goals = len(found.goals.all())
    sections = [
        {"plan_section": section, "filled": is_filled(section, goals=goals)}
        for section in found.sections.all()
    ]
    minutes = sum(section.section.minutes for section in found.sections.all())
    booking = (
        Booking.objects.active()
        .filter(cycle=cycle, student=student)
        .select_related("slot__room", "slot__advisor")
        .first()
    )
    band = GradeBand.of(student.grade)
    with timezone.override(cycle.zone):
        return render(
            request,
            "conferences/prepare/plan.html",
            {
                "plan": found,
                "cycle": cycle,
                "student": student,
                "sections": sections,
                "readiness": readiness,
                "minutes": minutes,
                "booking": booking,
                "young": band.is_young,
                "is_the_student": _is_the_student(request, student),
                "may_sign_off": can_sign_off(request.user, found),
            },
        )


# --- one section ------------------------------------------------------------------


def _tiles(form: PlanSectionForm, name: str) -> list[Any]:
    """The checkboxes of a choice field with the object each one stands for."""
    if name not in form.fields:
        return []
    return [(widget, widget.data["value"].instance) for widget in form[name]]


def _attach_audio(
    writer: media.MediaWriter, section: PlanSection, checked: media.CheckedUpload
) -> None:
    writer.save(section.audio, checked.content, checked.extension)
    section.audio_type = checked.content_type
    section.audio_size = checked.size


@role_required(*PREPARERS)
@require_http_methods(["GET", "POST"])
@plays_back_recordings
def plan_section(request: HttpRequest, plan_id: int, section_id: int) -> HttpResponse:
    """One section: what I will say (typed in one or two languages, or recorded) and what I show."""
    found = get_plan_for(request.user, plan_id, write=True)
    section = _plan_section_for(found, section_id)
    student = found.student
    form = PlanSectionForm(
        request.POST or None, request.FILES or None, instance=section, student=student
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        replaced: list[media.StoredName] = []
        with media.files_removed_on_failure() as writer:
            if form.checked is not None or data.get("remove_audio"):
                replaced = media.stored_names(section.audio)
                section.audio.name = ""
                section.audio_type, section.audio_size = "", 0
            if form.checked is not None:
                _attach_audio(writer, section, form.checked)
            with transaction.atomic():
                section = form.save(commit=False)
                section.updated_at = timezone.now()
                section.save()
                form.save_m2m()
                Plan.objects.filter(pk=found.pk).update(updated_at=section.updated_at)
                media.delete_on_commit(replaced)
        messages.success(request, _("Saved."))
        return redirect(_plan_url(found) + f"#section-{section.pk}")
    if request.method == "GET":
        _log(request, student, "conference plan")
    band = GradeBand.of(student.grade)
    measures = [
        (widget, measure, chart_svg(measure, list(measure.points.all()), student.grade))
        for widget, measure in _tiles(form, "measures")
    ]
    return render(
        request,
        "conferences/prepare/section.html",
        {
            "plan": found,
            "section": section,
            "agenda_section": section.section,
            "student": student,
            "form": form,
            "artifacts": _tiles(form, "artifacts"),
            "measures": measures,
            "assessments": _tiles(form, "assessments"),
            "is_goals": section.section.kind == SectionKind.GOALS,
            "band": band,
            "young": band.is_young,
            "is_the_student": _is_the_student(request, student),
        },
        status=400 if request.method == "POST" else 200,
    )


# role_required is typed for views answering HttpResponse; a file is streamed.
@role_required(*LISTENERS)  # type: ignore[type-var]
@require_GET
def plan_section_audio(
    request: HttpRequest, plan_id: int, section_id: int
) -> HttpResponse | StreamingHttpResponse:
    found = get_plan_for(request.user, plan_id)
    section = _plan_section_for(found, section_id)
    if not section.audio:
        raise Http404
    if media.starts_at_beginning(request):
        _log(request, found.student, "conference plan recording")
    suffix = (section.audio.name or "").rsplit(".", 1)[-1]
    stem = slugify(str(section.section.heading))[:40] or "section"
    return media.file_response(
        request,
        section.audio,
        content_type=section.audio_type,
        filename=f"{stem}.{suffix}",
        size=section.audio_size,
    )


# --- goals ------------------------------------------------------------------------


def _goals_to_look_back_on(found: Plan) -> list[Goal]:
    """Last cycle's goals: being worked on since before this plan, or looked back on for it."""
    earlier = found.student.goals.active().filter(created_at__lt=found.created_at)
    reviewed = found.goals.exclude(status=Goal.Status.ACTIVE)
    return list(
        Goal.objects.filter(Q(pk__in=earlier.values("pk")) | Q(pk__in=reviewed.values("pk")))
        .select_related("term")
        .prefetch_related("steps")
        .order_by("-created_at", "-pk")
    )


@role_required(*PREPARERS)
@require_http_methods(["GET", "POST"])
def plan_goals(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Look back on last cycle's goals, then choose or set the goals to present."""
    found = get_plan_for(request.user, plan_id, write=True)
    student = found.student
    current_term = student.school.current_term()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    looking_back = _goals_to_look_back_on(found)
    reviews = {
        goal.pk: GoalReviewForm(
            data if action == f"review-{goal.pk}" else None,
            instance=goal,
            prefix=f"review-{goal.pk}",
        )
        for goal in looking_back
    }
    choose = ChooseGoalsForm(
        data if action == "choose" else None,
        student=student,
        initial={"goals": [goal.pk for goal in found.goals.all() if goal.is_active]},
    )
    new_goal = Goal(student=student, term=current_term)
    new_form = GoalForm(
        data if action == "new" else None,
        instance=new_goal,
        student=student,
        prefix="new",
    )
    steps = step_formset(
        new_goal, data if action == "new" else None, extra=2, languages=languages_of(new_form)
    )

    if action.startswith("review-"):
        goal_id = action.removeprefix("review-")
        if not goal_id.isdigit():
            raise Http404
        goal = get_goal_for(request.user, int(goal_id), write=True)
        if goal.student_id != student.pk or goal.pk not in reviews:
            raise Http404
        form = reviews[goal.pk]
        if form.is_valid():
            was_carried = goal.status == Goal.Status.CARRIED
            with transaction.atomic():
                goal = form.save(commit=False)
                goal.reviewed_at = timezone.now()
                goal.save(update_fields=["status", "review", "review_2", "reviewed_at"])
                found.goals.add(goal)
                if goal.status == Goal.Status.CARRIED and not was_carried:
                    # The goal goes on: its copy is one of this conference's goals.
                    found.goals.add(goal.carry_on(term=current_term))
            messages.success(request, _("Looked back on."))
            return redirect(reverse("conferences:plan_goals", args=[found.pk]) + "#new-goals")
    elif action == "choose":
        if choose.is_valid():
            chosen = list(choose.cleaned_data["goals"])
            with transaction.atomic():
                # Looked-back goals stay; the goals being worked on are the ones ticked.
                found.goals.remove(*found.goals.filter(status=Goal.Status.ACTIVE))
                found.goals.add(*chosen)
            messages.success(request, _("Your goals for the conference are saved."))
            return redirect(_plan_url(found))
    elif action == "new":
        if new_form.is_valid() and steps.is_valid():
            with transaction.atomic():
                goal = new_form.save()
                steps.instance = goal
                steps.save()
                found.goals.add(goal)
            messages.success(request, _("Your goal is set."))
            return redirect(reverse("conferences:plan_goals", args=[found.pk]) + "#new-goals")
    elif request.method == "POST":
        raise Http404

    if request.method == "GET":
        _log(request, student, "goals")
    return render(
        request,
        "conferences/prepare/goals.html",
        {
            "plan": found,
            "student": student,
            "looking_back": [(goal, reviews[goal.pk]) for goal in looking_back],
            "choose": choose,
            "new_form": new_form,
            "steps": steps,
            "young": GradeBand.of(student.grade).is_young,
            "is_the_student": _is_the_student(request, student),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- sign-off -----------------------------------------------------------------------


@role_required(*STAFF)
@require_POST
def plan_ready(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The advisor signs the plan off as ready to lead, or takes it back.

    Signing off with items of the checklist missing is allowed (the advisor
    knows the student; a student may rehearse with them in person), but the
    advisor is told what is missing.
    """
    found = get_plan_for(request.user, plan_id, write=True)
    if not can_sign_off(request.user, found):
        raise Http404
    if request.POST.get("ready") == "0":
        found.ready_at, found.ready_by = None, None
        found.save(update_fields=["ready_at", "ready_by"])
        messages.success(request, _("The sign-off is taken back."))
        return redirect(_plan_url(found))
    if found.ready_at is None:
        found.ready_at, found.ready_by = timezone.now(), request.user  # type: ignore[assignment]
        found.save(update_fields=["ready_at", "ready_by"])
    readiness = readiness_of(with_readiness(Plan.objects.filter(pk=found.pk)).get())
    if readiness.missing:
        messages.warning(
            request,
            _("Signed off as ready to lead. Still missing: %(missing)s.")
            % {"missing": ", ".join(str(label) for label in readiness.missing)},
        )
    else:
        messages.success(request, _("Signed off as ready to lead."))
    return redirect(_plan_url(found))


# --- the advisory at a glance ----------------------------------------------------------


@dataclass(frozen=True)
class AdviseeRow:
    student: Student
    plan: Plan | None
    readiness: Readiness | None
    booking: Booking | None


@role_required(*STAFF)
@require_GET
def readiness(request: HttpRequest, cycle_id: int, advisory_id: int) -> HttpResponse:
    """Each advisee's preparation for the cycle, and their booked time, on one page."""
    cycle = get_cycle_for(request.user, cycle_id)
    advisory = get_advisory_for(request.user, advisory_id)
    if advisory.school_year.school_id != cycle.school_id:
        raise Http404
    students = list(
        Student.objects.active()
        .filter(memberships__advisory=advisory)
        .order_by("last_name", "first_name")
    )
    plans = {
        found.student_id: found
        for found in with_readiness(Plan.objects.filter(cycle=cycle, student__in=students))
    }
    bookings = {
        booking.student_id: booking
        for booking in Booking.objects.active()
        .filter(cycle=cycle, student__in=students)
        .select_related("slot__room")
    }
    rows = [
        AdviseeRow(
            student=student,
            plan=plans.get(student.pk),
            readiness=readiness_of(plans[student.pk]) if student.pk in plans else None,
            booking=bookings.get(student.pk),
        )
        for student in students
    ]
    AccessLog.objects.bulk_create(
        AccessLog(
            user=request.user,  # type: ignore[misc]
            role=role_of(request.user),
            student=student,
            what="conference readiness",
            path=request.path[:300],
        )
        for student in students
    )
    with timezone.override(cycle.zone):
        return render(
            request,
            "conferences/prepare/readiness.html",
            {
                "cycle": cycle,
                "advisory": advisory,
                "rows": rows,
                "ready": sum(1 for row in rows if row.plan is not None and row.plan.is_ready),
            },
        )
