"""Families book, move and cancel conferences; staff book for them."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from podium.conferences.models import Booking, Slot
from podium.outreach.models import Message
from podium.roster.models import Student
from tests.cast import Cast
from tests.conferences.world import World, make_world


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


JUST_TAKEN = "Sorry, that time was just taken. Here are the nearest free times."


def in_spanish(message: str, **params: str) -> str:
    """What Sofía reads (she reads Podium in Spanish), as it appears in the page."""
    with translation.override("es"):
        text = gettext(message)
    return escape(text % params if params else text)


def guardian_client(cast: Cast) -> Client:
    client = Client()
    assert cast.guardian.user is not None
    client.force_login(cast.guardian.user)
    return client


def staff_client(staff: object) -> Client:
    client = Client()
    client.force_login(staff.user)  # type: ignore[attr-defined]
    return client


def book_url(world: World, student: object) -> str:
    return reverse("conferences:student", args=[world.cycle.pk, student.pk])  # type: ignore[attr-defined]


def booking_form(student: object, slot: Slot, **extra: str) -> dict[str, str]:
    prefix = f"c{student.pk}"  # type: ignore[attr-defined]
    data = {f"{prefix}-slot": str(slot.pk), f"{prefix}-mode": "in_person"}
    data.update({f"{prefix}-{key}": value for key, value in extra.items()})
    return data


def test_guardian_sees_both_children_and_visits_that_see_both_teachers(
    cast: Cast, world: World
) -> None:
    response = guardian_client(cast).get(reverse("conferences:family", args=[world.cycle.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mateo" in page
    assert "Lupe" in page
    combinations = re.findall(r'name="together-combination" value="([^"]+)"', page)
    assert combinations
    # Each combination: Mateo with Ms. Rivera and Lupe with Mr. Chen, one right after the other.
    for value in combinations:
        pairs = [tuple(map(int, p.split(":"))) for p in value.split(",")]
        assert {student for student, _slot in pairs} == {cast.student.pk, cast.sibling.pk}
        slots = sorted(
            (Slot.objects.get(pk=slot) for _student, slot in pairs), key=lambda s: s.starts_at
        )
        assert slots[0].ends_at <= slots[1].starts_at <= slots[0].ends_at + dt.timedelta(minutes=10)
        assert slots[0].day_id == slots[1].day_id


def test_guardian_books_a_time_and_the_confirmation_is_written_with_it(
    cast: Cast, world: World
) -> None:
    slot = world.slot_at(cast.advisor, world.first_day, 15, 10)
    response = guardian_client(cast).post(
        book_url(world, cast.student), booking_form(cast.student, slot, interpreter_language="es")
    )
    booking = Booking.objects.get(student=cast.student)
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:booking", args=[booking.pk])
    assert (booking.slot, booking.seat, booking.interpreter_language) == (slot, 1, "es")
    assert booking.guardian == cast.guardian
    kinds = sorted(
        Message.objects.filter(topic=f"booking-{booking.pk}").values_list("kind", flat=True)
    )
    # A confirmation now, and reminders a week, a day and two hours before.
    assert kinds == ["confirmation", "reminder", "reminder", "reminder"]
    assert set(Message.objects.values_list("to", "language")) == {
        ("sofia.garcia@example.com", "es")
    }


def test_a_double_clicked_booking_makes_one_booking(cast: Cast, world: World) -> None:
    client = guardian_client(cast)
    slot = world.slot_at(cast.advisor, world.first_day, 15, 10)
    form = booking_form(cast.student, slot, request_key="k" * 32)
    first = client.post(book_url(world, cast.student), form)
    second = client.post(book_url(world, cast.student), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Booking.objects.filter(student=cast.student).count() == 1
    assert Message.objects.filter(kind="confirmation").count() == 1


def test_a_time_just_taken_gets_a_clear_answer_with_the_nearest_free_times(
    cast: Cast, world: World
) -> None:
    slot = world.slot_at(cast.advisor, world.first_day, 15, 10)
    other = make_world_student_booking(cast, world, slot)
    response = guardian_client(cast).post(
        book_url(world, cast.student), booking_form(cast.student, slot)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert in_spanish(JUST_TAKEN) in page
    nearest = response.context["nearest"]
    # The closest on either side first, then the earlier of the next two.
    assert [s.starts_at.astimezone(world.cycle.zone).time() for s in nearest] == [
        dt.time(14, 30),
        dt.time(14, 50),
        dt.time(15, 30),
    ]
    assert all(s.advisor == cast.advisor for s in nearest)
    assert list(Booking.objects.filter(slot=slot).values_list("student", flat=True)) == [other.pk]
    assert not Message.objects.filter(guardian=cast.guardian).exists()


def make_world_student_booking(cast: Cast, world: World, slot: Slot) -> Student:
    """Another of Ms. Rivera's advisees, booked at `slot`."""
    from tests.cast import make_student

    classmate = make_student(cast.school, cast.advisory, "Ava", "Jones", 4, "100099")
    Booking.objects.create(cycle=world.cycle, slot=slot, student=classmate)
    return classmate


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "Booking has closed. Please contact the school to book."),
        ("cancelled", "These conferences were cancelled."),
        (
            "other_advisor",
            "That time belongs to another teacher. Please choose one of your child's times.",
        ),
        ("missing_slot", "That time is not one of this conference's times. Please choose again."),
        ("past", "That time has passed. Please choose another."),
    ],
)
def test_bad_bookings_get_a_clear_message_and_change_nothing(
    cast: Cast, world: World, change: str, message: str
) -> None:
    slot = world.slot_at(cast.advisor, world.first_day, 15, 10)
    form = booking_form(cast.student, slot)
    if change == "closed":
        world.cycle.booking_closes_at = timezone.now() - dt.timedelta(minutes=1)
        world.cycle.save()
    elif change == "cancelled":
        world.cycle.is_cancelled = True
        world.cycle.save()
    elif change == "other_advisor":
        form = booking_form(
            cast.student, world.slot_at(cast.sibling_advisor, world.first_day, 15, 10)
        )
    elif change == "missing_slot":
        form[f"c{cast.student.pk}-slot"] = "999999"
    elif change == "past":
        Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    response = guardian_client(cast).post(book_url(world, cast.student), form)
    assert response.status_code == 400
    assert in_spanish(message) in response.content.decode()
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_a_guardian_cannot_book_for_a_child_not_theirs(cast: Cast, world: World) -> None:
    slot = world.slot_at(cast.outsider_advisor, world.first_day, 15, 10)
    response = guardian_client(cast).post(
        book_url(world, cast.other_student), booking_form(cast.other_student, slot)
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_a_guardian_who_may_not_book_cannot(cast: Cast, world: World) -> None:
    cast.student.guardian_links.update(may_book=False)
    slot = world.slot_at(cast.advisor, world.first_day, 15, 10)
    response = guardian_client(cast).post(
        book_url(world, cast.student), booking_form(cast.student, slot)
    )
    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_booking_rejects_get_on_the_visit_form(cast: Cast, world: World) -> None:
    response = guardian_client(cast).get(
        reverse("conferences:book_together", args=[world.cycle.pk])
    )
    assert response.status_code == 405


def test_guardian_books_both_children_back_to_back_in_one_action(cast: Cast, world: World) -> None:
    mateo = world.slot_at(cast.advisor, world.evening, 17)
    lupe = world.slot_at(cast.sibling_advisor, world.evening, 17, 20)
    response = guardian_client(cast).post(
        reverse("conferences:book_together", args=[world.cycle.pk]),
        {
            "together-combination": f"{cast.student.pk}:{mateo.pk},{cast.sibling.pk}:{lupe.pk}",
            "together-mode": "in_person",
            "together-request_key": "v" * 32,
        },
    )
    assert response.status_code == 302
    booked = dict(Booking.objects.values_list("student", "slot"))
    assert booked == {cast.student.pk: mateo.pk, cast.sibling.pk: lupe.pk}
    assert Message.objects.filter(kind="confirmation").count() == 2


def test_a_visit_with_one_time_taken_books_neither_child(cast: Cast, world: World) -> None:
    mateo = world.slot_at(cast.advisor, world.evening, 17)
    lupe = world.slot_at(cast.sibling_advisor, world.evening, 17, 20)
    from tests.cast import make_student

    classmate = make_student(cast.school, cast.sibling_advisory, "Noa", "Kim", 0, "100100")
    Booking.objects.create(cycle=world.cycle, slot=lupe, student=classmate)
    response = guardian_client(cast).post(
        reverse("conferences:book_together", args=[world.cycle.pk]),
        {
            "together-combination": f"{cast.student.pk}:{mateo.pk},{cast.sibling.pk}:{lupe.pk}",
            "together-mode": "in_person",
        },
        follow=True,
    )
    assert in_spanish(JUST_TAKEN) in response.content.decode()
    assert list(Booking.objects.values_list("student", flat=True)) == [classmate.pk]
    assert not Message.objects.exists()


def test_siblings_cannot_be_booked_at_the_same_time(cast: Cast, world: World) -> None:
    client = guardian_client(cast)
    at_five = world.slot_at(cast.advisor, world.evening, 17)
    client.post(book_url(world, cast.student), booking_form(cast.student, at_five))
    clash = world.slot_at(cast.sibling_advisor, world.evening, 17)
    response = client.post(book_url(world, cast.sibling), booking_form(cast.sibling, clash))
    assert response.status_code == 400
    refusal = "%(name)s's conference is at that time. Please choose a time before or after it."
    assert in_spanish(refusal, name="Mateo") in response.content.decode()
    assert Booking.objects.count() == 1


def test_online_conferences_get_their_own_meeting_link(cast: Cast, world: World) -> None:
    client = guardian_client(cast)
    client.post(
        book_url(world, cast.student),
        booking_form(cast.student, world.slot_at(cast.advisor, world.evening, 17), mode="online"),
    )
    client.post(
        book_url(world, cast.sibling),
        booking_form(
            cast.sibling, world.slot_at(cast.sibling_advisor, world.evening, 18), mode="online"
        ),
    )
    links = [b.meeting_url for b in Booking.objects.all()]
    assert len(set(links)) == 2
    assert all(link.startswith("https://meet.jit.si/podium-") for link in links)
    page = client.get(reverse("conferences:booking", args=[Booking.objects.first().pk]))  # type: ignore[union-attr]
    assert Booking.objects.first().meeting_url in page.content.decode()  # type: ignore[union-attr]


def booked(cast: Cast, world: World, hour: int = 17) -> Booking:
    slot = world.slot_at(cast.advisor, world.evening, hour)
    guardian_client(cast).post(book_url(world, cast.student), booking_form(cast.student, slot))
    return Booking.objects.get(student=cast.student)


def test_guardian_moves_a_conference_and_old_reminders_are_withdrawn(
    cast: Cast, world: World
) -> None:
    booking = booked(cast, world)
    new = world.slot_at(cast.advisor, world.first_day, 13, 10)
    response = guardian_client(cast).post(
        reverse("conferences:booking_move", args=[booking.pk]), {"slot": new.pk}
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot == new
    pending = Message.objects.filter(topic=f"booking-{booking.pk}", status="pending")
    assert sorted(pending.values_list("kind", flat=True)) == [
        "changed",
        "confirmation",
        "reminder",
        "reminder",
        "reminder",
    ]
    reminders = pending.filter(kind="reminder").values_list("send_after", flat=True)
    assert max(reminders) == new.starts_at - dt.timedelta(hours=2)
    assert Message.objects.filter(status="withdrawn").count() == 3


def test_after_the_cut_off_a_family_is_told_whom_to_contact(cast: Cast, world: World) -> None:
    booking = booked(cast, world)
    world.cycle.changes_until = timezone.now() - dt.timedelta(minutes=1)
    world.cycle.save()
    client = guardian_client(cast)
    page = client.get(reverse("conferences:booking", args=[booking.pk])).content.decode()
    closed = "Changes are closed. To change or cancel, please contact %(contact)s."
    expected = in_spanish(closed, contact="the front office, 503-555-0100")
    assert expected in page
    response = client.post(reverse("conferences:booking_cancel", args=[booking.pk]))
    assert response.status_code == 400
    assert expected in response.content.decode()
    booking.refresh_from_db()
    assert booking.is_active
    # Staff still can, for the family.
    staff = staff_client(cast.advisor)
    assert staff.post(reverse("conferences:booking_cancel", args=[booking.pk])).status_code == 302
    booking.refresh_from_db()
    assert not booking.is_active


def test_guardian_cancels_and_the_time_is_free_again(cast: Cast, world: World) -> None:
    booking = booked(cast, world)
    response = guardian_client(cast).post(reverse("conferences:booking_cancel", args=[booking.pk]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert booking.slot in Slot.objects.free()
    assert Message.objects.filter(kind="cancelled").count() == 1
    assert not Message.objects.filter(kind="reminder", status="pending").exists()


def test_moving_to_a_time_of_another_advisor_is_refused(cast: Cast, world: World) -> None:
    booking = booked(cast, world)
    other = world.slot_at(cast.outsider_advisor, world.evening, 18)
    response = guardian_client(cast).post(
        reverse("conferences:booking_move", args=[booking.pk]), {"slot": other.pk}
    )
    assert response.status_code == 400
    assert (
        in_spanish("That time belongs to another teacher. Please choose one of your child's times.")
        in response.content.decode()
    )
    booking.refresh_from_db()
    assert booking.slot.advisor == cast.advisor


def test_the_calendar_file_is_in_the_schools_zone(cast: Cast, world: World) -> None:
    booking = booked(cast, world)
    response = guardian_client(cast).get(reverse("conferences:booking_ics", args=[booking.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(iter(calendar.walk("VEVENT")))
    starts = event.decoded("dtstart")
    assert str(starts.tzinfo) == "America/Los_Angeles"
    assert (starts.date(), starts.time()) == (world.evening.on, dt.time(17))
    assert "Mateo" in str(event["summary"])
    assert "Rivera" in str(event["summary"])
    assert calendar.walk("VTIMEZONE")


def test_an_advisor_books_for_a_family_during_a_phone_call(cast: Cast, world: World) -> None:
    slot = world.slot_at(cast.advisor, world.first_day, 13, 10)
    response = staff_client(cast.advisor).post(
        book_url(world, cast.student), booking_form(cast.student, slot)
    )
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.booked_by == cast.advisor.user
    # The family hears about it.
    assert list(Message.objects.filter(kind="confirmation").values_list("to", flat=True)) == [
        "sofia.garcia@example.com"
    ]


def test_an_advisor_cannot_book_another_advisors_student(cast: Cast, world: World) -> None:
    slot = world.slot_at(cast.sibling_advisor, world.first_day, 13, 10)
    response = staff_client(cast.advisor).post(
        book_url(world, cast.sibling), booking_form(cast.sibling, slot)
    )
    assert response.status_code == 404


def test_simultaneous_format_seats_several_families_in_one_slot(cast: Cast) -> None:
    world = make_world(cast, seats=2)
    from tests.cast import make_student

    classmate = make_student(cast.school, cast.advisory, "Ava", "Jones", 4, "100099")
    third = make_student(cast.school, cast.advisory, "Eli", "Brown", 4, "100098")
    slot = world.slot_at(cast.advisor, world.first_day, 13, 10)
    guardian_client(cast).post(book_url(world, cast.student), booking_form(cast.student, slot))
    staff = staff_client(cast.advisor)
    assert staff.post(book_url(world, classmate), booking_form(classmate, slot)).status_code == 302
    assert staff.post(book_url(world, third), booking_form(third, slot)).status_code == 409
    assert sorted(Booking.objects.values_list("seat", flat=True)) == [1, 2]
