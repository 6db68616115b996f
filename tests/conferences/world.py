"""A conference cycle for the shared cast: open for booking, days in the future.

Riverside's fall cycle has two days (a minimum day and an evening, ten and
twelve days from now) with rooms; Ms. Rivera (Mateo), Mr. Chen (Lupe) and
Mr. Okafor (Linh) are available all of both days, so each has 20-minute
times from 12:30 to 17:30 and from 16:00 to 20:00.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from podium.conferences.actions import set_availability
from podium.conferences.models import ConferenceDay, Cycle, Room, Slot
from podium.roster.models import Staff
from tests.cast import Cast


@dataclass
class World:
    cycle: Cycle
    first_day: ConferenceDay
    evening: ConferenceDay
    room: Room

    def slots(self, staff: Staff, day: ConferenceDay | None = None) -> list[Slot]:
        found = Slot.objects.filter(advisor=staff, day__cycle=self.cycle).order_by("starts_at")
        if day is not None:
            found = found.filter(day=day)
        return list(found)

    def slot_at(self, staff: Staff, day: ConferenceDay, hour: int, minute: int = 0) -> Slot:
        return Slot.objects.get(advisor=staff, day=day, starts_at=day.at(dt.time(hour, minute)))


def make_world(cast: Cast, *, seats: int = 1) -> World:
    zone = cast.school.zone
    now = timezone.now()
    today = timezone.localdate(now, zone)
    cycle = Cycle.objects.create(
        school=cast.school,
        school_year=cast.year,
        name="Fall conferences",
        seats_per_slot=seats,
        booking_opens_at=now - dt.timedelta(days=1),
        booking_closes_at=now + dt.timedelta(days=9),
        changes_until=now + dt.timedelta(days=9),
        contact="the front office, 503-555-0100",
        paired_event="Winter concert at 6:30 pm",
    )
    first = ConferenceDay.objects.create(
        cycle=cycle, on=today + dt.timedelta(days=10), starts=dt.time(12, 30), ends=dt.time(17, 30)
    )
    evening = ConferenceDay.objects.create(
        cycle=cycle, on=today + dt.timedelta(days=12), starts=dt.time(16), ends=dt.time(20)
    )
    room = Room.objects.create(school=cast.school, name="12")
    cycle.rooms.add(room)
    for staff in (cast.advisor, cast.sibling_advisor, cast.outsider_advisor):
        for day in (first, evening):
            set_availability(advisor=staff, day=day, windows=[(day.starts, day.ends, room)])
    return World(cycle=cycle, first_day=first, evening=evening, room=room)
