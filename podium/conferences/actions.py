"""Booking, moving and cancelling conferences, and what they tell families.

Every function here runs in one transaction and writes its messages to the
outbox in that transaction: a booking never exists without its confirmation,
and a failed booking leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from podium.accounts.models import User
from podium.conferences.models import (
    Availability,
    Booking,
    ConferenceDay,
    Cycle,
    Room,
    Slot,
)
from podium.outreach.models import Message, message_for
from podium.roster.models import AdvisoryMembership, Guardian, Staff, Student, StudentGuardian

# Reminders before a conference: a week, a day and two hours.
REMINDERS = (dt.timedelta(days=7), dt.timedelta(days=1), dt.timedelta(hours=2))
# Slots this close count as back to back (a walk down the corridor).
BACK_TO_BACK_GAP = dt.timedelta(minutes=10)


class BookingError(Exception):
    """A booking that cannot be made, with the reason in the person's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SlotTaken(BookingError):
    """Someone else booked the time first; `nearest` are the closest free times."""

    def __init__(self, message: str, nearest: list[Slot], slot: Slot | None = None) -> None:
        super().__init__(message)
        self.nearest = nearest
        self.slot = slot


@dataclass
class Request:
    """What a family (or staff for them) asks for with a booking."""

    mode: str = Booking.Mode.IN_PERSON
    interpreter_language: str = ""
    private_time: bool = False
    invite: list[Guardian] = field(default_factory=list)
    request_key: str | None = None


# --- who advises whom ---------------------------------------------------------------


def advisor_of(student: Student, cycle: Cycle) -> Staff | None:
    membership = (
        AdvisoryMembership.objects.filter(student=student, school_year_id=cycle.school_year_id)
        .select_related("advisory__advisor")
        .first()
    )
    return membership.advisory.advisor if membership else None


# --- availability and slots -----------------------------------------------------------


def slot_starts(
    day: ConferenceDay, starts: dt.time, ends: dt.time, cycle: Cycle
) -> list[dt.datetime]:
    step = dt.timedelta(minutes=cycle.slot_minutes + cycle.buffer_minutes)
    length = dt.timedelta(minutes=cycle.slot_minutes)
    at, until = day.at(starts), day.at(ends)
    times = []
    while at + length <= until:
        times.append(at)
        at += step
    return times


@transaction.atomic
def set_availability(
    *,
    advisor: Staff,
    day: ConferenceDay,
    windows: Sequence[tuple[dt.time, dt.time, Room | None]],
) -> int:
    """Replace the advisor's availability on `day` and regenerate its slots.

    Booked slots are never removed, even outside the new windows; the
    advisor's day shows them. Returns the number of free slots.
    """
    cycle = day.cycle
    for starts, ends, _room in windows:
        if not (day.starts <= starts < ends <= day.ends):
            raise BookingError(
                _("Choose times between %(starts)s and %(ends)s.")
                % {"starts": formats.time_format(day.starts), "ends": formats.time_format(day.ends)}
            )
    ordered = sorted(windows, key=lambda w: w[0])
    for (_s1, e1, _r1), (s2, _e2, _r2) in itertools.pairwise(ordered):
        if s2 < e1:
            raise BookingError(_("The times overlap."))
    Availability.objects.filter(advisor=advisor, day=day).delete()
    Availability.objects.bulk_create(
        Availability(advisor=advisor, day=day, starts=s, ends=e, room=r) for s, e, r in ordered
    )
    wanted: dict[dt.datetime, Room | None] = {}
    for starts, ends, room in ordered:
        for at in slot_starts(day, starts, ends, cycle):
            wanted[at] = room
    existing = {slot.starts_at: slot for slot in Slot.objects.filter(advisor=advisor, day=day)}
    booked = set(
        Booking.objects.active()
        .filter(slot__in=existing.values())
        .values_list("slot_id", flat=True)
    )
    stale = [s.pk for at, s in existing.items() if at not in wanted and s.pk not in booked]
    Slot.objects.filter(pk__in=stale).delete()
    length = dt.timedelta(minutes=cycle.slot_minutes)
    for at, room in wanted.items():
        slot = existing.get(at)
        if slot is None:
            Slot.objects.create(
                day=day,
                advisor=advisor,
                starts_at=at,
                ends_at=at + length,
                room=room,
                seats=cycle.seats_per_slot,
            )
        elif slot.room_id != (room.pk if room else None):
            slot.room = room
            slot.save(update_fields=["room"])
    return len(wanted) - len(booked & {s.pk for at, s in existing.items() if at in wanted})


# --- what a message tells -------------------------------------------------------------


def booking_facts(booking: Booking) -> dict[str, Any]:
    """The facts a message about `booking` tells, frozen as they are now."""
    slot, cycle = booking.slot, booking.cycle
    return {
        "booking": booking.pk,
        "cycle": cycle.name,
        "school": cycle.school.name,
        "zone": cycle.school.timezone,
        "student": booking.student.display_name,
        "advisor": slot.advisor.display_name,
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "room": slot.room.name if slot.room else "",
        "mode": booking.mode,
        "meeting_url": booking.meeting_url,
        "interpreter_language": booking.interpreter_language,
        "private_time": booking.private_time,
        "paired_event": cycle.paired_event,
        "report_cards": cycle.report_cards_at_conference,
        "contact": cycle.contact,
    }


def recipients(booking: Booking, *, invited: Sequence[Guardian] | None = None) -> list[Guardian]:
    """Who hears about a booking: the guardian who booked it and those invited."""
    people: list[Guardian] = []
    if booking.guardian is not None:
        people.append(booking.guardian)
    else:
        people.extend(
            Guardian.objects.filter(
                student_links__student=booking.student, student_links__may_book=True
            ).select_related("user")
        )
    if invited is None:
        invited = list(booking.invited.select_related("user"))
    people.extend(g for g in invited if g not in people)
    return people


def tell(
    booking: Booking,
    kind: str,
    *,
    extra: dict[str, Any] | None = None,
    invited: Sequence[Guardian] | None = None,
) -> None:
    """Queue `kind` for everyone concerned, and fresh reminders while the booking stands.

    `invited`, when the caller knows it, saves looking the invitations up.
    """
    topic = f"booking-{booking.pk}"
    if kind != Message.Kind.CONFIRMATION:
        Message.objects.filter(
            topic=topic, kind=Message.Kind.REMINDER, status=Message.Status.PENDING
        ).update(status=Message.Status.WITHDRAWN)
    facts = booking_facts(booking) | (extra or {})
    now = timezone.now()
    rows = []
    for guardian in recipients(booking, invited=invited):
        rows.append((kind, guardian, now))
        if booking.is_active:
            for before in REMINDERS:
                at = booking.slot.starts_at - before
                if at > now:
                    rows.append((Message.Kind.REMINDER, guardian, at))
    messages = [
        message_for(kind=k, guardian=guardian, context=facts, topic=topic, send_after=at)
        for k, guardian, at in rows
    ]
    Message.objects.bulk_create([m for m in messages if m is not None])


# --- booking ---------------------------------------------------------------------------


def nearest_free(slot: Slot, *, limit: int = 3) -> list[Slot]:
    """The advisor's free times closest to `slot`, soonest first among equals."""
    free = list(
        Slot.objects.filter(advisor_id=slot.advisor_id, day__cycle_id=slot.day.cycle_id).free()
    )
    free.sort(key=lambda s: (abs((s.starts_at - slot.starts_at).total_seconds()), s.starts_at))
    return sorted(free[:limit], key=lambda s: s.starts_at)


def check_slot(*, student: Student, slot: Slot, cycle: Cycle, now: dt.datetime) -> None:
    """The time is still ahead, in a cycle that stands, with the student's own advisor."""
    if cycle.is_cancelled:
        raise BookingError(_("These conferences were cancelled."))
    if cycle.school_id != student.school_id or slot.day.cycle_id != cycle.pk:
        raise BookingError(_("This time is not for this student's conference."))
    if slot.starts_at <= now:
        raise BookingError(_("That time has passed. Please choose another."))
    if slot.advisor_id != getattr(advisor_of(student, cycle), "pk", None):
        raise BookingError(
            _("That time belongs to another teacher. Please choose one of your child's times.")
        )


def check_family_is_free(
    *, student: Student, slot: Slot, cycle: Cycle, moving: Booking | None = None
) -> None:
    """A family cannot be at two conferences at once."""
    clash = (
        Booking.objects.active()
        .filter(
            cycle=cycle,
            student__in=student.siblings(),
            slot__starts_at__lt=slot.ends_at,
            slot__ends_at__gt=slot.starts_at,
        )
        .exclude(pk=moving.pk if moving else 0)
        .select_related("student")
        .first()
    )
    if clash is not None:
        raise BookingError(
            _("%(name)s's conference is at that time. Please choose a time before or after it.")
            % {"name": clash.student.display_name}
        )


def check_can_book(
    *, student: Student, slot: Slot, guardian: Guardian | None, staff: bool, now: dt.datetime
) -> Cycle:
    cycle = slot.day.cycle
    if not staff and not cycle.is_cancelled and not cycle.is_open(now):
        if now < cycle.booking_opens_at:
            when = timezone.localtime(cycle.booking_opens_at, cycle.zone)
            raise BookingError(
                _("Booking opens %(when)s.")
                % {"when": formats.date_format(when, "DATETIME_FORMAT")}
            )
        raise BookingError(_("Booking has closed. Please contact the school to book."))
    if not staff and cycle.collects_times:
        raise BookingError(
            _(
                "The school is placing every family this time: tell us when you can come, "
                "and we will send you your times."
            )
        )
    check_slot(student=student, slot=slot, cycle=cycle, now=now)
    if (
        guardian is not None
        and not StudentGuardian.objects.filter(
            student=student, guardian=guardian, may_book=True
        ).exists()
    ):
        raise BookingError(_("Only a guardian who may book for this child can book."))
    check_family_is_free(student=student, slot=slot, cycle=cycle)
    return cycle


def check_request(cycle: Cycle, request: Request) -> None:
    if request.mode not in cycle.modes():
        raise BookingError(_("Please choose how you will come."))


def _claim(
    *,
    student: Student,
    slot: Slot,
    cycle: Cycle,
    by: User,
    guardian: Guardian | None,
    request: Request,
    key: str | None,
) -> Booking:
    """Claim a free seat of `slot`, or raise SlotTaken. Runs inside the caller's transaction."""
    # Read outside any lock: the database's unique seat is what decides.
    taken = set(Booking.objects.active().filter(slot=slot).values_list("seat", flat=True))
    for seat in range(1, slot.seats + 1):
        if seat in taken:
            continue
        try:
            with transaction.atomic():
                return Booking.objects.create(
                    cycle=cycle,
                    slot=slot,
                    seat=seat,
                    student=student,
                    mode=request.mode,
                    interpreter_language=request.interpreter_language,
                    private_time=request.private_time,
                    booked_by=by,
                    guardian=guardian,
                    request_key=key,
                )
        except IntegrityError:
            if key and Booking.objects.filter(request_key=key).exists():
                # The same request again: book_together answers with the first one's booking.
                raise
            if Booking.objects.active().filter(cycle=cycle, student=student).exists():
                raise BookingError(
                    _("%(name)s already has a conference. You can change its time instead.")
                    % {"name": student.display_name}
                ) from None
            # Someone took this seat a moment ago: try the next one.
    # The nearest free times are looked up once the transaction is over (see
    # book_together): no need to hold the database's write lock for them.
    raise SlotTaken(
        _("Sorry, that time was just taken. Here are the nearest free times."), [], slot
    )


def _existing(key: str | None) -> Booking | None:
    if not key:
        return None
    return Booking.objects.filter(request_key=key).select_related("slot", "cycle").first()


def book(
    *,
    student: Student,
    slot: Slot,
    by: User,
    guardian: Guardian | None = None,
    request: Request | None = None,
    staff: bool = False,
) -> Booking:
    """Book `student`'s conference at `slot`: one booking, its confirmation and reminders.

    A repeated request (same `request.request_key`) returns the first booking.
    """
    return book_together(
        pairs=[(student, slot)], by=by, guardian=guardian, request=request, staff=staff
    )[0]


def book_together(
    *,
    pairs: Sequence[tuple[Student, Slot]],
    by: User,
    guardian: Guardian | None = None,
    request: Request | None = None,
    staff: bool = False,
) -> list[Booking]:
    """Book several children at once (back to back), all or none."""
    request = request or Request()
    now = timezone.now()
    keys = [
        f"{request.request_key}:{i}" if request.request_key else None for i in range(len(pairs))
    ]
    times = sorted((slot.starts_at, slot.ends_at) for _student, slot in pairs)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(times):
        if s2 < e1:
            raise BookingError(
                _("Two of these times overlap. Please choose times one after the other.")
            )
    try:
        with transaction.atomic():
            # A twin of this request may have committed while this one waited
            # for the database (SQLite takes the write lock at BEGIN).
            already = [_existing(key) for key in keys]
            if all(already):
                return [b for b in already if b is not None]
            bookings = []
            for (student, slot), key in zip(pairs, keys, strict=True):
                cycle = check_can_book(
                    student=student, slot=slot, guardian=guardian, staff=staff, now=now
                )
                check_request(cycle, request)
                booking = _claim(
                    student=student,
                    slot=slot,
                    cycle=cycle,
                    by=by,
                    guardian=guardian,
                    request=request,
                    key=key,
                )
                invite = [g for g in request.invite if g != guardian]
                if invite:
                    booking.invited.set(invite)
                tell(booking, Message.Kind.CONFIRMATION, invited=invite)
                bookings.append(booking)
            return bookings
    except BookingError as error:
        # A twin of this request (a double click) may have committed while
        # this one ran: its booking is the answer, not "just taken".
        found = [_existing(key) for key in keys]
        if all(found):
            return [b for b in found if b is not None]
        if isinstance(error, SlotTaken) and error.slot is not None and not error.nearest:
            error.nearest = nearest_free(error.slot)
        raise
    except IntegrityError:
        # Only a repeated request gets here: its twin committed first.
        found = [_existing(key) for key in keys]
        if all(found):
            return [b for b in found if b is not None]
        raise


def check_can_change(booking: Booking, *, staff: bool, now: dt.datetime) -> None:
    if not booking.is_active:
        raise BookingError(_("This conference was cancelled."))
    if booking.cycle.is_cancelled:
        raise BookingError(_("These conferences were cancelled."))
    if booking.slot.starts_at <= now:
        raise BookingError(_("This conference has already started."))
    if not staff and not booking.cycle.allows_changes(now):
        raise BookingError(cut_off_message(booking.cycle))


def cut_off_message(cycle: Cycle) -> str:
    if cycle.contact:
        return _("Changes are closed. To change or cancel, please contact %(contact)s.") % {
            "contact": cycle.contact
        }
    return _("Changes are closed. To change or cancel, please contact your child's teacher.")


@transaction.atomic
def move(*, booking: Booking, slot: Slot, by: User, staff: bool = False) -> Booking:
    """Move a conference to another free time of the same advisor, keeping everything else."""
    now = timezone.now()
    booking = Booking.objects.select_for_update().select_related("slot", "cycle").get(pk=booking.pk)
    check_can_change(booking, staff=staff, now=now)
    if slot.pk == booking.slot_id:
        return booking
    check_slot(student=booking.student, slot=slot, cycle=booking.cycle, now=now)
    check_family_is_free(student=booking.student, slot=slot, cycle=booking.cycle, moving=booking)
    taken = set(
        Booking.objects.active()
        .filter(slot=slot)
        .exclude(pk=booking.pk)
        .values_list("seat", flat=True)
    )
    for seat in range(1, slot.seats + 1):
        if seat in taken:
            continue
        try:
            with transaction.atomic():
                Booking.objects.filter(pk=booking.pk).update(slot=slot, seat=seat)
            break
        except IntegrityError:
            continue
    else:
        raise SlotTaken(
            _("Sorry, that time was just taken. Here are the nearest free times."),
            nearest_free(slot),
        )
    booking.refresh_from_db()
    tell(booking, Message.Kind.CHANGED)
    return booking


@transaction.atomic
def cancel(*, booking: Booking, by: User, staff: bool = False) -> Booking:
    now = timezone.now()
    booking = Booking.objects.select_for_update().select_related("slot", "cycle").get(pk=booking.pk)
    check_can_change(booking, staff=staff, now=now)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    tell(booking, Message.Kind.CANCELLED)
    return booking


@transaction.atomic
def move_day(*, day: ConferenceDay, to: dt.date, by: User) -> int:
    """Move a whole conference day (a snow day): its slots and bookings go with it.

    Every family with a conference that day is told. Returns how many were told.
    """
    day = ConferenceDay.objects.select_for_update().select_related("cycle__school").get(pk=day.pk)
    if to == day.on:
        raise BookingError(_("Choose a different date."))
    if to <= timezone.localdate(timezone.now(), day.cycle.zone):
        raise BookingError(_("Choose a date after today."))
    if ConferenceDay.objects.filter(cycle_id=day.cycle_id, on=to).exists():
        raise BookingError(_("The cycle already has a conference day on that date."))
    old = day.on
    day.on = to
    day.save(update_fields=["on"])
    zone = day.cycle.zone
    for slot in Slot.objects.filter(day=day).order_by("-starts_at" if to > old else "starts_at"):
        local_start = timezone.localtime(slot.starts_at, zone)
        local_end = timezone.localtime(slot.ends_at, zone)
        slot.starts_at = dt.datetime.combine(to, local_start.time(), tzinfo=zone)
        slot.ends_at = dt.datetime.combine(
            to + (local_end.date() - local_start.date()), local_end.time(), tzinfo=zone
        )
        try:
            with transaction.atomic():
                slot.save(update_fields=["starts_at", "ends_at"])
        except IntegrityError:
            raise BookingError(
                _("%(advisor)s already has conferences at those times on that date.")
                % {"advisor": slot.advisor.display_name}
            ) from None
    bookings = (
        Booking.objects.active()
        .filter(slot__day=day)
        .select_related("slot__advisor", "slot__room", "cycle__school", "student", "guardian")
    )
    told = 0
    for booking in bookings:
        tell(booking, Message.Kind.DAY_MOVED, extra={"old_date": old.isoformat()})
        told += 1
    return told


def free_slots(student: Student, cycle: Cycle) -> list[Slot]:
    advisor = advisor_of(student, cycle)
    if advisor is None:
        return []
    return list(
        Slot.objects.filter(advisor=advisor, day__cycle=cycle).free().select_related("room", "day")
    )


def back_to_back(
    children: Sequence[Student], slots: dict[int, list[Slot]], *, per_day: int = 4
) -> list[list[tuple[Student, Slot]]]:
    """Ways to see every child's advisor in one visit, one conference after another.

    `slots` maps each child's id to their advisor's free slots. Only children
    with different advisors need this; the result is at most `per_day`
    combinations per day, earliest first.
    """
    found: list[list[tuple[Student, Slot]]] = []
    per: dict[int, int] = {}

    def extend(chain: list[tuple[Student, Slot]], rest: list[Student]) -> None:
        if not rest:
            day = chain[0][1].day_id
            if per.get(day, 0) < per_day:
                per[day] = per.get(day, 0) + 1
                found.append(chain)
            return
        last_end = chain[-1][1].ends_at
        for child in rest:
            follow = next(
                (
                    s
                    for s in slots.get(child.pk, [])
                    if dt.timedelta(0) <= s.starts_at - last_end <= BACK_TO_BACK_GAP
                ),
                None,
            )
            if follow is not None:
                extend([*chain, (child, follow)], [c for c in rest if c != child])

    if len(children) < 2:
        return []
    for child in children:
        for slot in slots.get(child.pk, []):
            extend([(child, slot)], [c for c in children if c != child])
    return sorted(found, key=lambda chain: chain[0][1].starts_at)


def cycles_for_family(children: Iterable[Student]) -> list[Cycle]:
    schools = {child.school_id for child in children}
    return list(
        Cycle.objects.current()
        .filter(school_id__in=schools)
        .select_related("school")
        .order_by("booking_opens_at")
    )
