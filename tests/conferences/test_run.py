"""Running the conference: presentation mode timing it, the console, outcome and follow-ups.

Ms. Rivera runs Mateo's conference with Sofía, who reads Podium in Spanish.
Mr. Okafor (another advisor), Sofía herself and Mateo may not run it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.binder.models import Goal, GradeBand
from podium.conferences.agenda import SectionKind
from podium.conferences.models import (
    AgendaTemplate,
    Attendance,
    Booking,
    Conference,
    FamilyInput,
    FollowUp,
    Note,
    Plan,
    SectionTime,
)
from podium.roster.models import Term
from tests.cast import Cast
from tests.conferences.test_deck import book, client_for, fill, make_plan, slide
from tests.conferences.world import World, make_world


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


@pytest.fixture
def booking(cast: Cast, world: World) -> Booking:
    return book(cast, world, cast.student, interpreter=cast.interpreter, interpreter_language="es")


@pytest.fixture
def plan(cast: Cast, world: World) -> Plan:
    return make_plan(world, cast.student)


def rivera(cast: Cast) -> Client:
    return client_for(cast.advisor.user)


def url(name: str, booking: Booking) -> str:
    return reverse(f"conferences:{name}", args=[booking.pk])


def ids(plan: Plan) -> dict[str, int]:
    return {s.kind: s.pk for s in plan.agenda.sections.all()}


# --- presentation mode ----------------------------------------------------------------


def test_presenting_opens_the_plans_deck_in_the_familys_language(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    fill(
        plan, SectionKind.ENJOY, text="I like math.", text_2="Me gustan las mates.", language_2="es"
    )
    response = rivera(cast).get(url("present", booking))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es"' in page
    assert "Ir al contenido" in page
    assert '<div class="said-side" lang="es" dir="ltr">' in page
    assert f'data-times-url="{url("run_times", booking)}"' in page
    element_ids = re.findall(r' id="([^"]+)"', page)
    assert len(element_ids) == len(set(element_ids))
    conference = Conference.objects.get(booking=booking)
    assert conference.plan == plan
    # Staff can show it in another language.
    english = rivera(cast).get(url("present", booking) + "?lang=en").content.decode()
    assert '<html lang="en"' in english


def test_an_online_conference_shows_the_meeting_link_on_the_deck(
    cast: Cast, world: World, plan: Plan
) -> None:
    online = book(cast, world, cast.student, mode=Booking.Mode.ONLINE)
    page = rivera(cast).get(url("present", online)).content.decode()
    assert online.meeting_url
    assert f'href="{online.meeting_url}"' in page
    in_person = rivera(cast).get(url("run", online)).content.decode()
    assert online.meeting_url in in_person


def test_a_conference_without_a_plan_still_presents_the_agenda(
    cast: Cast, booking: Booking
) -> None:
    page = rivera(cast).get(url("present", booking) + "?lang=en").content.decode()
    assert "There is no plan for this conference yet" in page
    assert "How you can help me" in page


def test_a_commitment_typed_on_the_last_slide_is_saved_and_shown_back_there(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    client = rivera(cast)
    page = client.get(url("present", booking)).content.decode()
    help_slide = slide(page, "help")
    assert f'action="{url("run_input", booking)}"' in help_slide
    number = int(help_slide.split('id="slide-')[1].split('"')[0])
    response = client.post(
        url("run_input", booking),
        {
            "kind": "commitment",
            "text": "Leeré con Mateo cada noche.",
            "guardian": cast.guardian.pk,
            "language": "es",
            "back": "deck",
            "slide": number,
            "lang": "es",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("present", booking) + f"?lang=es#slide-{number}"
    commitment = FamilyInput.objects.get()
    assert (commitment.kind, commitment.language, commitment.by) == (
        FamilyInput.Kind.COMMITMENT,
        "es",
        "Sofía García",
    )
    again = client.get(url("present", booking)).content.decode()
    assert '<li lang="es" dir="ltr">Leeré con Mateo cada noche.</li>' in again


def test_an_empty_commitment_from_the_deck_is_refused_and_nothing_saved(
    cast: Cast, booking: Booking
) -> None:
    response = rivera(cast).post(
        url("run_input", booking),
        {"kind": "commitment", "text": "  ", "language": "es", "back": "deck", "slide": 8},
        follow=True,
    )
    assert "Write what the family said, then save." in response.content.decode()
    assert not FamilyInput.objects.exists()


# --- the section timer ----------------------------------------------------------------


def test_the_deck_posts_section_times_and_the_first_post_starts_the_clock(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    sections = ids(plan)
    client = rivera(cast)
    before = timezone.now()
    response = client.post(
        url("run_times", booking),
        json.dumps({"seconds": {str(sections["enjoy"]): 100}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"saved": 1}
    conference = Conference.objects.get(booking=booking)
    assert conference.started_at is not None
    assert before - dt.timedelta(seconds=101) <= conference.started_at <= timezone.now()
    started = conference.started_at
    # Repeated posts carry running totals: the last value for each section wins.
    client.post(
        url("run_times", booking),
        json.dumps({"seconds": {str(sections["enjoy"]): 130, str(sections["strengths"]): 20}}),
        content_type="application/json",
    )
    client.post(
        url("run_times", booking),
        json.dumps({"seconds": {str(sections["enjoy"]): 130, str(sections["strengths"]): 20}}),
        content_type="application/json",
    )
    times = {t.section.kind: t.seconds for t in SectionTime.objects.select_related("section")}
    assert times == {"enjoy": 130, "strengths": 20}
    conference.refresh_from_db()
    assert conference.started_at == started
    console = client.get(url("run", booking)).content.decode()
    assert "2:10" in console
    assert "0:20" in console


def test_bad_section_times_are_refused_and_nothing_is_stored(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    other = make_plan_for_sibling(cast, plan)
    client = rivera(cast)
    for seconds in (
        {str(other): 10},
        {str(ids(plan)["enjoy"]): -1},
        {str(ids(plan)["enjoy"]): "a lot"},
        {str(ids(plan)["enjoy"]): 10**7},
    ):
        response = client.post(
            url("run_times", booking),
            json.dumps({"seconds": seconds}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["error"]
    assert not SectionTime.objects.exists()
    assert Conference.objects.get(booking=booking).started_at is None


def make_plan_for_sibling(cast: Cast, plan: Plan) -> int:
    """A section id of another agenda (the kindergarten one)."""
    section = AgendaTemplate.for_band(cast.school, GradeBand.K2).sections.first()
    assert section is not None
    return section.pk


# --- the console ------------------------------------------------------------------------


def test_the_console_shows_check_in_times_notes_input_and_outcome(
    cast: Cast, booking: Booking
) -> None:
    response = rivera(cast).get(url("run", booking))
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ("Who came", "Time per section", "Notes", "What the family said", "Outcome"):
        assert heading in page
    assert "Sofía García" in page
    assert "Mr. Haddad (interpreter)" in page
    assert f'href="{url("present", booking)}"' in page
    # Several forms on one page, and no two fields share an id (their labels would mislead).
    element_ids = re.findall(r' id="([^"]+)"', page)
    assert len(element_ids) == len(set(element_ids))


def test_check_in_records_who_came_and_how(cast: Cast, booking: Booking) -> None:
    response = rivera(cast).post(
        url("run_checkin", booking),
        {
            f"guardian_{cast.guardian.pk}": "on",
            f"guardian_{cast.guardian.pk}_mode": "online",
            "interpreter": "on",
            "interpreter_mode": "in_person",
            "dream_team": "Coach Ana\n\n  Tío Luis ",
            "dream_team_mode": "in_person",
        },
    )
    assert response.status_code == 302
    rows = {(a.kind, a.name, a.mode) for a in Attendance.objects.all()}
    assert rows == {
        ("guardian", "Sofía García", "online"),
        ("interpreter", "Mr. Haddad", "in_person"),
        ("dream_team", "Coach Ana", "in_person"),
        ("dream_team", "Tío Luis", "in_person"),
    }
    # Checking in again replaces the list.
    rivera(cast).post(
        url("run_checkin", booking),
        {f"guardian_{cast.guardian.pk}_mode": "in_person", "dream_team_mode": "in_person"},
    )
    assert not Attendance.objects.exists()
    bad = rivera(cast).post(
        url("run_checkin", booking), {f"guardian_{cast.guardian.pk}_mode": "by pigeon"}
    )
    assert bad.status_code == 400


def test_notes_are_private_to_staff_unless_shared(cast: Cast, booking: Booking) -> None:
    client = rivera(cast)
    client.post(url("run_note", booking), {"text": "Dad works nights."})
    client.post(url("run_note", booking), {"text": "Great progress in math.", "shared": "on"})
    assert [(n.text, n.shared) for n in Note.objects.all()] == [
        ("Dad works nights.", False),
        ("Great progress in math.", True),
    ]
    assert all(n.author == cast.advisor.user for n in Note.objects.all())
    empty = client.post(url("run_note", booking), {"text": ""})
    assert empty.status_code == 400
    assert Note.objects.count() == 2


def test_a_question_and_a_wish_for_time_alone_become_follow_ups_for_the_advisor(
    cast: Cast, booking: Booking
) -> None:
    client = rivera(cast)
    client.post(
        url("run_input", booking),
        {"kind": "question", "text": "¿Cómo practico las tablas?", "language": "es"},
    )
    client.post(url("run_input", booking), {"kind": "private_time", "language": "es"})
    follow_ups = {f.reason: f for f in FollowUp.objects.all()}
    assert set(follow_ups) == {FollowUp.Reason.QUESTION, FollowUp.Reason.PRIVATE_TIME}
    assert follow_ups[FollowUp.Reason.QUESTION].detail == "¿Cómo practico las tablas?"
    assert all(f.advisor == cast.advisor for f in follow_ups.values())
    assert FamilyInput.objects.get().kind == FamilyInput.Kind.QUESTION
    page = client.get(reverse("conferences:follow_ups")).content.decode()
    assert "Time with the teacher alone" in page
    assert "A question to answer" in page
    assert "Mateo García" in page
    missing_text = client.post(url("run_input", booking), {"kind": "question", "language": "es"})
    assert missing_text.status_code == 400
    assert "Write what the family said." in missing_text.content.decode()


def test_time_alone_asked_for_when_booking_is_a_follow_up_once_the_conference_is_run(
    cast: Cast, world: World
) -> None:
    booked = book(cast, world, cast.student, private_time=True)
    rivera(cast).get(url("run", booked))
    rivera(cast).get(url("run", booked))
    assert FollowUp.objects.filter(reason=FollowUp.Reason.PRIVATE_TIME).count() == 1


# --- the outcome ----------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(
    cast: Cast, booking: Booking
) -> None:
    response = rivera(cast).post(
        url("run_outcome", booking), {"outcome": "held", "started": "13:20", "ended": "13:00"}
    )
    assert response.status_code == 400
    assert "The conference cannot end before it starts." in response.content.decode()
    conference = Conference.objects.get(booking=booking)
    assert (conference.outcome, conference.started_at, conference.ended_at) == ("", None, None)
    no_times = rivera(cast).post(url("run_outcome", booking), {"outcome": "held"})
    assert no_times.status_code == 400
    assert "Give the time the conference started." in no_times.content.decode()


def test_a_no_show_creates_a_follow_up_and_coming_later_closes_it(
    cast: Cast, booking: Booking
) -> None:
    client = rivera(cast)
    assert client.post(url("run_outcome", booking), {"outcome": "no_show"}).status_code == 302
    follow_up = FollowUp.objects.get(reason=FollowUp.Reason.NO_SHOW)
    assert follow_up.advisor == cast.advisor
    assert follow_up.done_at is None
    client.post(url("run_outcome", booking), {"outcome": "no_show"})
    assert FollowUp.objects.filter(reason=FollowUp.Reason.NO_SHOW).count() == 1
    client.post(url("run_outcome", booking), {"outcome": "rescheduled"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_a_held_conference_keeps_its_times_and_rolls_the_new_goals_into_the_next_cycle(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    day = booking.slot.day
    term = Term.objects.create(
        school_year=cast.year,
        name="Winter",
        starts_on=day.on - dt.timedelta(days=30),
        ends_on=day.on + dt.timedelta(days=60),
    )
    reviewed_at = timezone.now()
    old = Goal.objects.create(
        student=cast.student,
        title="Read every day",
        status=Goal.Status.MET,
        review="I read 20 minutes a day.",
        reviewed_at=reviewed_at,
    )
    new = Goal.objects.create(student=cast.student, title="Learn my 8 times table")
    plan.goals.set([old, new])
    response = rivera(cast).post(
        url("run_outcome", booking), {"outcome": "held", "started": "12:32", "ended": "12:55"}
    )
    assert response.status_code == 302
    conference = Conference.objects.get(booking=booking)
    assert conference.is_held
    assert conference.started_at == day.at(dt.time(12, 32))
    assert conference.ended_at == day.at(dt.time(12, 55))
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.status, new.term) == (Goal.Status.ACTIVE, term)
    assert (old.status, old.review, old.reviewed_at) == (
        Goal.Status.MET,
        "I read 20 minutes a day.",
        reviewed_at,
    )
    assert old.term is None


def test_the_outcome_form_defaults_to_the_recorded_times(
    cast: Cast, booking: Booking, plan: Plan
) -> None:
    conference = Conference.objects.create(
        booking=booking, plan=plan, started_at=booking.slot.day.at(dt.time(12, 35))
    )
    SectionTime.objects.create(
        conference=conference, section=plan.agenda.sections.all()[0], seconds=600
    )
    page = rivera(cast).get(url("run", booking)).content.decode()
    assert 'name="started" value="12:35"' in page
    assert 'name="ended" value="12:45"' in page


# --- who may run a conference -------------------------------------------------------------


@pytest.mark.parametrize("name", ["run", "present"])
def test_only_the_advisor_and_the_schools_admins_run_a_conference(
    cast: Cast, booking: Booking, name: str
) -> None:
    target = url(name, booking)
    assert client_for(cast.advisor.user).get(target).status_code == 200
    assert client_for(cast.school_admin.user).get(target).status_code == 200
    for user in (
        cast.guardian.user,
        cast.student.user,
        cast.outsider_advisor.user,
        cast.sibling_advisor.user,
        cast.interpreter.user,
        cast.other_school_admin.user,
    ):
        assert client_for(user).get(target).status_code == 404, user
    assert Client().get(target).status_code == 302


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("run_checkin", {}),
        ("run_times", {"section_1": "1"}),
        ("run_note", {"text": "x"}),
        ("run_input", {"kind": "commitment", "text": "x", "language": "en"}),
        ("run_outcome", {"outcome": "no_show"}),
    ],
)
def test_nobody_else_changes_a_conference_and_a_get_is_refused(
    cast: Cast, booking: Booking, name: str, data: dict[str, Any]
) -> None:
    target = url(name, booking)
    for user in (cast.guardian.user, cast.student.user, cast.outsider_advisor.user):
        assert client_for(user).post(target, data).status_code == 404
    assert rivera(cast).get(target).status_code == 405
    assert not Attendance.objects.exists()
    assert not SectionTime.objects.exists()
    assert not Note.objects.exists()
    assert not FamilyInput.objects.exists()
    assert not Conference.objects.exclude(outcome="").exists()


def test_a_follow_up_is_marked_done_only_by_its_advisor_or_the_schools_admin(
    cast: Cast, booking: Booking
) -> None:
    rivera(cast).post(url("run_outcome", booking), {"outcome": "no_show"})
    follow_up = FollowUp.objects.get()
    done = reverse("conferences:follow_up_done", args=[follow_up.pk])
    assert client_for(cast.outsider_advisor.user).post(done).status_code == 404
    assert client_for(cast.other_school_admin.user).post(done).status_code == 404
    assert client_for(cast.guardian.user).post(done).status_code == 404
    assert rivera(cast).get(done).status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    assert (
        "Did not come"
        not in client_for(cast.outsider_advisor.user)
        .get(reverse("conferences:follow_ups"))
        .content.decode()
    )
    assert client_for(cast.school_admin.user).post(done).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    page = rivera(cast).get(reverse("conferences:follow_ups")).content.decode()
    assert "Nothing to follow up." in page


def test_the_advisors_day_links_each_conference_to_run_and_present(
    cast: Cast, world: World, booking: Booking
) -> None:
    page = (
        rivera(cast)
        .get(reverse("conferences:advisor_day", args=[world.cycle.pk, cast.advisor.pk]))
        .content.decode()
    )
    assert f'href="{url("run", booking)}"' in page
    assert f'href="{url("present", booking)}"' in page
    assert 'class="run-links no-print"' in page
