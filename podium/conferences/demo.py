"""The demo school's conference cycle: open for booking, with some families booked already.

The cycle's days fall ten and twelve days after the seed runs, so booking is
open whenever the demo is tried. The García family (Sofía, Mateo and Lupe) is
left unbooked: the README shows her booking both children back to back.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from podium.conferences.actions import set_availability
from podium.conferences.models import Booking, ConferenceDay, Cycle, Room, Slot
from podium.roster.models import Advisory, Guardian, School, SchoolYear, StudentGuardian

DEMO_SEED = 20261123
# About this share of students has a conference booked when the demo starts.
BOOKED_SHARE = 0.4
# Families left for the demo to book themselves.
UNBOOKED_EMAILS = {"sofia@example.com", "layla.haddad@example.com"}


def next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def seed_cycle(*, school: School, year: SchoolYear) -> Cycle:
    rng = random.Random(DEMO_SEED)  # noqa: S311 - demo data, not secrets
    zone = school.zone
    now = timezone.now()
    today = timezone.localdate(now, zone)
    first = next_weekday(today + dt.timedelta(days=10))
    second = next_weekday(first + dt.timedelta(days=2))
    cycle = Cycle.objects.create(
        school=school,
        school_year=year,
        name="Fall student-led conferences",
        slot_minutes=20,
        buffer_minutes=0,
        booking_opens_at=now - dt.timedelta(days=1),
        booking_closes_at=dt.datetime.combine(first, dt.time(8), tzinfo=zone),
        changes_until=dt.datetime.combine(first - dt.timedelta(days=1), dt.time(17), tzinfo=zone),
        report_cards_at_conference=True,
        paired_event="Winter concert in the gym at 6:30 pm",
        contact="the front office, 503-555-0100",
    )
    days = [
        ConferenceDay.objects.create(
            cycle=cycle, on=first, starts=dt.time(12, 30), ends=dt.time(17, 30), label="Minimum day"
        ),
        ConferenceDay.objects.create(
            cycle=cycle, on=second, starts=dt.time(16), ends=dt.time(20), label="Evening"
        ),
    ]
    advisories = list(Advisory.objects.filter(school_year=year).select_related("advisor"))
    for advisory in advisories:
        room, _created = Room.objects.get_or_create(
            school=school, name=advisory.room or advisory.name
        )
        cycle.rooms.add(room)
        for day in days:
            set_availability(
                advisor=advisory.advisor, day=day, windows=[(day.starts, day.ends, room)]
            )
    keep_free = set(
        StudentGuardian.objects.filter(guardian__email__in=UNBOOKED_EMAILS).values_list(
            "student_id", flat=True
        )
    )
    languages = dict(
        Guardian.objects.filter(student_links__student__school=school)
        .exclude(home_language="en")
        .values_list("student_links__student_id", "home_language")
    )
    guardians_of: dict[int, set[int]] = {}
    for student_id, guardian_id in StudentGuardian.objects.filter(
        student__school=school
    ).values_list("student_id", "guardian_id"):
        guardians_of.setdefault(student_id, set()).add(guardian_id)
    # A family is at one conference at a time.
    busy: set[tuple[int, dt.datetime]] = set()
    bookings = []
    for advisory in advisories:
        slots = list(Slot.objects.filter(advisor=advisory.advisor, day__cycle=cycle))
        rng.shuffle(slots)
        students = [s for s in advisory.students.all() if s.pk not in keep_free]
        for student in rng.sample(students, k=int(len(students) * BOOKED_SHARE)):
            family = guardians_of.get(student.pk, set())
            slot = next(
                (s for s in slots if not any((g, s.starts_at) in busy for g in family)), None
            )
            if slot is None:
                continue
            slots.remove(slot)
            busy.update((g, slot.starts_at) for g in family)
            language = languages.get(student.pk, "")
            bookings.append(
                Booking(
                    cycle=cycle,
                    slot=slot,
                    student=student,
                    mode=Booking.Mode.ONLINE if rng.random() < 0.15 else Booking.Mode.IN_PERSON,
                    interpreter_language=language if language and rng.random() < 0.6 else "",
                    private_time=rng.random() < 0.1,
                )
            )
    Booking.objects.bulk_create(bookings)
    return cycle
