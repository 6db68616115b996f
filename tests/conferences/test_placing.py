"""The school-wide schedule: families' times, a run, its review, adjustments and publishing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.conferences import placing
from podium.conferences.actions import BookingError, Request, book
from podium.conferences.models import (
    Booking,
    Cycle,
    FamilyTimes,
    FamilyWindow,
    ScheduleRun,
    Slot,
)
from podium.outreach.models import Message
from podium.roster.models import Guardian, StudentGuardian
from tests.cast import PASSWORD, Cast, make_cast
from tests.conferences.world import World, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def world(cast: Cast) -> World:
    world = make_world(cast)
    Cycle.objects.filter(pk=world.cycle.pk).update(placement=Cycle.Placement.SCHOOL)
    world.cycle.refresh_from_db()
    return world


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def as_guardian(guardian: Guardian) -> Client:
    client = Client()
    assert guardian.user is not None
    client.force_login(guardian.user)
    return client


def times_url(world: World) -> str:
    return reverse("conferences:family_times", args=[world.cycle.pk])


def answer(
    world: World,
    guardian: Guardian,
    *,
    first: tuple[str, ...] | list[str] = (),
    evening: tuple[str, ...] | list[str] = (),
    **extra: str,
) -> FamilyTimes:
    """A guardian's times, as the form would save them: hour blocks of the two days."""
    times = FamilyTimes.objects.create(
        cycle=world.cycle, guardian=guardian, mode=Booking.Mode.IN_PERSON, **extra
    )
    for day, blocks in ((world.first_day, first), (world.evening, evening)):
        for block in blocks:
            starts, ends = block.split("-")
            FamilyWindow.objects.create(
                times=times,
                day=day,
                starts=dt.time.fromisoformat(starts),
                ends=dt.time.fromisoformat(ends),
            )
    return times


# --- families give their times -------------------------------------------------------------


def test_the_booking_page_sends_a_family_to_the_times_form(cast: Cast, world: World) -> None:
    client = as_guardian(cast.guardian)
    response = client.get(reverse("conferences:family", args=[world.cycle.pk]))
    assert response.status_code == 302
    assert response["Location"] == times_url(world)
    page = client.get(times_url(world), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200
    html = page.content.decode()
    # The hour blocks of both days, Mateo and Lupe, and Spanish as the interpreter asked for.
    for expected in ('value="12:30-13:30"', 'value="19:00-20:00"', "Mateo", "Lupe"):
        assert expected in html
    assert '<option value="es" selected>' in html


def test_a_family_saves_its_times_and_the_other_guardian_sees_them(
    cast: Cast, world: World
) -> None:
    client = as_guardian(cast.guardian)
    first, evening = world.first_day.pk, world.evening.pk
    response = client.post(
        times_url(world),
        {
            f"d{first}": ["13:30-14:30", "14:30-15:30"],
            f"d{evening}": ["18:00-19:00"],
            "preferred_day": str(first),
            "time_of_day": "later",
            "mode": "in_person",
            "interpreter_language": "es",
            "note": "Lupe naps until 1.",
        },
    )
    assert response.status_code == 302
    times = FamilyTimes.objects.get(cycle=world.cycle, guardian=cast.guardian)
    assert (times.interpreter_language, times.time_of_day, times.preferred_day_id) == (
        "es",
        "later",
        first,
    )
    # Neighbouring hours are one window.
    assert [(w.day_id, w.starts, w.ends) for w in times.windows.all()] == [
        (first, dt.time(13, 30), dt.time(15, 30)),
        (evening, dt.time(18), dt.time(19)),
    ]
    # Mateo's father, who may book too, finds the household's answer filled in.
    father = Guardian.objects.create(first_name="Luis", last_name="García", email="luis@x.example")
    father.ensure_user()
    StudentGuardian.objects.create(student=cast.student, guardian=father, relationship="father")
    html = as_guardian(father).get(times_url(world)).content.decode()
    assert 'value="13:30-14:30" checked' in html.replace(' id="', " ").replace("\n", " ") or (
        'value="13:30-14:30"' in html and "checked" in html.split('value="13:30-14:30"')[1][:80]
    )
    assert "Sofía García" in html


def test_no_time_ticked_is_refused_in_the_family_language_and_nothing_saved(
    cast: Cast, world: World
) -> None:
    client = as_guardian(cast.guardian)
    response = client.post(times_url(world), {"mode": "in_person"}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "Marque al menos una hora" in response.content.decode()
    assert not FamilyTimes.objects.exists()


def test_a_block_not_offered_is_refused(cast: Cast, world: World) -> None:
    response = as_guardian(cast.guardian).post(
        times_url(world), {f"d{world.first_day.pk}": ["03:00-04:00"], "mode": "in_person"}
    )
    assert response.status_code == 400
    assert not FamilyTimes.objects.exists()


def test_after_the_collection_window_times_are_refused(cast: Cast, world: World) -> None:
    Cycle.objects.filter(pk=world.cycle.pk).update(
        times_close_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = as_guardian(cast.guardian).post(
        times_url(world), {f"d{world.first_day.pk}": ["12:30-13:30"], "mode": "in_person"}
    )
    assert response.status_code == 400
    assert "dejó de recoger los horarios" in response.content.decode()
    assert "503-555-0100" in response.content.decode()
    assert not FamilyTimes.objects.exists()


def test_families_cannot_book_themselves_while_the_school_places_them(
    cast: Cast, world: World
) -> None:
    slot = world.slots(cast.advisor)[0]
    assert cast.guardian.user is not None
    with pytest.raises(BookingError, match="placing every family"):
        book(
            student=cast.student,
            slot=slot,
            by=cast.guardian.user,
            guardian=cast.guardian,
            request=Request(),
        )
    # The office still books for a family (a conference the schedule keeps where it is).
    booking = book(
        student=cast.student,
        slot=slot,
        by=cast.school_admin.user,
        guardian=None,
        request=Request(),
        staff=True,
    )
    assert booking.is_active


# --- the instance -------------------------------------------------------------------------


def test_the_instance_holds_answered_families_booked_conferences_and_interpreters(
    cast: Cast, world: World
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"], interpreter_language="es")
    booked = book(
        student=cast.other_student,
        slot=world.slot_at(cast.outsider_advisor, world.evening, 17),
        by=cast.school_admin.user,
        guardian=None,
        request=Request(),
        staff=True,
    )
    built = placing.build(world.cycle)
    inst = built.instance
    kids = {s.id: s for s in inst.students}
    mateo, lupe, linh = (
        placing.student_key(s.pk) for s in (cast.student, cast.sibling, cast.other_student)
    )
    assert set(kids) == {mateo, lupe, linh}
    # Mateo and Lupe are one household, with the Spanish interpreter their mother asked for.
    assert kids[mateo].family == kids[lupe].family
    family = inst.family_by_id[kids[mateo].family]
    assert family.interpreter == "es"
    # 13:30 to 14:30 is three 20-minute times: the 3rd, 4th and 5th of the day.
    day = built.grid.number(world.first_day)
    assert family.availability == (placing.Window(1440 * day + 15, 1440 * day + 30),)
    # Linh's conference is booked: it stays where it is.
    assert inst.locked_by_student[linh].start == built.slot_minute[booked.slot_id]
    assert [i.languages for i in inst.interpreters] == [("ar", "en")]
    assert built.not_answered == []


def test_a_family_that_has_not_answered_is_listed_not_placed(cast: Cast, world: World) -> None:
    built = placing.build(world.cycle)
    assert built.instance.students == ()
    assert {s.pk for s in built.not_answered} == {
        cast.student.pk,
        cast.sibling.pk,
        cast.other_student.pk,
    }


def test_a_grid_with_a_buffer_between_conferences(cast: Cast, world: World) -> None:
    Cycle.objects.filter(pk=world.cycle.pk).update(buffer_minutes=5)
    world.cycle.refresh_from_db()
    grid = placing.Grid.of(world.cycle)
    assert grid.step == 25
    # 12:30-17:30 holds conferences starting 12:30, 12:55, ... 17:05: twelve of them.
    assert grid.times_on(world.first_day) == 12
    assert grid.position(world.first_day, dt.time(12, 55)) == 1
    assert grid.position(world.first_day, dt.time(13, 0)) is None
    # A family free 13:00-14:00 can start at 13:20 or... 13:20 is off the grid: 13:20 and 13:45.
    window = grid.window(world.first_day, dt.time(13), dt.time(14))
    assert window is not None
    day = 1440 * grid.number(world.first_day)
    assert (window.start - day, window.end - day) == (10, 15)  # the 2nd time only (12:55+25)
    assert grid.real_minutes(10) == 50


def test_simultaneous_cycles_are_refused_with_a_reason(cast: Cast, world: World) -> None:
    Cycle.objects.filter(pk=world.cycle.pk).update(seats_per_slot=3)
    world.cycle.refresh_from_db()
    with pytest.raises(placing.PlacingError, match="one family at a time"):
        placing.build(world.cycle)


# --- a run, its review, adjustments, publishing --------------------------------------------


def run_now(world: World, cast: Cast) -> ScheduleRun:
    client = signed_in("park")
    response = client.post(
        reverse("conferences:schedule_runs", args=[world.cycle.pk]), {"time_limit": "5"}
    )
    assert response.status_code == 302
    run = ScheduleRun.objects.get(cycle=world.cycle)
    assert response["Location"] == reverse("conferences:schedule_run", args=[run.pk])
    return run


def test_a_run_places_brothers_and_sisters_one_after_the_other(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"])
    answer(world, cast.other_guardian, first=["13:30-14:30"], evening=["16:00-17:00"])
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE, run.error
    assert (run.placed, run.students, run.fraction, run.phase) == (3, 3, 1.0, "done")
    found = placing.review(run)
    assert found.problems == []
    figures = found.figures()
    assert (figures["placed"], figures["siblings_together"], figures["siblings_seatable"]) == (
        3,
        1,
        1,
    )
    assert (figures["wait_total"], figures["extra_trips"]) == (0, 0)
    starts = {row.student.pk: row.slot.starts_at for row in found.rows}
    assert abs(starts[cast.student.pk] - starts[cast.sibling.pk]) == dt.timedelta(minutes=20)
    page = signed_in("park").get(reverse("conferences:schedule_run", args=[run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "3 / 3" in html
    assert "Publish the schedule" in html


def test_the_progress_answers_the_poll_and_reloads_when_done(cast: Cast, world: World) -> None:
    run = ScheduleRun.objects.create(
        cycle=world.cycle, status=ScheduleRun.Status.RUNNING, fraction=0.4, placed=2, students=3
    )
    client = signed_in("park")
    url = reverse("conferences:schedule_run", args=[run.pk])
    polled = client.get(url, HTTP_HX_REQUEST="true")
    html = polled.content.decode()
    assert '<progress id="run-bar" max="100" value="40">' in html
    assert "2 placed so far" in html
    assert "<html" not in html
    ScheduleRun.objects.filter(pk=run.pk).update(status=ScheduleRun.Status.FAILED, error="x")
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_a_language_no_interpreter_speaks_leaves_the_family_out_with_the_reason(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.other_guardian, first=["13:30-14:30"], interpreter_language="so")
    answer(world, cast.guardian, first=["12:30-13:30"], interpreter_language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    run.refresh_from_db()
    found = placing.review(run)
    assert [(u.student.pk, u.reason) for u in found.unplaced] == [
        (cast.other_student.pk, "No interpreter speaks the family's language.")
    ]
    # The Garcías asked for Arabic here: Mr. Haddad interprets both, one after the other.
    assert {row.interpreter for row in found.rows} == {cast.interpreter}
    assert found.problems == []


def test_the_office_adjusts_a_draft_but_not_against_a_rule(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"])
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    run.refresh_from_db()
    client = signed_in("park")
    adjust = reverse("conferences:schedule_run_adjust", args=[run.pk])
    lupe_slot = run.draft["assignments"][placing.student_key(cast.sibling.pk)]["slot"]
    mateo_at = Slot.objects.get(
        pk=run.draft["assignments"][placing.student_key(cast.student.pk)]["slot"]
    ).starts_at
    # Mateo at the same time as his sister: the family is in one conference at a time.
    same_time = Slot.objects.get(
        advisor=cast.advisor, starts_at=Slot.objects.get(pk=lupe_slot).starts_at
    )
    refused = client.post(adjust, {"student": cast.student.pk, "slot": same_time.pk})
    assert refused.status_code == 400
    assert "The family already has a conference then." in refused.content.decode()
    # Mateo at 19:00, when the family did not say they can come.
    late = world.slot_at(cast.advisor, world.evening, 19)
    refused = client.post(adjust, {"student": cast.student.pk, "slot": late.pk})
    assert "The family did not say they can come then." in refused.content.decode()
    run.refresh_from_db()
    assert (
        Slot.objects.get(
            pk=run.draft["assignments"][placing.student_key(cast.student.pk)]["slot"]
        ).starts_at
        == mateo_at
    )
    # Leaving him out is allowed, and counted.
    assert client.post(adjust, {"student": cast.student.pk, "slot": ""}).status_code == 302
    run.refresh_from_db()
    assert placing.student_key(cast.student.pk) not in run.draft["assignments"]
    assert run.draft["adjusted"] is True
    assert placing.review(run).figures()["placed"] == 1


def test_publishing_books_everyone_and_tells_every_family(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"], interpreter_language="ar")
    answer(world, cast.other_guardian, evening=["16:00-17:00"])
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    client = signed_in("park")
    response = client.post(reverse("conferences:schedule_run_publish", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    world.cycle.refresh_from_db()
    assert run.status == ScheduleRun.Status.PUBLISHED
    assert world.cycle.published_at is not None
    bookings = Booking.objects.active().filter(cycle=world.cycle)
    assert {b.student_id for b in bookings} == {
        cast.student.pk,
        cast.sibling.pk,
        cast.other_student.pk,
    }
    garcia = bookings.filter(student=cast.student).get()
    assert (garcia.interpreter_language, garcia.interpreter) == ("ar", cast.interpreter)
    confirmations = Message.objects.filter(kind=Message.Kind.CONFIRMATION)
    assert sorted(m.guardian_id or 0 for m in confirmations) == sorted(
        [cast.guardian.pk, cast.guardian.pk, cast.other_guardian.pk]
    )
    # The family sees its times on the booking page now; a second publish is refused.
    family = as_guardian(cast.guardian).get(reverse("conferences:family", args=[world.cycle.pk]))
    assert family.status_code == 200
    assert "Mateo" in family.content.decode()
    again = client.post(reverse("conferences:schedule_run_publish", args=[run.pk]), follow=True)
    assert "Only a finished run" in again.content.decode()
    assert Booking.objects.active().filter(cycle=world.cycle).count() == 3


def test_publishing_is_all_or_nothing_when_a_time_was_taken_since(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"])
    answer(world, cast.other_guardian, evening=["16:00-17:00"])
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    run.refresh_from_db()
    linh_slot = Slot.objects.get(
        pk=run.draft["assignments"][placing.student_key(cast.other_student.pk)]["slot"]
    )
    # A fourth student takes Linh's time with Mr. Okafor before the office publishes.
    Booking.objects.create(cycle=world.cycle, slot=linh_slot, student=cast.other_school_student)
    response = signed_in("park").post(
        reverse("conferences:schedule_run_publish", args=[run.pk]), follow=True
    )
    assert "was booked since the run" in response.content.decode()
    assert Booking.objects.active().filter(cycle=world.cycle).count() == 1
    assert not Message.objects.filter(kind=Message.Kind.CONFIRMATION).exists()
    world.cycle.refresh_from_db()
    assert world.cycle.published_at is None


def test_the_newest_answer_of_a_household_counts(cast: Cast, world: World) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"])
    father = Guardian.objects.create(first_name="Luis", last_name="García", email="luis@x.example")
    StudentGuardian.objects.create(student=cast.sibling, guardian=father, relationship="father")
    answer(world, father, evening=["18:00-19:00"])
    built = placing.build(world.cycle)
    mateo = built.instance.student_by_id[placing.student_key(cast.student.pk)]
    family = built.instance.family_of(mateo)
    # Lupe's father answered last: his evening is the household's, Mateo's too.
    day = 1440 * built.grid.number(world.evening)
    assert family.availability == (placing.Window(day + 30, day + 45),)
    assert set(family.guardians) == {f"g{cast.guardian.pk}", f"g{father.pk}"}


def test_a_cycle_the_scheduler_cannot_lay_out_fails_the_run_with_the_reason(
    cast: Cast, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    answer(world, cast.guardian, first=["13:30-14:30"])
    Cycle.objects.filter(pk=world.cycle.pk).update(seats_per_slot=2)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_now(world, cast)
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    page = signed_in("park").get(reverse("conferences:schedule_run", args=[run.pk]))
    assert "one family at a time" in page.content.decode()
    # A failed run does not hold up the next one.
    assert not run.is_working
