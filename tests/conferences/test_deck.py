"""Presentation mode and the rehearsal: the plan as slides, timed.

Mateo (grade 4) presents his plan; Lupe (kindergarten) shows her smiley faces
and her recording; Sofía, their mother, watches in Spanish and sees only the
work Ms. Rivera approved. Plans are made straight in the database here, so
these tests do not depend on the preparation pages.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.binder.models import (
    Artifact,
    DataPoint,
    Goal,
    GoalStep,
    GradeBand,
    LearningTarget,
    Measure,
    SelfAssessment,
    Subject,
)
from podium.conferences.agenda import SectionKind
from podium.conferences.models import (
    AgendaTemplate,
    Booking,
    Cycle,
    Plan,
    PlanSection,
    Rehearsal,
)
from podium.roster.models import Student
from tests.cast import Cast
from tests.conferences.world import World, make_world


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_plan(world: World, student: Student) -> Plan:
    agenda = AgendaTemplate.for_band(student.school, GradeBand.of(student.grade))
    return Plan.objects.create(cycle=world.cycle, student=student, agenda=agenda)


def fill(plan: Plan, kind: str, **fields: Any) -> PlanSection:
    section = plan.agenda.sections.get(kind=kind)
    filled, _created = PlanSection.objects.update_or_create(
        plan=plan, section=section, defaults=fields
    )
    return filled


def book(cast: Cast, world: World, student: Student, **fields: Any) -> Booking:
    advisor = cast.advisor if student == cast.student else cast.sibling_advisor
    return Booking.objects.create(
        cycle=world.cycle,
        slot=world.slots(advisor)[0],
        student=student,
        guardian=cast.guardian,
        **fields,
    )


def slide_headings(page: str) -> list[str]:
    return re.findall(r'<h2 id="slide-\d+-heading">([^<]+)</h2>', page)


def slide(page: str, kind: str) -> str:
    """The HTML of the first slide of this kind."""
    match = re.search(rf'<section class="slide slide-{kind}[^"]*".*?</section>\n  ', page, re.S)
    assert match, f"no {kind} slide"
    return match.group(0)


def deck_url(plan: Plan) -> str:
    return reverse("conferences:deck", args=[plan.pk])


def rehearse_url(plan: Plan) -> str:
    return reverse("conferences:rehearse", args=[plan.pk])


# --- the slides ---------------------------------------------------------------------


def test_the_deck_has_a_title_slide_then_one_slide_per_section_in_agenda_order(
    cast: Cast, world: World
) -> None:
    plan = make_plan(world, cast.student)
    # The school moved "How you can help me" to the front.
    plan.agenda.sections.filter(kind=SectionKind.HELP).update(position=0)
    response = client_for(cast.student.user).get(deck_url(plan))
    page = response.content.decode()
    assert response.status_code == 200
    expected = [str(s.heading) for s in plan.agenda.sections.order_by("position", "pk")]
    assert slide_headings(page) == [cast.student.full_name, *expected]
    assert expected[0] == "How you can help me"
    assert "Student-led conference" in page
    assert world.cycle.name in page
    assert 'src="/static/podium/js/deck.js"' in page
    # Every slide is in the page, none hidden: without JavaScript it reads as a long page.
    assert page.count("data-slide ") == len(expected) + 1
    assert '<section class="slide slide-title" id="slide-1" data-slide hidden' not in page


def test_an_unprepared_deck_still_opens_and_says_what_is_missing(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    fill(plan, SectionKind.ENJOY, text="I like fractions.")
    fill(plan, SectionKind.WORK)
    page = client_for(cast.advisor.user).get(deck_url(plan)).content.decode()
    assert "This section has not been prepared yet." in slide(page, "strengths")
    work = slide(page, "work")
    assert "Nothing written or recorded for this section yet." in work
    assert "No work chosen yet." in work
    assert "No goals set yet." in slide(page, "goals")
    assert "No data chosen yet." not in page  # the data slide was never prepared at all
    assert "Missing from this slide" not in slide(page, "enjoy")
    # The last slide is the student's question to the adults: nothing to prepare.
    assert "Missing from this slide" not in slide(page, "help")


def test_media_that_cannot_be_played_keeps_its_place_and_says_why(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    now = timezone.now()
    no_file = Artifact.objects.create(
        student=cast.student, kind=Artifact.Kind.AUDIO, title="My song", approved_at=now
    )
    mov = Artifact.objects.create(
        student=cast.student,
        kind=Artifact.Kind.VIDEO,
        title="Volcano",
        content_type="video/quicktime",
        approved_at=now,
    )
    mov.file.save("volcano.mov", ContentFile(b"\x00" * 10))
    link = Artifact.objects.create(
        student=cast.student,
        kind=Artifact.Kind.LINK,
        title="My website",
        url="https://example.com/mateo",
        approved_at=now,
    )
    section = fill(plan, SectionKind.WORK, text="Look at my work.")
    section.artifacts.set([no_file, mov, link])
    page = client_for(cast.advisor.user).get(deck_url(plan)).content.decode()
    work = slide(page, "work")
    assert "My song" in work
    assert "The recording of this work is missing." in work
    assert "This video cannot be played here. Download it to watch." in work
    assert "<video" not in work
    assert reverse("binder:work_file", args=[mov.pk]) in work
    assert 'href="https://example.com/mateo"' in work


def test_bilingual_text_is_shown_side_by_side_each_in_its_language_and_direction(
    cast: Cast, world: World
) -> None:
    plan = make_plan(world, cast.student)
    fill(
        plan,
        SectionKind.STRENGTHS,
        text="I am good at reading.",
        language="en",
        text_2="أنا جيد في القراءة.",
        language_2="ar",
    )
    fill(plan, SectionKind.ENJOY, text="Me gusta leer.", language="es")
    page = client_for(cast.student.user).get(deck_url(plan)).content.decode()
    strengths = slide(page, "strengths")
    assert 'class="said two"' in strengths
    assert '<div class="said-side" lang="en" dir="ltr">' in strengths
    assert '<div class="said-side" lang="ar" dir="rtl">' in strengths
    assert strengths.index("I am good at reading.") < strengths.index("أنا جيد في القراءة.")
    enjoy = slide(page, "enjoy")
    assert '<div class="said-side" lang="es" dir="ltr">' in enjoy
    assert 'class="said two"' not in enjoy


def test_a_kindergartners_deck_shows_her_smiley_faces_and_her_recording(
    cast: Cast, world: World
) -> None:
    lupe = cast.sibling
    plan = make_plan(world, lupe)
    target = LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.READING,
        statement="I can read my sight words",
        grade_from=0,
        grade_to=2,
    )
    rating = SelfAssessment.objects.create(student=lupe, target=target, band=GradeBand.K2, level=3)
    data = fill(plan, SectionKind.DATA)
    data.assessments.set([rating])
    enjoy = fill(plan, SectionKind.ENJOY, audio_type="audio/webm", audio_size=10)
    enjoy.audio.save("enjoy.webm", ContentFile(b"\x1a\x45\xdf\xa3" + b"\x00" * 6))
    page = client_for(cast.sibling_advisor.user).get(deck_url(plan)).content.decode()
    data_slide = slide(page, "data")
    assert "I can read my sight words" in data_slide
    assert '<svg class="face"' in data_slide
    assert "I can do it!" in data_slide
    audio_url = reverse("conferences:plan_section_audio", args=[plan.pk, enjoy.pk])
    assert f'<audio controls preload="none" src="{audio_url}"' in slide(page, "enjoy")
    # The recording itself plays for whoever may see the plan.
    assert client_for(cast.guardian.user).get(audio_url).status_code == 200


def test_charts_and_goals_with_their_steps_are_on_their_slides(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    measure = Measure.objects.create(student=cast.student, name="Reading level", goal=30)
    DataPoint.objects.create(measure=measure, on=timezone.localdate(), value=24)
    fill(plan, SectionKind.DATA).measures.set([measure])
    old = Goal.objects.create(
        student=cast.student,
        title="Read 20 minutes a day",
        status=Goal.Status.MET,
        review="I did it every day.",
        reviewed_at=timezone.now(),
    )
    new = Goal.objects.create(student=cast.student, title="Learn my 8 times table")
    GoalStep.objects.create(goal=new, text="Practise with cards")
    plan.goals.set([old, new])
    page = client_for(cast.advisor.user).get(deck_url(plan)).content.decode()
    assert "<svg" in slide(page, "data")
    assert "Reading level" in slide(page, "data")
    goals = slide(page, "goals")
    assert "Read 20 minutes a day" in goals
    assert "I did it every day." in goals
    assert "Learn my 8 times table" in goals
    assert "Practise with cards" in goals
    assert "Ask the adults" in slide(page, "help") or "Ask your family" in slide(page, "help")


def test_a_guardian_sees_only_the_work_approved_for_the_family(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    approved = Artifact.objects.create(
        student=cast.student,
        kind=Artifact.Kind.TEXT,
        title="My poem",
        text="Roses",
        approved_at=timezone.now(),
    )
    waiting = Artifact.objects.create(
        student=cast.student, kind=Artifact.Kind.TEXT, title="My secret draft", text="Draft"
    )
    fill(plan, SectionKind.WORK, text="My work").artifacts.set([approved, waiting])
    # Sofía reads Podium in English here, so the page's words can be checked as written.
    assert cast.guardian.user is not None
    cast.guardian.user.language = "en"
    cast.guardian.user.save(update_fields=["language"])
    page = client_for(cast.guardian.user).get(deck_url(plan)).content.decode()
    work = slide(page, "work")
    assert "My poem" in work
    assert "My secret draft" not in page
    assert "waiting for the advisor&#x27;s approval" in work
    # The student and the advisor see both, the draft marked as waiting.
    staff_page = client_for(cast.advisor.user).get(deck_url(plan)).content.decode()
    assert "My secret draft" in staff_page
    assert "Waiting for approval" in staff_page


def test_the_deck_is_seen_only_by_those_who_see_the_student(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    url = deck_url(plan)
    for user in (cast.student.user, cast.guardian.user, cast.advisor.user, cast.school_admin.user):
        assert client_for(user).get(url).status_code == 200
    for user in (
        cast.other_guardian.user,
        cast.outsider_advisor.user,
        cast.sibling_advisor.user,
        cast.other_school_admin.user,
        cast.interpreter.user,  # not assigned to Mateo's conference
    ):
        assert client_for(user).get(url).status_code == 404
    assert client_for(cast.advisor.user).post(url).status_code == 405
    book(cast, world, cast.student, interpreter=cast.interpreter, interpreter_language="es")
    assert client_for(cast.interpreter.user).get(url).status_code == 200


def test_the_interpreter_sees_the_plan_of_the_conference_he_interprets_not_another_cycles(
    cast: Cast, world: World
) -> None:
    """Mr. Haddad interprets Mateo's conference of this cycle: not a plan of another cycle."""
    book(cast, world, cast.student, interpreter=cast.interpreter, interpreter_language="es")
    earlier = Cycle.objects.create(
        school=cast.school,
        school_year=cast.year,
        name="Spring conferences",
        booking_opens_at=timezone.now() - timedelta(days=60),
        booking_closes_at=timezone.now() - timedelta(days=40),
        changes_until=timezone.now() - timedelta(days=40),
    )
    agenda = AgendaTemplate.for_band(cast.school, GradeBand.of(cast.student.grade))
    last_time = Plan.objects.create(cycle=earlier, student=cast.student, agenda=agenda)
    recorded = fill(last_time, SectionKind.ENJOY, audio_type="audio/ogg", audio_size=4)
    recorded.audio.save("said.ogg", ContentFile(b"OggS"))
    this_time = make_plan(world, cast.student)
    haddad, rivera = client_for(cast.interpreter.user), client_for(cast.advisor.user)
    audio = reverse("conferences:plan_section_audio", args=[last_time.pk, recorded.pk])

    assert haddad.get(deck_url(this_time)).status_code == 200
    assert haddad.get(deck_url(last_time)).status_code == 404
    assert haddad.get(audio).status_code == 404
    assert rivera.get(deck_url(last_time)).status_code == 200
    assert rivera.get(audio).status_code == 200


def test_lang_chooses_the_interface_language_of_the_slides(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    fill(plan, SectionKind.ENJOY, text="I like recess.", language="en")
    response = client_for(cast.advisor.user).get(deck_url(plan) + "?lang=es")
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert "Ir al contenido" in page
    # The student's words stay in the language he wrote them.
    assert '<div class="said-side" lang="en" dir="ltr">' in page
    # A language the interface does not have is ignored.
    other = client_for(cast.advisor.user).get(deck_url(plan) + "?lang=xx").content.decode()
    assert '<html lang="en"' in other


# --- the rehearsal ------------------------------------------------------------------


def sections(plan: Plan) -> dict[str, int]:
    return {s.kind: s.pk for s in plan.agenda.sections.all()}


def test_the_rehearsal_shows_the_timer_on_every_section_slide(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    response = client_for(cast.student.user).get(rehearse_url(plan))
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-timer" in page
    assert page.count("data-slide-timer") == plan.agenda.sections.count()
    assert "Suggested: 3 minutes" in page
    for section_id in sections(plan).values():
        assert f'name="section_{section_id}"' in page


def test_a_rehearsal_is_saved_and_shows_where_the_student_ran_long(
    cast: Cast, world: World
) -> None:
    plan = make_plan(world, cast.student)
    ids = sections(plan)
    client = client_for(cast.student.user)
    response = client.post(
        rehearse_url(plan),
        {f"section_{ids['enjoy']}": "60", f"section_{ids['work']}": "400"},
    )
    rehearsal = Rehearsal.objects.get(plan=plan)
    assert response.status_code == 302
    assert response["Location"] == reverse("conferences:rehearsal", args=[plan.pk, rehearsal.pk])
    assert rehearsal.seconds == {str(ids["enjoy"]): 60, str(ids["work"]): 400}
    plan.refresh_from_db()
    assert plan.rehearsed_at is not None
    result = client.get(response["Location"]).content.decode()
    assert "You ran long in 1 part." in result
    assert "6:40" in result
    assert "1:00" in result
    assert "This was your first rehearsal." in result
    # A second run, sent by the script as JSON, lists the first as earlier.
    again = client.post(
        rehearse_url(plan),
        json.dumps({"seconds": {str(ids["enjoy"]): 90}}),
        content_type="application/json",
    )
    assert again.status_code == 201
    second = client.get(again.json()["url"]).content.decode()
    assert "Earlier rehearsals" in second
    assert "7:40 in all" in second


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ({"section_999999": "60"}, "That section is not part of this agenda."),
        ({"section_ENJOY": "-5"}, "Each time must be a whole number of seconds, 0 or more."),
        ({"section_ENJOY": "1.5"}, "Each time must be a whole number of seconds, 0 or more."),
        ({"section_ENJOY": "lots"}, "Each time must be a whole number of seconds, 0 or more."),
        ({"section_ENJOY": "999999"}, "between 0 and 2 hours"),
        ({}, "No section times were sent."),
    ],
)
def test_bad_rehearsal_times_are_refused_with_a_message_and_nothing_is_saved(
    cast: Cast, world: World, times: dict[str, str], message: str
) -> None:
    plan = make_plan(world, cast.student)
    enjoy = sections(plan)["enjoy"]
    data = {key.replace("ENJOY", str(enjoy)): value for key, value in times.items()}
    response = client_for(cast.student.user).post(rehearse_url(plan), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Rehearsal.objects.exists()
    plan.refresh_from_db()
    assert plan.rehearsed_at is None


def test_bad_json_rehearsal_times_are_refused(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    other_plan = make_plan(world, cast.sibling)
    someone_elses = other_plan.agenda.sections.first()
    assert someone_elses is not None
    client = client_for(cast.student.user)
    for body in (
        "not json",
        json.dumps([1, 2]),
        json.dumps({"seconds": {str(someone_elses.pk): 5}}),
    ):
        response = client.post(rehearse_url(plan), body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"]
    assert not Rehearsal.objects.exists()


def test_only_those_who_prepare_the_plan_rehearse_it(cast: Cast, world: World) -> None:
    plan = make_plan(world, cast.student)
    url = rehearse_url(plan)
    for user in (cast.student.user, cast.advisor.user, cast.school_admin.user):
        assert client_for(user).get(url).status_code == 200
    for user in (cast.guardian.user, cast.outsider_advisor.user, cast.other_guardian.user):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {}).status_code == 404
    rehearsal = Rehearsal.objects.create(plan=plan, seconds={})
    result = reverse("conferences:rehearsal", args=[plan.pk, rehearsal.pk])
    assert client_for(cast.guardian.user).get(result).status_code == 404
    other = make_plan(world, cast.sibling)
    assert (
        client_for(cast.student.user)
        .get(reverse("conferences:rehearsal", args=[other.pk, rehearsal.pk]))
        .status_code
        == 404
    )
