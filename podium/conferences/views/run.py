"""The advisor's console: check-in, section times, notes, the family's input, the outcome.

Only the student's advisor or an admin runs a conference (get_booking_to_run);
everyone else gets a 404. Each POST changes one thing through
podium.conferences.running and comes back to the console (or, for a
commitment typed in presentation mode, to the deck's slide).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from podium.accounts.access import (
    Role,
    follow_ups_visible_to,
    get_booking_to_run,
    get_follow_up_for,
    role_of,
    role_required,
)
from podium.accounts.models import User
from podium.conferences import running
from podium.conferences.forms_run import (
    PRIVATE_TIME,
    CheckInForm,
    FamilyInputForm,
    NoteForm,
    OutcomeForm,
    seconds_from,
)
from podium.conferences.models import Booking, Conference
from podium.outreach.models import language_of
from podium.privacy.models import AccessLog
from podium.roster.models import Guardian

STAFF = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


def _guardians(booking: Booking) -> list[Guardian]:
    links = booking.student.guardian_links.select_related("guardian__user").order_by(
        "guardian__first_name"
    )
    return [link.guardian for link in links]


def _family_language(booking: Booking) -> str:
    if booking.guardian is not None:
        return booking.guardian.home_language
    guardians = _guardians(booking)
    return guardians[0].home_language if guardians else "en"


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _checkin_form(booking: Booking, data: Any = None) -> CheckInForm:
    return CheckInForm(
        data,
        guardians=_guardians(booking),
        interpreter=booking.interpreter,
        default_mode=booking.mode,
    )


def _outcome_initial(booking: Booking, conference: Conference) -> dict[str, Any]:
    """Held, from the recorded times when there are some, else the booked slot."""
    zone = booking.cycle.zone
    started = conference.started_at or booking.slot.starts_at
    ended = conference.ended_at
    if ended is None:
        recorded = sum(time.seconds for time in conference.times.all())
        ended = started + dt.timedelta(seconds=recorded) if recorded else booking.slot.ends_at
    return {
        "outcome": conference.outcome or Conference.Outcome.HELD,
        "started": timezone.localtime(started, zone).time().replace(second=0, microsecond=0),
        "ended": timezone.localtime(ended, zone).time().replace(second=0, microsecond=0),
    }


def _console(
    request: HttpRequest,
    booking: Booking,
    conference: Conference,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    times = {time.section_id: time.seconds for time in conference.times.all()}
    sections = running.sections_of(conference)
    rows = []
    for section in sections:
        seconds = times.get(section.pk)
        rows.append(
            {
                "section": section,
                "seconds": seconds,
                "time": f"{seconds // 60}:{seconds % 60:02d}" if seconds is not None else "",
                "long": seconds is not None and seconds > section.minutes * 60,
            }
        )
    guardians = _guardians(booking)
    attendance = list(conference.attendance.all())
    checkin = forms.get("checkin_form")
    if checkin is None:
        initial: dict[str, Any] = {}
        for row in attendance:
            if row.guardian_id:
                initial[f"guardian_{row.guardian_id}"] = True
                initial[f"guardian_{row.guardian_id}_mode"] = row.mode
            elif row.staff_id:
                initial["interpreter"] = True
                initial["interpreter_mode"] = row.mode
        dream_team = [row for row in attendance if row.kind == row.Kind.DREAM_TEAM]
        if dream_team:
            initial["dream_team"] = "\n".join(row.name for row in dream_team)
            initial["dream_team_mode"] = dream_team[0].mode
        checkin = CheckInForm(
            initial=initial,
            guardians=guardians,
            interpreter=booking.interpreter,
            default_mode=booking.mode,
        )
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=booking.student,
        what="conference console",
        path=request.path,
    )
    with timezone.override(booking.cycle.zone):
        return render(
            request,
            "conferences/run/console.html",
            {
                "booking": booking,
                "conference": conference,
                "student": booking.student,
                "plan": conference.plan,
                "rows": rows,
                "total": sum(times.values()),
                "suggested": sum(section.minutes for section in sections),
                "attendance": attendance,
                "notes": list(conference.notes.select_related("author")),
                "inputs": list(conference.inputs.select_related("guardian")),
                "follow_ups": list(conference.follow_ups.order_by("done_at", "created_at")),
                "checkin_form": checkin,
                "note_form": forms.get("note_form") or NoteForm(),
                "input_form": forms.get("input_form")
                or FamilyInputForm(
                    guardians=guardians,
                    language=_family_language(booking),
                    initial={"back": "console"},
                ),
                "outcome_form": forms.get("outcome_form")
                or OutcomeForm(initial=_outcome_initial(booking, conference), booking=booking),
                "family_language": language_of(booking.guardian) if booking.guardian else "",
            },
            status=status,
        )


def _run(request: HttpRequest, booking_id: int) -> tuple[Booking, Conference]:
    booking = get_booking_to_run(request.user, booking_id)
    return booking, running.conference_for(booking)


def _back(booking: Booking, anchor: str = "") -> HttpResponse:
    return redirect(reverse("conferences:run", args=[booking.pk]) + anchor)


@role_required(*STAFF)
@require_GET
def run(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking, conference = _run(request, booking_id)
    return _console(request, booking, conference)


@role_required(*STAFF)
@require_POST
def run_checkin(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking, conference = _run(request, booking_id)
    form = _checkin_form(booking, request.POST)
    if not form.is_valid():
        return _console(request, booking, conference, status=400, checkin_form=form)
    people = running.check_in(conference=conference, present=form.present())
    messages.success(request, _("Check-in saved: %(count)s here.") % {"count": len(people)})
    return _back(booking, "#checkin")


@role_required(*STAFF)
@require_POST
def run_times(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The deck's section timer: the running total per section; the last value for each wins."""
    booking, conference = _run(request, booking_id)
    wants_json = request.content_type == "application/json"
    allowed = [section.pk for section in running.sections_of(conference)]
    try:
        seconds = seconds_from(request, allowed)
        saved = running.record_times(conference=conference, seconds=seconds)
    except ValidationError as invalid:
        message = " ".join(invalid.messages)
    except running.RunError as refused:
        message = refused.message
    else:
        if wants_json:
            return JsonResponse({"saved": saved})
        messages.success(request, _("Section times saved."))
        return _back(booking, "#times")
    if wants_json:
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return _back(booking, "#times")


@role_required(*STAFF)
@require_POST
def run_note(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking, conference = _run(request, booking_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _console(request, booking, conference, status=400, note_form=form)
    try:
        running.add_note(
            conference=conference,
            author=_user(request),
            text=form.cleaned_data["text"],
            shared=form.cleaned_data["shared"],
        )
    except running.RunError as refused:
        form.add_error("text", refused.message)
        return _console(request, booking, conference, status=400, note_form=form)
    messages.success(request, _("Note saved."))
    return _back(booking, "#notes")


@role_required(*STAFF)
@require_POST
def run_input(request: HttpRequest, booking_id: int) -> HttpResponse:
    """A commitment, a question or a wish for time alone, typed at the console or on the deck."""
    booking, conference = _run(request, booking_id)
    form = FamilyInputForm(
        request.POST, guardians=_guardians(booking), language=_family_language(booking)
    )
    to_deck = request.POST.get("back") == "deck"
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"] == PRIVATE_TIME:
            running.ask_for_time_alone(conference=conference, detail=data["text"])
            messages.success(
                request, _("Noted: the family would like time with the teacher alone.")
            )
        else:
            running.add_input(
                conference=conference,
                kind=data["kind"],
                text=data["text"],
                language=data["language"],
                guardian=data["guardian"],
                by=data["by"],
            )
            messages.success(request, _("Saved."))
    elif not to_deck:
        return _console(request, booking, conference, status=400, input_form=form)
    else:
        messages.error(request, _("Write what the family said, then save."))
    if to_deck:
        slide = form.cleaned_data.get("slide") if form.is_valid() else None
        lang = request.POST.get("lang", "")
        query = f"?lang={lang}" if lang in dict(settings.LANGUAGES) else ""
        anchor = f"#slide-{slide}" if slide else ""
        return redirect(reverse("conferences:present", args=[booking.pk]) + query + anchor)
    return _back(booking, "#family")


@role_required(*STAFF)
@require_POST
def run_outcome(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking, conference = _run(request, booking_id)
    form = OutcomeForm(request.POST, booking=booking)
    if not form.is_valid():
        return _console(request, booking, conference, status=400, outcome_form=form)
    data = form.cleaned_data
    try:
        running.record_outcome(
            conference=conference,
            outcome=data["outcome"],
            started_at=form.at(data.get("started")),
            ended_at=form.at(data.get("ended")),
        )
    except running.RunError as refused:
        form.add_error(None, refused.message)
        return _console(request, booking, conference, status=400, outcome_form=form)
    messages.success(request, _("Outcome saved."))
    return _back(booking, "#outcome")


# --- follow-ups ------------------------------------------------------------------------


@role_required(*STAFF)
@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    """What the advisor still owes families: time alone, answers, bringing in those who missed."""
    rows = list(
        follow_ups_visible_to(request.user)
        .filter(done_at__isnull=True)
        .select_related(
            "advisor",
            "conference__booking__student",
            "conference__booking__guardian",
            "conference__booking__slot",
            "conference__booking__cycle__school",
        )
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "conferences/run/follow_ups.html",
        {"follow_ups": rows, "is_admin": role_of(request.user) != Role.ADVISOR},
    )


@role_required(*STAFF)
@require_POST
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_follow_up_for(request.user, follow_up_id)
    running.mark_done(follow_up=follow_up)
    messages.success(request, _("Marked as done."))
    back = request.POST.get("back", "")
    if back == "run":
        return _back(follow_up.conference.booking, "#follow-ups")
    return redirect("conferences:follow_ups")
