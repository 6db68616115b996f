"""Staff plan conferences: availability, the advisor's day, the master schedule, a moved day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.conferences.models import Availability, Booking, Slot
from podium.outreach.models import Message
from tests.cast import Cast
from tests.conferences.world import World, make_world


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def signed_in(staff: object) -> Client:
    client = Client()
    client.force_login(staff.user)  # type: ignore[attr-defined]
    return client


def availability_url(world: World, staff: object) -> str:
    return reverse("conferences:availability", args=[world.cycle.pk, staff.pk])  # type: ignore[attr-defined]


def test_advisor_sets_availability_and_times_follow(cast: Cast, world: World) -> None:
    first, evening = world.first_day, world.evening
    response = signed_in(cast.advisor).post(
        availability_url(world, cast.advisor),
        {
            f"d{first.pk}_1_from": "13:00",
            f"d{first.pk}_1_to": "14:00",
            f"d{first.pk}_2_from": "15:00",
            f"d{first.pk}_2_to": "15:40",
            f"d{evening.pk}_1_from": "18:00",
            f"d{evening.pk}_1_to": "19:00",
            f"d{evening.pk}_room": str(world.room.pk),
        },
    )
    assert response.status_code == 302
    local = [
        s.starts_at.astimezone(world.cycle.zone).strftime("%d %H:%M")
        for s in world.slots(cast.advisor)
    ]
    d1, d2 = f"{first.on:%d}", f"{evening.on:%d}"
    assert local == [
        f"{d1} 13:00",
        f"{d1} 13:20",
        f"{d1} 13:40",
        f"{d1} 15:00",
        f"{d1} 15:20",
        f"{d2} 18:00",
        f"{d2} 18:20",
        f"{d2} 18:40",
    ]
    assert Availability.objects.filter(advisor=cast.advisor).count() == 3


def test_a_booked_time_stays_when_availability_shrinks(cast: Cast, world: World) -> None:
    slot = world.slot_at(cast.advisor, world.evening, 19)
    Booking.objects.create(cycle=world.cycle, slot=slot, student=cast.student)
    evening = world.evening
    response = signed_in(cast.advisor).post(
        availability_url(world, cast.advisor),
        {f"d{evening.pk}_1_from": "16:00", f"d{evening.pk}_1_to": "17:00"},
    )
    assert response.status_code == 302
    assert Slot.objects.filter(pk=slot.pk).exists()
    assert Booking.objects.get().slot == slot


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("11:00", "13:00", "Choose times between"),
        ("14:00", "13:00", "The end must be after the start"),
        ("14:00", "", "Give both a start and an end"),
    ],
)
def test_availability_outside_the_day_is_refused_and_nothing_changes(
    cast: Cast, world: World, start: str, end: str, message: str
) -> None:
    before = sorted(Slot.objects.values_list("pk", flat=True))
    first = world.first_day
    response = signed_in(cast.advisor).post(
        availability_url(world, cast.advisor),
        {f"d{first.pk}_1_from": start, f"d{first.pk}_1_to": end},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert sorted(Slot.objects.values_list("pk", flat=True)) == before


def test_an_advisor_cannot_set_another_advisors_availability(cast: Cast, world: World) -> None:
    response = signed_in(cast.advisor).get(availability_url(world, cast.sibling_advisor))
    assert response.status_code == 404


def test_the_advisors_day_shows_who_comes_how_and_siblings_next_door(
    cast: Cast, world: World
) -> None:
    mateo = Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        student=cast.student,
        guardian=cast.guardian,
        interpreter_language="es",
        private_time=True,
    )
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.sibling_advisor, world.evening, 17, 20),
        student=cast.sibling,
        mode=Booking.Mode.ONLINE,
    )
    response = signed_in(cast.advisor).get(
        reverse("conferences:advisor_day", args=[world.cycle.pk, cast.advisor.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert mateo.student.full_name in page
    assert "Interpreter: Spanish" in page
    assert "Time alone with you" in page
    assert "Sibling Lupe with Mr. Chen" in page
    assert "data-print" in page
    assert response.context["booked_count"] == 1


def test_the_master_schedule_counts_families_booked_and_waiting(cast: Cast, world: World) -> None:
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        student=cast.student,
        interpreter_language="es",
    )
    response = signed_in(cast.school_admin).get(
        reverse("conferences:schedule", args=[world.cycle.pk]) + "?by=interpreter"
    )
    assert response.status_code == 200
    context = response.context
    # Sofía has booked (for Mateo); Minh has not.
    assert (context["families_booked"], context["families_waiting"]) == (1, 1)
    assert (context["students_booked"], context["students"]) == (1, 3)
    assert context["taken"] == 1
    assert context["free"] == context["seats"] - 1
    assert [key for key, _slots in context["groups"]] == ["es"]


def test_an_advisor_cannot_open_the_master_schedule(cast: Cast, world: World) -> None:
    response = signed_in(cast.advisor).get(reverse("conferences:schedule", args=[world.cycle.pk]))
    assert response.status_code == 404


def test_admin_moves_a_snow_day_and_every_family_is_told(cast: Cast, world: World) -> None:
    booking = Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.first_day, 13, 10),
        student=cast.student,
        guardian=cast.guardian,
    )
    new_date = world.first_day.on + dt.timedelta(days=7)
    response = signed_in(cast.school_admin).post(
        reverse("conferences:move_day", args=[world.first_day.pk]), {"to": new_date.isoformat()}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    local = booking.slot.starts_at.astimezone(world.cycle.zone)
    assert (local.date(), local.time()) == (new_date, dt.time(13, 10))
    for slot in Slot.objects.filter(day=world.first_day):
        assert slot.starts_at.astimezone(world.cycle.zone).date() == new_date
    moved = Message.objects.get(kind="day_moved")
    assert moved.to == "sofia.garcia@example.com"
    assert moved.context["old_date"] == (new_date - dt.timedelta(days=7)).isoformat()


@pytest.mark.parametrize("when", ["past", "taken", "same"])
def test_a_day_cannot_move_to_the_past_or_onto_another_day(
    cast: Cast, world: World, when: str
) -> None:
    day = world.first_day
    to = {
        "past": timezone.localdate() - dt.timedelta(days=1),
        "taken": world.evening.on,
        "same": day.on,
    }[when]
    before = list(Slot.objects.order_by("pk").values_list("starts_at", flat=True))
    response = signed_in(cast.school_admin).post(
        reverse("conferences:move_day", args=[day.pk]), {"to": to.isoformat()}
    )
    assert response.status_code == 400
    assert list(Slot.objects.order_by("pk").values_list("starts_at", flat=True)) == before
    assert not Message.objects.exists()


def test_only_a_schools_admin_moves_its_days(cast: Cast, world: World) -> None:
    url = reverse("conferences:move_day", args=[world.first_day.pk])
    for staff in (cast.advisor, cast.other_school_admin):
        assert signed_in(staff).get(url).status_code == 404


def test_the_interpreter_sees_the_conferences_assigned_to_him(cast: Cast, world: World) -> None:
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        student=cast.student,
        interpreter_language="ar",
        interpreter=cast.interpreter,
    )
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.outsider_advisor, world.evening, 17),
        student=cast.other_student,
        interpreter_language="vi",
    )
    page = signed_in(cast.interpreter).get(reverse("home")).content.decode()
    assert "Mateo García" in page
    assert "Linh" not in page


def test_a_school_admin_sets_up_a_cycle_with_its_days_in_the_admin(cast: Cast) -> None:
    from podium.conferences.models import ConferenceDay, Cycle

    client = signed_in(cast.school_admin)
    assert client.get(reverse("admin:conferences_cycle_add")).status_code == 200
    response = client.post(
        reverse("admin:conferences_cycle_add"),
        {
            "school": cast.school.pk,
            "school_year": cast.year.pk,
            "name": "Spring conferences",
            "slot_minutes": 20,
            "buffer_minutes": 5,
            "seats_per_slot": 1,
            "offers_in_person": "on",
            "booking_opens_at_0": "2027-03-01",
            "booking_opens_at_1": "08:00",
            "booking_closes_at_0": "2027-03-10",
            "booking_closes_at_1": "20:00",
            "changes_until_0": "2027-03-11",
            "changes_until_1": "17:00",
            "placement": "school",
            "participation_target": 95,
            "days-TOTAL_FORMS": 2,
            "days-INITIAL_FORMS": 0,
            "days-0-on": "2027-03-15",
            "days-0-starts": "12:30",
            "days-0-ends": "17:30",
            "days-1-on": "2027-03-17",
            "days-1-starts": "16:00",
            "days-1-ends": "20:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    cycle = Cycle.objects.get(name="Spring conferences")
    assert ConferenceDay.objects.filter(cycle=cycle).count() == 2
    assert cycle.participation_target == 95


def test_a_cycle_that_closes_before_it_opens_is_refused(cast: Cast) -> None:
    from podium.conferences.models import Cycle

    response = signed_in(cast.school_admin).post(
        reverse("admin:conferences_cycle_add"),
        {
            "school": cast.school.pk,
            "school_year": cast.year.pk,
            "name": "Backwards",
            "slot_minutes": 20,
            "buffer_minutes": 0,
            "seats_per_slot": 1,
            "offers_in_person": "on",
            "booking_opens_at_0": "2027-03-10",
            "booking_opens_at_1": "08:00",
            "booking_closes_at_0": "2027-03-01",
            "booking_closes_at_1": "20:00",
            "changes_until_0": "2027-03-11",
            "changes_until_1": "17:00",
            "placement": "families",
            "participation_target": 95,
            "days-TOTAL_FORMS": 0,
            "days-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Booking must close after it opens." in response.content.decode()
    assert not Cycle.objects.filter(name="Backwards").exists()
