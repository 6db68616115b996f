"""Presentation mode: the student's plan as a deck, to preview, to rehearse, and to lead with.

Every slide is in the page, so without JavaScript the deck reads as one long
page; deck.js turns it into one slide at a time with keys, swipes, buttons
and full screen, and runs the section timer of the rehearsal and of the
conference.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts.access import (
    CONFERENCE_STAFF,
    Role,
    can_edit_binder,
    get_booking_to_run,
    get_plan_for,
    role_of,
    role_required,
)
from podium.conferences import running
from podium.conferences.deck import Deck, build_deck
from podium.conferences.forms_run import FamilyInputForm, seconds_from
from podium.conferences.models import FamilyInput, Plan, Rehearsal
from podium.conferences.texts import Said
from podium.outreach.models import language_of
from podium.privacy.models import AccessLog
from podium.roster.models import Student

STAFF = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


def interface_language(request: HttpRequest, default: str | None = None) -> str:
    """?lang=<code> if an interface language, else `default`, else the viewer's language."""
    supported = {code for code, _name in settings.LANGUAGES}
    asked = request.GET.get("lang", "")
    if asked in supported:
        return asked
    if default is not None and default in supported:
        return default
    return translation.get_language() or settings.LANGUAGE_CODE


def _log(request: HttpRequest, student: Student, what: str) -> None:
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=student,
        what=what,
        path=request.path,
    )


def _for_family(request: HttpRequest) -> bool:
    """Guardians (and the interpreter, who sits with them) see only work approved for the family."""
    return role_of(request.user) not in CONFERENCE_STAFF and role_of(request.user) != Role.STUDENT


def _render(
    request: HttpRequest,
    *,
    deck: Deck,
    mode: str,
    language: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    is_staff = role_of(request.user) in CONFERENCE_STAFF
    context = {
        "deck": deck,
        "plan": deck.plan,
        "student": deck.student,
        "mode": mode,
        "timer": mode in ("rehearse", "present"),
        "is_staff": is_staff,
        "interface_language": language,
        "languages": settings.LANGUAGES if is_staff else [],
        **extra,
    }
    return render(request, "conferences/deck/deck.html", context, status=status)


def _plan_deck(request: HttpRequest, plan: Plan) -> Deck:
    return build_deck(
        student=plan.student, cycle=plan.cycle, plan=plan, for_family=_for_family(request)
    )


@login_required
@require_GET
def deck(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan as the family will see it: one section per slide."""
    plan = get_plan_for(request.user, plan_id)
    _log(request, plan.student, "conference deck")
    language = interface_language(request)
    with translation.override(language):
        return _render(request, deck=_plan_deck(request, plan), mode="preview", language=language)


@login_required
@require_http_methods(["GET", "POST"])
def rehearse(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The deck with a section timer; at the end the run is saved and compared with the agenda."""
    plan = get_plan_for(request.user, plan_id, write=True)
    language = interface_language(request)
    wants_json = request.content_type == "application/json"
    error = ""
    if request.method == "POST":
        allowed = plan.agenda.sections.values_list("pk", flat=True)
        try:
            seconds = seconds_from(request, allowed)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            with transaction.atomic():
                rehearsal = Rehearsal.objects.create(
                    plan=plan, seconds={str(key): value for key, value in seconds.items()}
                )
                plan.rehearsed_at = rehearsal.created_at
                plan.save(update_fields=["rehearsed_at"])
            url = reverse("conferences:rehearsal", args=[plan.pk, rehearsal.pk])
            if wants_json:
                return JsonResponse({"url": url}, status=201)
            return redirect(url)
        if wants_json:
            return JsonResponse({"error": error}, status=400)
    _log(request, plan.student, "conference rehearsal")
    with translation.override(language):
        the_deck = _plan_deck(request, plan)
        if error:
            for slide in the_deck.section_slides:
                slide.posted = request.POST.get(f"section_{slide.section_id}", "")[:10]
        return _render(
            request,
            deck=the_deck,
            mode="rehearse",
            language=language,
            error=error,
            status=400 if error else 200,
        )


def _minutes_seconds(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@login_required
@require_GET
def rehearsal(request: HttpRequest, plan_id: int, rehearsal_id: int) -> HttpResponse:
    """How a run went: each section's time against its suggestion, and the earlier runs."""
    plan = get_plan_for(request.user, plan_id, write=True)
    run = plan.rehearsals.filter(pk=rehearsal_id).first()
    if run is None:
        raise Http404
    sections = list(plan.agenda.sections.all())
    rows = []
    for section in sections:
        seconds = run.seconds.get(str(section.pk))
        rows.append(
            {
                "section": section,
                "seconds": seconds,
                "time": _minutes_seconds(int(seconds)) if seconds is not None else "",
                "long": seconds is not None and int(seconds) > section.minutes * 60,
            }
        )
    earlier = []
    for other in plan.rehearsals.exclude(pk=run.pk).order_by("-created_at")[:20]:
        long = sum(
            1 for s in sections if int(other.seconds.get(str(s.pk), 0) or 0) > s.minutes * 60
        )
        earlier.append({"run": other, "total": _minutes_seconds(other.total_seconds), "long": long})
    with timezone.override(plan.student.school.zone):
        return render(
            request,
            "conferences/deck/rehearsal.html",
            {
                "plan": plan,
                "student": plan.student,
                "run": run,
                "rows": rows,
                "long_count": sum(1 for row in rows if row["long"]),
                "total": _minutes_seconds(run.total_seconds),
                "suggested": plan.agenda.minutes,
                "earlier": earlier,
                "is_the_student": can_edit_binder(request.user, plan.student)
                and role_of(request.user) == Role.STUDENT,
            },
        )


@role_required(*STAFF)
@require_GET
def present(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The deck at the conference, in the family's language, timing each section as it happens."""
    booking = get_booking_to_run(request.user, booking_id)
    conference = running.conference_for(booking)
    family_language = language_of(booking.guardian) if booking.guardian is not None else None
    language = interface_language(request, family_language)
    _log(request, booking.student, "conference presentation")
    seconds = {time.section_id: time.seconds for time in conference.times.all()}
    guardians = [
        link.guardian for link in booking.student.guardian_links.select_related("guardian")
    ]
    with translation.override(language):
        the_deck = build_deck(
            student=booking.student,
            cycle=booking.cycle,
            plan=conference.plan,
            # The family is watching: only the work approved for them.
            for_family=True,
            seconds=seconds,
        )
        return _render(
            request,
            deck=the_deck,
            mode="present",
            language=language,
            booking=booking,
            conference=conference,
            commitments=[
                Said(item.text, item.language)
                for item in conference.inputs.filter(kind=FamilyInput.Kind.COMMITMENT)
            ],
            input_form=FamilyInputForm(
                guardians=guardians,
                language=booking.guardian.home_language if booking.guardian else language,
                initial={
                    "kind": FamilyInput.Kind.COMMITMENT,
                    "back": "deck",
                    "guardian": booking.guardian_id,
                },
            ),
        )
