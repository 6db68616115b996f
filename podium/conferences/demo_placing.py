"""The demo school's winter cycle, placed by the school: most families have given their times.

Its days fall a little over three weeks after the seed, after the fall
cycle's; families give their times until a week before. About seven in ten
households have answered, some only in the evening, most who speak another
language at home asking for an interpreter. The García and Haddad families
have not answered yet: the README shows Sofía giving her times on her phone
and Ms. Park running, reviewing and publishing the schedule.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from podium.conferences.actions import set_availability
from podium.conferences.demo import DEMO_SEED, UNBOOKED_EMAILS, next_weekday
from podium.conferences.forms_placing import blocks
from podium.conferences.models import ConferenceDay, Cycle, FamilyTimes, FamilyWindow, Room
from podium.conferences.placing import households_of
from podium.roster.models import Advisory, Guardian, School, SchoolYear, Student

ANSWERED_SHARE = 0.7
EVENING_ONLY_SHARE = 0.2
ASKS_FOR_INTERPRETER = 0.7


def seed_school_schedule(*, school: School, year: SchoolYear) -> Cycle:
    rng = random.Random(DEMO_SEED + 6)  # noqa: S311 - demo data, not secrets
    zone = school.zone
    now = timezone.now()
    today = timezone.localdate(now, zone)
    first = next_weekday(today + dt.timedelta(days=24))
    second = next_weekday(first + dt.timedelta(days=1))
    cycle = Cycle.objects.create(
        school=school,
        school_year=year,
        name="Winter student-led conferences",
        slot_minutes=20,
        booking_opens_at=now - dt.timedelta(days=2),
        booking_closes_at=dt.datetime.combine(first, dt.time(8), tzinfo=zone),
        changes_until=dt.datetime.combine(first - dt.timedelta(days=1), dt.time(17), tzinfo=zone),
        placement=Cycle.Placement.SCHOOL,
        times_close_at=dt.datetime.combine(first - dt.timedelta(days=7), dt.time(17), tzinfo=zone),
        contact="the front office, 503-555-0100",
    )
    days = [
        ConferenceDay.objects.create(
            cycle=cycle, on=first, starts=dt.time(13), ends=dt.time(17), label="Afternoon"
        ),
        ConferenceDay.objects.create(
            cycle=cycle, on=second, starts=dt.time(16), ends=dt.time(20), label="Evening"
        ),
    ]
    for advisory in Advisory.objects.filter(school_year=year).select_related("advisor"):
        room = Room.objects.filter(school=school, name=advisory.room or advisory.name).first()
        if room is not None:
            cycle.rooms.add(room)
        for day in days:
            set_availability(
                advisor=advisory.advisor, day=day, windows=[(day.starts, day.ends, room)]
            )
    students = list(
        Student.objects.filter(school=school, is_active=True, memberships__school_year=year)
        .distinct()
        .order_by("pk")
    )
    households = {id(h): h for h in households_of(students).values()}.values()
    left_for_the_demo = set(
        Guardian.objects.filter(email__in=UNBOOKED_EMAILS).values_list("pk", flat=True)
    )
    guardians = Guardian.objects.in_bulk([g for h in households for g in h.guardians])
    windows: list[FamilyWindow] = []
    for household in households:
        if left_for_the_demo & set(household.guardians) or rng.random() > ANSWERED_SHARE:
            continue
        guardian = guardians[rng.choice(household.guardians)]
        language = guardian.home_language
        times = FamilyTimes.objects.create(
            cycle=cycle,
            guardian=guardian,
            interpreter_language=language
            if language != "en" and rng.random() < ASKS_FOR_INTERPRETER
            else "",
            time_of_day=rng.choice(["", "", "earlier", "later"]),
            preferred_day=rng.choice([None, None, *days]),
            updated_at=now - dt.timedelta(hours=rng.randint(1, 40)),
            updated_by=guardian.user,
        )
        picked: list[tuple[ConferenceDay, dt.time, dt.time]] = []
        for day in days:
            hours = blocks(day, cycle)
            if rng.random() < EVENING_ONLY_SHARE:
                chosen = hours[-2:] if day == days[-1] else []
            else:
                start = rng.randrange(len(hours))
                chosen = hours[start : start + rng.randint(1, 4)]
            picked.extend((day, s, e) for s, e in chosen)
        if not picked:
            picked.append((days[-1], dt.time(18), dt.time(20)))
        windows.extend(FamilyWindow(times=times, day=d, starts=s, ends=e) for d, s, e in picked)
    FamilyWindow.objects.bulk_create(windows)
    return cycle
