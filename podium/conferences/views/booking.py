"""Conference cycles and booking: families book, staff plan their days."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import (
    CONFERENCE_STAFF,
    CYCLE_MANAGERS,
    Role,
    cycles_visible_to,
    get_advisor_in_cycle_for,
    get_booking_for,
    get_cycle_for,
    get_day_for,
    get_student_to_book_for,
    role_of,
    role_required,
    staff_of,
    students_visible_to,
)
from podium.conferences import actions
from podium.conferences.actions import BookingError, Request, SlotTaken
from podium.conferences.forms import (
    AvailabilityForm,
    BookForm,
    MoveDayForm,
    MoveForm,
    OptionsForm,
    TogetherForm,
)
from podium.conferences.models import (
    Availability,
    Booking,
    Cycle,
    Slot,
)
from podium.outreach.calendar import conference_ics
from podium.outreach.models import language_of
from podium.privacy.models import AccessLog
from podium.roster.models import HOME_LANGUAGES, Guardian, Staff, Student, StudentGuardian

LANGUAGE_NAMES = dict(HOME_LANGUAGES)

FAMILY = (Role.GUARDIAN,)
BOOKERS = (Role.GUARDIAN, Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
STAFF = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
MANAGERS = (Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


def by_day(slots: Iterable[Slot]) -> list[tuple[dt.date, list[Slot]]]:
    """Slots grouped by their local day, in order."""
    local = timezone.get_current_timezone()
    groups = itertools.groupby(slots, key=lambda s: timezone.localtime(s.starts_at, local).date())
    return [(day, list(group)) for day, group in groups]


def is_staff(request: HttpRequest) -> bool:
    return role_of(request.user) in CONFERENCE_STAFF


def log_read(request: HttpRequest, student: Student, what: str) -> None:
    AccessLog.objects.record(
        user=request.user, role=role_of(request.user), student=student, what=what
    )


def other_guardians(student: Student, guardian: Guardian | None) -> list[Guardian]:
    links = student.guardian_links.select_related("guardian").order_by("guardian__first_name")
    return [link.guardian for link in links if guardian is None or link.guardian_id != guardian.pk]


def guardian_of(request: HttpRequest) -> Guardian | None:
    return (
        getattr(request.user, "guardian", None) if role_of(request.user) == Role.GUARDIAN else None
    )


def children_to_book(request: HttpRequest, cycle: Cycle, guardian: Guardian) -> list[Student]:
    """The guardian's children at the cycle's school whom they may book for; none is a 404."""
    children = list(
        students_visible_to(request.user)
        .active()
        .filter(
            school=cycle.school, guardian_links__guardian=guardian, guardian_links__may_book=True
        )
        .order_by("-grade", "first_name")
    )
    if not children:
        raise Http404
    return children


def request_from(form: OptionsForm) -> Request:
    data = form.cleaned_data
    return Request(
        mode=data["mode"],
        interpreter_language=data.get("interpreter_language") or "",
        private_time=bool(data.get("private_time")),
        invite=list(data.get("invite") or []),
        request_key=data.get("request_key") or None,
    )


# --- families ---------------------------------------------------------------------


@role_required(*FAMILY)
@require_GET
def family(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """A guardian's booking page: each child's conference or free times, and shared visits."""
    cycle = get_cycle_for(request.user, cycle_id)
    if cycle.collects_times:
        return redirect("conferences:family_times", cycle.pk)
    guardian = guardian_of(request)
    assert guardian is not None
    children = children_to_book(request, cycle, guardian)
    booked = {
        b.student_id: b
        for b in Booking.objects.active()
        .filter(cycle=cycle, student__in=children)
        .select_related("slot__advisor", "slot__room")
    }
    free = {
        child.pk: actions.free_slots(child, cycle) for child in children if child.pk not in booked
    }
    advisors = {child.pk: actions.advisor_of(child, cycle) for child in children}
    waiting = [child for child in children if child.pk not in booked]
    combinations = actions.back_to_back(waiting, free) if len(waiting) > 1 else []
    for child in children:
        log_read(request, child, "conference booking")
    with timezone.override(cycle.zone):
        rows = [
            {
                "child": child,
                "advisor": advisors[child.pk],
                "booking": booked.get(child.pk),
                "days": by_day(free.get(child.pk, [])),
                "form": BookForm(
                    cycle=cycle, others=other_guardians(child, guardian), prefix=f"c{child.pk}"
                ),
            }
            for child in children
        ]
        return render(
            request,
            "conferences/family.html",
            {
                "cycle": cycle,
                "rows": rows,
                "combinations": combinations[:12],
                "together_form": TogetherForm(cycle=cycle, prefix="together"),
                "is_open": cycle.is_open(),
            },
        )


@role_required(*BOOKERS)
@require_http_methods(["GET", "POST"])
def student(request: HttpRequest, cycle_id: int, student_id: int) -> HttpResponse:
    """One child's conference: book a time (a guardian, or staff for the family)."""
    cycle = get_cycle_for(request.user, cycle_id)
    child = get_student_to_book_for(request.user, student_id)
    if child.school_id != cycle.school_id:
        raise Http404
    guardian = guardian_of(request)
    booking = Booking.objects.active().filter(cycle=cycle, student=child).first()
    form = BookForm(
        request.POST or None,
        cycle=cycle,
        others=other_guardians(child, guardian),
        prefix=f"c{child.pk}",
    )
    nearest: list[Slot] = []
    just_taken = False
    if request.method == "POST" and booking is None and form.is_valid():
        slot = (
            Slot.objects.filter(pk=form.cleaned_data["slot"], day__cycle=cycle)
            .select_related("day__cycle__school", "advisor", "room")
            .first()
        )
        tell = guardian
        if is_staff(request):
            # Staff book for a family: messages go to the guardians who may book.
            tell = None
        if slot is None:
            form.add_error(
                None, _("That time is not one of this conference's times. Please choose again.")
            )
        else:
            try:
                booking = actions.book(
                    student=child,
                    slot=slot,
                    by=request.user,  # type: ignore[arg-type]
                    guardian=tell,
                    request=request_from(form),
                    staff=is_staff(request),
                )
            except SlotTaken as taken:
                form.add_error(None, taken.message)
                nearest = taken.nearest
                just_taken = True
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Booked. A confirmation is on its way."))
                return redirect("conferences:booking", booking.pk)
    if request.method == "POST" and booking is not None and not form.errors:
        return redirect("conferences:booking", booking.pk)
    log_read(request, child, "conference booking")
    status = 200 if request.method == "GET" or not form.errors else 409 if just_taken else 400
    with timezone.override(cycle.zone):
        return render(
            request,
            "conferences/student.html",
            {
                "cycle": cycle,
                "child": child,
                "advisor": actions.advisor_of(child, cycle),
                "booking": booking,
                "form": form,
                "days": by_day(actions.free_slots(child, cycle)),
                "nearest": nearest,
                "on_behalf": is_staff(request),
            },
            status=status,
        )


@role_required(*BOOKERS)
@require_POST
def book_together(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Book a back-to-back visit for several children in one action."""
    cycle = get_cycle_for(request.user, cycle_id)
    form = TogetherForm(request.POST, cycle=cycle, prefix="together")
    # Families go back to their booking page; staff to the first child's.
    back = reverse("conferences:family", args=[cycle.pk])
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect(back if guardian_of(request) else "conferences:cycles")
    pairs: list[tuple[Student, Slot]] = []
    for student_id, slot_id in form.pairs():
        child = get_student_to_book_for(request.user, student_id)
        if not guardian_of(request) and not pairs:
            back = reverse("conferences:student", args=[cycle.pk, child.pk])
        slot = (
            Slot.objects.filter(pk=slot_id, day__cycle=cycle)
            .select_related("day__cycle__school", "advisor", "room")
            .first()
        )
        if slot is None:
            messages.error(
                request, _("That time is not one of this conference's times. Please choose again.")
            )
            return redirect(back)
        pairs.append((child, slot))
    try:
        actions.book_together(
            pairs=pairs,
            by=request.user,  # type: ignore[arg-type]
            guardian=guardian_of(request),
            request=request_from(form),
            staff=is_staff(request),
        )
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Booked, one after the other. A confirmation is on its way."))
    return redirect(back)


@role_required(*BOOKERS, Role.STUDENT, Role.INTERPRETER)
@require_GET
def booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    """A conference: when and where, the calendar file, and changing or cancelling it."""
    found = get_booking_for(request.user, booking_id)
    log_read(request, found.student, "conference booking")
    return render_booking(request, found)


def render_booking(
    request: HttpRequest,
    found: Booking,
    *,
    form: MoveForm | None = None,
    nearest: list[Slot] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    from podium.accounts.access import can_change_booking

    cycle = found.cycle
    may_change = can_change_booking(request.user, found)
    staff = is_staff(request)
    changeable = found.is_active and (staff or found.can_be_changed())
    with timezone.override(cycle.zone):
        return render(
            request,
            "conferences/booking.html",
            {
                "booking": found,
                "cycle": cycle,
                "may_change": may_change and changeable,
                "closed_message": actions.cut_off_message(cycle)
                if may_change and found.is_active and not changeable
                else "",
                "days": by_day(actions.free_slots(found.student, cycle))
                if may_change and changeable
                else [],
                "form": form,
                "nearest": nearest or [],
                "error": error,
                # Only the brothers and sisters this person may see.
                "siblings": Booking.objects.active()
                .filter(cycle=cycle, student__in=found.student.siblings())
                .filter(student__in=students_visible_to(request.user))
                .exclude(pk=found.pk)
                .select_related("slot__advisor", "student"),
            },
            status=status,
        )


@role_required(*BOOKERS)
@require_POST
def booking_move(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = get_booking_for(request.user, booking_id, write=True)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return render_booking(request, found, form=form, status=400)
    slot = Slot.objects.filter(pk=form.cleaned_data["slot"], day__cycle=found.cycle).first()
    try:
        if slot is None:
            raise BookingError(
                _("That time is not one of this conference's times. Please choose again.")
            )
        actions.move(booking=found, slot=slot, by=request.user, staff=is_staff(request))  # type: ignore[arg-type]
    except SlotTaken as taken:
        form.add_error(None, taken.message)
        return render_booking(request, found, form=form, nearest=taken.nearest, status=409)
    except BookingError as error:
        form.add_error(None, error.message)
        return render_booking(request, found, form=form, status=400)
    messages.success(request, _("Moved. The new time is on its way to you."))
    return redirect("conferences:booking", found.pk)


@role_required(*BOOKERS)
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = get_booking_for(request.user, booking_id, write=True)
    try:
        actions.cancel(booking=found, by=request.user, staff=is_staff(request))  # type: ignore[arg-type]
    except BookingError as error:
        return render_booking(request, found, error=error.message, status=400)
    messages.success(request, _("Cancelled. You can book another time."))
    if role_of(request.user) == Role.GUARDIAN:
        return redirect("conferences:family", found.cycle_id)
    return redirect("conferences:student", found.cycle_id, found.student_id)


@role_required(*BOOKERS, Role.STUDENT, Role.INTERPRETER)
@require_GET
def booking_ics(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = get_booking_for(request.user, booking_id)
    if not found.is_active:
        raise Http404
    guardian = guardian_of(request)
    language = language_of(guardian) if guardian else request.LANGUAGE_CODE
    body = conference_ics(actions.booking_facts(found), language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="conference-{found.pk}.ics"'
    return response


# --- staff ------------------------------------------------------------------------


@role_required(*STAFF)
@require_GET
def cycles(request: HttpRequest) -> HttpResponse:
    found = cycles_visible_to(request.user).select_related("school").prefetch_related("days")
    return render(
        request,
        "conferences/cycles.html",
        {
            "cycles": found,
            "staff": staff_of(request.user),
            "manages": role_of(request.user) in CYCLE_MANAGERS,
        },
    )


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest, cycle_id: int, staff_id: int) -> HttpResponse:
    """An advisor's times for conferences on each day; slots follow from them."""
    cycle = get_cycle_for(request.user, cycle_id)
    advisor = get_advisor_in_cycle_for(request.user, cycle, staff_id)
    days = list(cycle.days.all())
    rooms = list(cycle.rooms.all())
    initial: dict[str, Any] = {}
    for day in days:
        windows = list(Availability.objects.filter(day=day, advisor=advisor).order_by("starts"))
        for n, window in enumerate(windows[: AvailabilityForm.WINDOWS], start=1):
            initial[f"d{day.pk}_{n}_from"] = window.starts
            initial[f"d{day.pk}_{n}_to"] = window.ends
            initial[f"d{day.pk}_room"] = window.room_id
    form = AvailabilityForm(request.POST or None, days=days, rooms=rooms, initial=initial)
    if request.method == "POST" and form.is_valid():
        total = 0
        try:
            for day in days:
                total += actions.set_availability(
                    advisor=advisor, day=day, windows=form.windows(day)
                )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved: %(n)s free times.") % {"n": total})
            return redirect("conferences:availability", cycle.pk, advisor.pk)
    rows = [
        {
            "day": day,
            "fields": [
                (form[f"d{day.pk}_{n}_from"], form[f"d{day.pk}_{n}_to"])
                for n in range(1, AvailabilityForm.WINDOWS + 1)
            ],
            "room": form[f"d{day.pk}_room"],
            "slots": Slot.objects.filter(day=day, advisor=advisor).count(),
        }
        for day in days
    ]
    return render(
        request,
        "conferences/availability.html",
        {"cycle": cycle, "advisor": advisor, "form": form, "rows": rows},
        status=400 if form.errors else 200,
    )


@role_required(*STAFF)
@require_GET
def advisor_day(request: HttpRequest, cycle_id: int, staff_id: int) -> HttpResponse:
    """The advisor's days: who comes when, where, how, with whom; printable."""
    cycle = get_cycle_for(request.user, cycle_id)
    advisor = get_advisor_in_cycle_for(request.user, cycle, staff_id)
    slots = list(
        Slot.objects.filter(day__cycle=cycle, advisor=advisor)
        .select_related("room", "day")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.active()
                .select_related("student", "guardian", "interpreter")
                .prefetch_related("invited"),
                to_attr="active_bookings",
            )
        )
    )
    bookings = [b for slot in slots for b in slot.active_bookings]
    students = [b.student for b in bookings]
    mark_siblings_next_door(cycle, advisor, bookings)
    advisees = list(
        Student.objects.filter(
            memberships__advisory__advisor=advisor,
            memberships__school_year=cycle.school_year,
            is_active=True,
        ).order_by("last_name", "first_name")
    )
    booked_ids = {s.pk for s in students}
    for s in students:
        log_read(request, s, "conference schedule")
    with timezone.override(cycle.zone):
        return render(
            request,
            "conferences/advisor_day.html",
            {
                "cycle": cycle,
                "advisor": advisor,
                "days": by_day(slots),
                "not_booked": [s for s in advisees if s.pk not in booked_ids],
                "booked_count": len(booked_ids),
                "advisee_count": len(advisees),
            },
        )


@role_required(*MANAGERS)
@require_GET
def schedule(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The master schedule by day, advisor, room or interpreter, with what is left to book."""
    cycle = get_cycle_for(request.user, cycle_id, manage=True)
    by = request.GET.get("by", "day")
    if by not in {"day", "advisor", "room", "interpreter"}:
        by = "day"
    slots = list(
        Slot.objects.filter(day__cycle=cycle)
        .select_related("advisor", "room", "day")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.active().select_related("student", "interpreter"),
                to_attr="active_bookings",
            )
        )
        .order_by("starts_at", "advisor__last_name")
    )
    seats = sum(s.seats for s in slots)
    taken = sum(len(s.active_bookings) for s in slots)
    enrolled = Student.objects.filter(
        school=cycle.school, is_active=True, memberships__school_year=cycle.school_year
    ).distinct()
    booked_students = Booking.objects.active().filter(cycle=cycle).values("student_id")
    families = Guardian.objects.filter(student_links__student__in=enrolled).distinct()
    families_booked = families.filter(student_links__student__in=booked_students).distinct().count()
    family_count = families.count()
    interpreters = Counter(
        Booking.objects.active()
        .filter(cycle=cycle)
        .exclude(interpreter_language="")
        .values_list("interpreter_language", flat=True)
    )
    groups: dict[str, list[Slot]] = defaultdict(list)
    zone = cycle.zone
    for slot in slots:
        if by == "day":
            key = timezone.localtime(slot.starts_at, zone).date().isoformat()
        elif by == "advisor":
            key = slot.advisor.display_name
        elif by == "room":
            key = slot.room.name if slot.room else _("No room")
        else:
            langs = {b.interpreter_language for b in slot.active_bookings if b.interpreter_language}
            if not langs:
                continue
            key = ", ".join(sorted(langs))
        groups[key].append(slot)
    with timezone.override(zone):
        return render(
            request,
            "conferences/schedule.html",
            {
                "cycle": cycle,
                "by": by,
                "groups": sorted(groups.items()),
                "seats": seats,
                "taken": taken,
                "free": seats - taken,
                "students": enrolled.count(),
                "students_booked": Booking.objects.active().filter(cycle=cycle).count(),
                "families": family_count,
                "families_booked": families_booked,
                "families_waiting": family_count - families_booked,
                "interpreters": sorted(
                    (str(LANGUAGE_NAMES.get(code, code)), n) for code, n in interpreters.items()
                ),
                "days": cycle.days.annotate(
                    n=Count("slots__bookings", filter=Q(slots__bookings__status="active"))
                ),
            },
        )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def move_day(request: HttpRequest, day_id: int) -> HttpResponse:
    """Move a whole day (a snow day): its bookings go with it, and every family is told."""
    day = get_day_for(request.user, day_id)
    form = MoveDayForm(request.POST or None)
    booked = Booking.objects.active().filter(slot__day=day).count()
    if request.method == "POST" and form.is_valid():
        try:
            told = actions.move_day(day=day, to=form.cleaned_data["to"], by=request.user)  # type: ignore[arg-type]
        except BookingError as error:
            form.add_error("to", error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "Moved. %(n)s family will hear about the new date.",
                    "Moved. %(n)s families will hear about the new date.",
                    told,
                )
                % {"n": told},
            )
            return redirect(reverse("conferences:schedule", args=[day.cycle_id]))
    return render(
        request,
        "conferences/move_day.html",
        {"day": day, "cycle": day.cycle, "form": form, "booked": booked},
        status=400 if form.errors else 200,
    )


def mark_siblings_next_door(cycle: Cycle, advisor: Staff, bookings: list[Booking]) -> None:
    """Give each booking `.siblings`: its brothers' and sisters' conferences with other advisors."""
    guardians_of: dict[int, set[int]] = defaultdict(set)
    for student_id, guardian_id in StudentGuardian.objects.filter(
        student__in=[b.student_id for b in bookings]
    ).values_list("student_id", "guardian_id"):
        guardians_of[student_id].add(guardian_id)
    children_of: dict[int, set[int]] = defaultdict(set)
    for guardian_id, student_id in StudentGuardian.objects.filter(
        guardian_id__in={g for gs in guardians_of.values() for g in gs}
    ).values_list("guardian_id", "student_id"):
        children_of[guardian_id].add(student_id)
    related = {c for cs in children_of.values() for c in cs}
    elsewhere = {
        b.student_id: b
        for b in Booking.objects.active()
        .filter(cycle=cycle, student_id__in=related)
        .exclude(slot__advisor=advisor)
        .select_related("slot__advisor", "slot__room", "student")
    }
    for booking in bookings:
        family = {c for g in guardians_of[booking.student_id] for c in children_of[g]}
        booking.siblings = [  # type: ignore[attr-defined]
            elsewhere[c] for c in sorted(family - {booking.student_id}) if c in elsewhere
        ]
