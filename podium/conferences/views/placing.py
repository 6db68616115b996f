"""The school-wide schedule: families give their times; the office runs, reviews and publishes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import get_cycle_for, get_run_for, role_required
from podium.accounts.models import User
from podium.conferences import placing
from podium.conferences.forms_placing import AdjustForm, RunForm, TimesForm
from podium.conferences.models import Cycle, FamilyTimes, FamilyWindow, ScheduleRun, Slot
from podium.conferences.views.booking import (
    FAMILY,
    LANGUAGE_NAMES,
    MANAGERS,
    children_to_book,
    guardian_of,
    log_read,
)
from podium.roster.models import Guardian, Student, StudentGuardian

# A run still queued or running after this long was lost with its worker.
STALE_AFTER = dt.timedelta(minutes=20)

# --- families -------------------------------------------------------------------------


@role_required(*FAMILY)
@require_http_methods(["GET", "POST"])
def family_times(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """A family tells the school when they can come; the school places them."""
    cycle = get_cycle_for(request.user, cycle_id)
    if not cycle.collects_times:
        return redirect("conferences:family", cycle.pk)
    guardian = guardian_of(request)
    assert guardian is not None
    children = children_to_book(request, cycle, guardian)
    household = Guardian.objects.filter(
        student_links__student__in=children, student_links__may_book=True
    ).distinct()
    answered = (
        FamilyTimes.objects.filter(cycle=cycle, guardian__in=household)
        .select_related("guardian", "preferred_day")
        .order_by("-updated_at", "-pk")
        .first()
    )
    days = list(cycle.days.order_by("on"))
    with timezone.override(cycle.zone):
        initial = TimesForm.initial_from(answered, cycle) if answered else {}
        if not answered and guardian.home_language != "en":
            initial["interpreter_language"] = guardian.home_language
        form = TimesForm(request.POST or None, cycle=cycle, days=days, initial=initial)
        if request.method == "POST":
            if not cycle.takes_times():
                form.is_valid()
                form.add_error(None, closed_message(cycle))
            elif form.is_valid():
                save_times(cycle, guardian, form, by=request.user)  # type: ignore[arg-type]
                messages.success(
                    request, _("Thank you. We will send you your times when the schedule is ready.")
                )
                return redirect("conferences:family_times", cycle.pk)
        for child in children:
            log_read(request, child, "conference times")
        return render(
            request,
            "conferences/placing/times.html",
            {
                "cycle": cycle,
                "children": children,
                "form": form,
                "answered": answered,
                "open": cycle.takes_times(),
                "closes": cycle.times_close_at or cycle.booking_closes_at,
            },
            status=400 if form.errors else 200,
        )


def closed_message(cycle: Cycle) -> str:
    closes = timezone.localtime(cycle.times_close_at or cycle.booking_closes_at, cycle.zone)
    if timezone.now() < cycle.booking_opens_at:
        return _("The school starts collecting times on %(when)s.") % {
            "when": formats.date_format(
                timezone.localtime(cycle.booking_opens_at, cycle.zone), "DATETIME_FORMAT"
            )
        }
    message = _("The school stopped collecting times on %(when)s.") % {
        "when": formats.date_format(closes, "DATETIME_FORMAT")
    }
    if cycle.contact:
        message += " " + _("Please contact %(contact)s.") % {"contact": cycle.contact}
    return message


@transaction.atomic
def save_times(cycle: Cycle, guardian: Guardian, form: TimesForm, *, by: User) -> None:
    data = form.cleaned_data
    times, _created = FamilyTimes.objects.update_or_create(
        cycle=cycle,
        guardian=guardian,
        defaults={
            "interpreter_language": data.get("interpreter_language") or "",
            "time_of_day": data.get("time_of_day") or "",
            "preferred_day_id": int(data["preferred_day"]) if data.get("preferred_day") else None,
            "mode": data["mode"],
            "note": data.get("note", ""),
            "updated_at": timezone.now(),
            "updated_by": by,
        },
    )
    times.windows.all().delete()
    FamilyWindow.objects.bulk_create(
        FamilyWindow(times=times, day=day, starts=s, ends=e) for day, s, e in form.windows()
    )


# --- the office -------------------------------------------------------------------------


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def schedule_runs(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Who has answered, the runs so far, and a new run."""
    cycle = get_cycle_for(request.user, cycle_id, manage=True)
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not cycle.collects_times:
            form.is_valid()
            form.add_error(None, _("This cycle's schedule is published, or families book it."))
        elif ScheduleRun.objects.filter(
            cycle=cycle,
            status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING],
            # A run a stopped worker never finished does not block the next one.
            created_at__gt=timezone.now() - STALE_AFTER,
        ).exists():
            form.is_valid()
            form.add_error(None, _("A run is under way; wait for it to finish."))
        elif form.is_valid():
            run = placing.start(
                cycle,
                by=request.user,  # type: ignore[arg-type]
                time_limit=form.cleaned_data["time_limit"],
            )
            return redirect("conferences:schedule_run", run.pk)
    guardians = StudentGuardian.objects.filter(
        student__school=cycle.school,
        student__is_active=True,
        student__memberships__school_year=cycle.school_year,
        may_book=True,
    )
    answered = FamilyTimes.objects.filter(cycle=cycle)
    return render(
        request,
        "conferences/placing/runs.html",
        {
            "cycle": cycle,
            "form": form,
            "runs": cycle.schedule_runs.all()[:20],
            "guardians": guardians.values("guardian_id").distinct().count(),
            "answered": answered.count(),
            "interpreters": [
                (
                    LANGUAGE_NAMES.get(row["interpreter_language"], row["interpreter_language"]),
                    row["n"],
                )
                for row in answered.exclude(interpreter_language="")
                .values("interpreter_language")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ],
        },
        status=400 if form.errors else 200,
    )


@role_required(*MANAGERS)
@require_GET
def schedule_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: its progress while it works, then the draft to review, adjust and publish."""
    run = get_run_for(request.user, run_id)
    if run.is_working:
        polled = request.htmx  # type: ignore[attr-defined]
        template = "_progress.html" if polled else "run.html"
        return render(request, f"conferences/placing/{template}", {"run": run, "cycle": run.cycle})
    context: dict[str, object] = {"run": run, "cycle": run.cycle}
    if run.status in {ScheduleRun.Status.DONE, ScheduleRun.Status.PUBLISHED}:
        try:
            found = placing.review(run)
        except placing.PlacingError as error:
            # The cycle changed since the run (its days, its format): say what to mend.
            context["error"] = str(error)
            return render(request, "conferences/placing/run.html", context)
        context |= {"review": found, "figures": found.figures()}
        student_id = request.GET.get("student", "")
        if run.status == ScheduleRun.Status.DONE and student_id.isdigit():
            context["adjust"] = adjust_form_for(run, found, int(student_id))
        for row in found.rows:
            log_read(request, row.student, "school-wide schedule")
    response = render(request, "conferences/placing/run.html", context)
    if request.htmx:  # type: ignore[attr-defined]
        # The run finished while the page polled: show the whole review.
        response["HX-Refresh"] = "true"
    return response


@dataclass
class Adjusting:
    student: Student
    form: AdjustForm


def adjust_form_for(
    run: ScheduleRun, found: placing.Review, student_id: int, data: QueryDict | None = None
) -> Adjusting | None:
    """The form moving one student of the draft: any of their advisor's times, or none."""
    key = placing.student_key(student_id)
    student = found.built.students.get(key)
    if student is None or key in found.built.instance.locked_by_student:
        return None
    advisor = found.built.instance.student_by_id[key].staff[0]
    taken = {
        placed["slot"]: found.built.students.get(other)
        for other, placed in run.draft.get("assignments", {}).items()
    }
    choices = []
    with timezone.override(run.cycle.zone):
        for slot in Slot.objects.filter(
            pk__in=list(found.built.slot_minute), advisor_id=placing.pk_of(advisor)
        ).order_by("starts_at"):
            label = formats.date_format(timezone.localtime(slot.starts_at), "D j M, H:i")
            who = taken.get(slot.pk)
            if who is not None:
                label += " · " + who.display_name
            choices.append((slot.pk, label))
    current = run.draft.get("assignments", {}).get(key, {}).get("slot")
    form = AdjustForm(data, slots=choices, initial={"student": student_id, "slot": current})
    return Adjusting(student, form)


@role_required(*MANAGERS)
@require_POST
def schedule_run_adjust(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_run_for(request.user, run_id)
    if run.status != ScheduleRun.Status.DONE:
        messages.error(request, _("Only a finished run that is not published can be changed."))
        return redirect("conferences:schedule_run", run.pk)
    try:
        found = placing.review(run)
    except placing.PlacingError as error:
        messages.error(request, str(error))
        return redirect("conferences:schedule_run", run.pk)
    student_id = request.POST.get("student", "")
    adjusting = (
        adjust_form_for(run, found, int(student_id), request.POST) if student_id.isdigit() else None
    )
    if adjusting is None:
        raise Http404
    form = adjusting.form
    if form.is_valid():
        slot_id = form.cleaned_data["slot"]
        slot = Slot.objects.filter(pk=slot_id, day__cycle=run.cycle).first() if slot_id else None
        try:
            placing.adjust(run, student=adjusting.student, slot=slot)
        except placing.AdjustError as error:
            form.add_error("slot", str(error))
        else:
            messages.success(request, _("Changed. The figures below count the change."))
            return redirect("conferences:schedule_run", run.pk)
    context = {
        "run": run,
        "cycle": run.cycle,
        "review": found,
        "figures": found.figures(),
        "adjust": adjusting,
    }
    return render(request, "conferences/placing/run.html", context, status=400)


@role_required(*MANAGERS)
@require_POST
def schedule_run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_run_for(request.user, run_id)
    try:
        made = placing.publish(run, by=request.user)  # type: ignore[arg-type]
    except placing.PublishError as error:
        messages.error(request, str(error))
        return redirect("conferences:schedule_run", run.pk)
    messages.success(
        request,
        ngettext(
            "Published: %(n)s conference booked; every family hears about their times.",
            "Published: %(n)s conferences booked; every family hears about their times.",
            made,
        )
        % {"n": made},
    )
    return redirect("conferences:schedule_run", run.pk)
