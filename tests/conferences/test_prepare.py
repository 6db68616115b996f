"""Preparing a conference: the student fills the plan from the binder, the advisor signs off.

Mateo (grade 4) prepares with Ms. Rivera; Lupe (kindergarten, Mr. Chen's
advisory) records instead of typing; Mr. Okafor, the Tran family and
Hillcrest see nothing of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from podium.binder.models import (
    Artifact,
    DataPoint,
    Goal,
    GradeBand,
    LearningTarget,
    Measure,
    SelfAssessment,
    Subject,
)
from podium.conferences.agenda import SectionKind
from podium.conferences.models import AgendaSection, AgendaTemplate, Booking, Plan, Rehearsal
from podium.conferences.planning import ensure_plan, readiness_of, with_readiness
from podium.privacy.models import AccessLog
from podium.roster.models import Student
from tests.binder.test_media import jpeg_bytes, webm_bytes
from tests.cast import Cast, make_student
from tests.conferences.world import World, make_world


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def client_for(user: Any) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def mateo(cast: Cast) -> Client:
    return client_for(cast.student.user)


def rivera(cast: Cast) -> Client:
    return client_for(cast.advisor.user)


def plan_url(world: World, student: Student) -> str:
    return reverse("conferences:plan", args=[world.cycle.pk, student.pk])


def mateos_plan(cast: Cast, world: World) -> Plan:
    return ensure_plan(cycle=world.cycle, student=cast.student)


def section_of(plan: Plan, kind: str) -> Any:
    return plan.sections.select_related("section").get(section__kind=kind)


def section_url(plan: Plan, kind: str) -> str:
    return reverse("conferences:plan_section", args=[plan.pk, section_of(plan, kind).pk])


def make_work(student: Student, title: str) -> Artifact:
    return Artifact.objects.create(
        student=student, kind=Artifact.Kind.TEXT, title=title, text="Some writing."
    )


def make_measure(student: Student, name: str) -> Measure:
    measure = Measure.objects.create(student=student, name=name, unit="level")
    DataPoint.objects.create(measure=measure, on=dt.date(2026, 9, 1), value=12)
    DataPoint.objects.create(measure=measure, on=dt.date(2026, 11, 1), value=16)
    return measure


def readiness(plan: Plan) -> Any:
    return readiness_of(with_readiness(Plan.objects.filter(pk=plan.pk)).get())


def page(response: Any) -> str:
    return str(response.content.decode())


# --- the plan ---------------------------------------------------------------------


def test_a_fourth_graders_plan_follows_the_3_5_agenda_with_its_prompts(
    cast: Cast, world: World
) -> None:
    response = mateo(cast).get(plan_url(world, cast.student))
    assert response.status_code == 200
    plan = Plan.objects.get(cycle=world.cycle, student=cast.student)
    assert plan.agenda.band == GradeBand.G35
    assert plan.agenda.school == cast.school
    kinds = [s.section.kind for s in plan.sections.select_related("section")]
    assert kinds == ["enjoy", "strengths", "challenges", "work", "data", "goals", "help"]
    assert plan.agenda.minutes == 20
    text = page(response)
    assert "Getting ready for my conference" in text
    assert "Choose the work you are proudest of and say what it shows." in text
    assert "20 minutes" in text
    assert AccessLog.objects.filter(student=cast.student, what="conference plan").exists()


def test_a_kindergartners_plan_asks_in_words_for_her_age(cast: Cast, world: World) -> None:
    lupe = client_for(cast.sibling.ensure_user())
    response = lupe.get(plan_url(world, cast.sibling))
    assert response.status_code == 200
    plan = Plan.objects.get(student=cast.sibling)
    assert plan.agenda.band == GradeBand.K2
    text = page(response)
    assert "What do you like to do at school?" in text
    assert "Pick work you are proud of to show." in text
    assert 'class="young"' in text


def test_opening_the_plan_again_makes_nothing_twice_and_adds_new_agenda_sections(
    cast: Cast, world: World
) -> None:
    client = mateo(cast)
    client.get(plan_url(world, cast.student))
    client.get(plan_url(world, cast.student))
    assert Plan.objects.count() == 1
    plan = Plan.objects.get()
    assert plan.sections.count() == 7
    AgendaSection.objects.create(
        agenda=plan.agenda, kind=SectionKind.OTHER, position=8, title="My music", minutes=2
    )
    response = client.get(plan_url(world, cast.student))
    assert plan.sections.count() == 8
    assert "My music" in page(response)


def test_the_advisor_and_the_admin_open_the_plan_of_an_advisee(cast: Cast, world: World) -> None:
    for staff in (cast.advisor, cast.school_admin):
        assert client_for(staff.user).get(plan_url(world, cast.student)).status_code == 200


def test_families_and_outsiders_get_404_on_a_plan(cast: Cast, world: World) -> None:
    url = plan_url(world, cast.student)
    for user in (
        cast.guardian.user,
        cast.outsider_advisor.user,
        cast.sibling_advisor.user,
        cast.other_guardian.user,
        cast.other_school_admin.user,
        cast.interpreter.user,
        cast.no_role_user,
    ):
        assert client_for(user).get(url).status_code == 404, user
    assert not Plan.objects.exists()


def test_a_student_cannot_open_another_students_plan(cast: Cast, world: World) -> None:
    assert mateo(cast).get(plan_url(world, cast.sibling)).status_code == 404


def test_a_cycle_of_another_school_is_404(cast: Cast, world: World) -> None:
    url = reverse("conferences:plan", args=[world.cycle.pk, cast.other_school_student.pk])
    assert client_for(cast.district_admin).get(url).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(cast: Cast, world: World) -> None:
    response = Client().get(plan_url(world, cast.student))
    assert response.status_code == 302
    assert "signin" in response["Location"] or "login" in response["Location"]


def test_the_plan_page_refuses_post(cast: Cast, world: World) -> None:
    assert mateo(cast).post(plan_url(world, cast.student)).status_code == 405


# --- one section --------------------------------------------------------------------


def test_a_section_is_written_in_two_languages_side_by_side(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    response = mateo(cast).post(
        section_url(plan, SectionKind.ENJOY),
        {
            "language": "en",
            "text": "I enjoy science experiments.",
            "language_2": "es",
            "text_2": "Me gustan los experimentos de ciencias.",
        },
    )
    assert response.status_code == 302
    section = section_of(plan, SectionKind.ENJOY)
    assert (section.language, section.language_2) == ("en", "es")
    assert section.text_2 == "Me gustan los experimentos de ciencias."
    text = page(mateo(cast).get(plan_url(world, cast.student)))
    assert '<div lang="es" class="text-2">Me gustan los experimentos de ciencias.</div>' in text
    assert "1 of 7 sections" in text


def test_second_language_text_needs_its_language_and_nothing_is_saved(
    cast: Cast, world: World
) -> None:
    plan = mateos_plan(cast, world)
    response = mateo(cast).post(
        section_url(plan, SectionKind.ENJOY),
        {"language": "en", "text": "I enjoy math.", "language_2": "", "text_2": "Me gusta."},
    )
    assert response.status_code == 400
    assert "Which language is the second column in?" in page(response)
    assert section_of(plan, SectionKind.ENJOY).text == ""


def test_the_work_section_offers_the_students_work_with_its_pictures(
    cast: Cast, world: World
) -> None:
    client = mateo(cast)
    photo = client.post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "photo",
            "title": "Volcano",
            "language": "en",
            "upload": SimpleUploadedFile("v.jpg", jpeg_bytes()),
        },
    )
    assert photo.status_code == 302
    artifact = Artifact.objects.get(title="Volcano")
    make_work(cast.other_student, "Linh's essay")
    plan = mateos_plan(cast, world)
    text = page(client.get(section_url(plan, SectionKind.WORK)))
    assert reverse("binder:work_thumbnail", args=[artifact.pk]) in text
    assert "Linh&#x27;s essay" not in text
    assert "Linh's essay" not in text
    response = client.post(
        section_url(plan, SectionKind.WORK), {"language": "en", "artifacts": [artifact.pk]}
    )
    assert response.status_code == 302
    assert list(section_of(plan, SectionKind.WORK).artifacts.all()) == [artifact]


def test_another_students_work_or_data_cannot_be_chosen(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    mine = make_work(cast.student, "My story")
    theirs = make_work(cast.other_student, "Linh's essay")
    response = mateo(cast).post(
        section_url(plan, SectionKind.WORK),
        {"language": "en", "text": "Look at this.", "artifacts": [mine.pk, theirs.pk]},
    )
    assert response.status_code == 400
    assert "is not one of the available choices" in page(response)
    work = section_of(plan, SectionKind.WORK)
    assert not work.artifacts.exists()
    assert work.text == ""

    their_measure = make_measure(cast.other_student, "Words per minute")
    response = mateo(cast).post(
        section_url(plan, SectionKind.DATA), {"language": "en", "measures": [their_measure.pk]}
    )
    assert response.status_code == 400
    assert not section_of(plan, SectionKind.DATA).measures.exists()


def test_the_data_section_shows_charts_and_a_kindergartners_smiley_faces(
    cast: Cast, world: World
) -> None:
    lupe_user = cast.sibling.ensure_user()
    measure = make_measure(cast.sibling, "Letters I know")
    target = LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.READING,
        statement="I can say my letters",
        grade_from=0,
        grade_to=2,
    )
    SelfAssessment.objects.create(student=cast.sibling, target=target, band="K-2", level=1)
    latest = SelfAssessment.objects.create(student=cast.sibling, target=target, band="K-2", level=3)
    plan = ensure_plan(cycle=world.cycle, student=cast.sibling)
    lupe = client_for(lupe_user)
    text = page(lupe.get(section_url(plan, SectionKind.DATA)))
    assert "<svg" in text
    assert "Letters I know" in text
    assert 'class="face"' in text
    assert "Tap the faces you want to show" in text
    assert text.count("I can say my letters") == 1  # the newest rating only
    response = lupe.post(
        section_url(plan, SectionKind.DATA),
        {"language": "en", "measures": [measure.pk], "assessments": [latest.pk]},
    )
    assert response.status_code == 302
    data = section_of(plan, SectionKind.DATA)
    assert list(data.measures.all()) == [measure]
    assert list(data.assessments.all()) == [latest]


def test_a_kindergartner_records_instead_of_typing(cast: Cast, world: World) -> None:
    plan = ensure_plan(cycle=world.cycle, student=cast.sibling)
    lupe = client_for(cast.sibling.ensure_user())
    url = section_url(plan, SectionKind.ENJOY)
    text = page(lupe.get(url))
    assert "data-recorder" in text
    assert "A grown-up can type it" in text
    recording = webm_bytes()
    response = lupe.post(
        url,
        {
            "language": "en",
            "audio": SimpleUploadedFile("recording.webm", recording),
            "recorded_size": len(recording),
        },
    )
    assert response.status_code == 302
    section = section_of(plan, SectionKind.ENJOY)
    assert section.audio
    assert section.audio_type == "audio/webm"
    audio_url = reverse("conferences:plan_section_audio", args=[plan.pk, section.pk])
    heard = lupe.get(audio_url)
    assert heard.status_code == 200
    assert heard["Content-Type"] == "audio/webm"
    assert heard["X-Content-Type-Options"] == "nosniff"
    assert b"".join(heard.streaming_content) == recording  # type: ignore[attr-defined]
    assert audio_url in page(lupe.get(plan_url(world, cast.sibling)))
    # Her mother hears it; another family does not.
    assert client_for(cast.guardian.user).get(audio_url).status_code == 200
    assert client_for(cast.other_guardian.user).get(audio_url).status_code == 404
    assert client_for(cast.advisor.user).get(audio_url).status_code == 404


def test_a_file_that_is_not_a_recording_is_refused_with_a_clear_message(
    cast: Cast, world: World, media_root: Path
) -> None:
    plan = mateos_plan(cast, world)
    response = mateo(cast).post(
        section_url(plan, SectionKind.ENJOY),
        {
            "language": "en",
            "text": "I enjoy art.",
            "audio": SimpleUploadedFile("song.webm", jpeg_bytes()),
        },
    )
    assert response.status_code == 400
    assert "This file is not a sound recording we can play." in page(response)
    section = section_of(plan, SectionKind.ENJOY)
    assert not section.audio
    assert section.text == ""
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_deleting_a_recording_removes_its_file(
    cast: Cast, world: World, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    plan = mateos_plan(cast, world)
    url = section_url(plan, SectionKind.ENJOY)
    client = mateo(cast)
    client.post(url, {"language": "en", "audio": SimpleUploadedFile("r.webm", webm_bytes())})
    assert any(path.is_file() for path in media_root.rglob("*"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"language": "en", "remove_audio": "on"})
    assert response.status_code == 302
    assert not section_of(plan, SectionKind.ENJOY).audio
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_a_section_of_another_plan_is_404(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    lupes = ensure_plan(cycle=world.cycle, student=cast.sibling)
    other = section_of(lupes, SectionKind.ENJOY)
    url = reverse("conferences:plan_section", args=[plan.pk, other.pk])
    assert mateo(cast).get(url).status_code == 404


def test_families_and_outsiders_cannot_change_a_section(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    url = section_url(plan, SectionKind.ENJOY)
    for user in (cast.guardian.user, cast.outsider_advisor.user, cast.other_school_admin.user):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"language": "en", "text": "Hacked"}).status_code == 404
    assert section_of(plan, SectionKind.ENJOY).text == ""


# --- goals ----------------------------------------------------------------------------


def test_last_cycles_goals_are_looked_back_on_and_new_ones_set(cast: Cast, world: World) -> None:
    old = Goal.objects.create(
        student=cast.student,
        title="Read 20 minutes a day",
        created_at=timezone.now() - dt.timedelta(days=90),
    )
    plan = mateos_plan(cast, world)
    url = reverse("conferences:plan_goals", args=[plan.pk])
    client = mateo(cast)
    text = page(client.get(url))
    assert "Read 20 minutes a day" in text
    assert "Looking back on my last goals" in text

    response = client.post(
        url,
        {
            "action": f"review-{old.pk}",
            f"review-{old.pk}-status": "carried",
            f"review-{old.pk}-review": "I read most days.",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == Goal.Status.CARRIED
    assert old.review == "I read most days."
    copy = Goal.objects.get(student=cast.student, status=Goal.Status.ACTIVE)
    assert copy.title == "Read 20 minutes a day"
    assert set(plan.goals.all()) == {old, copy}

    response = client.post(
        url,
        {
            "action": "new",
            "new-language": "en",
            "new-language_2": "es",
            "new-title": "Learn my times tables",
            "new-title_2": "Aprender las tablas de multiplicar",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "10",
            "steps-0-text": "Practice the 7s",
            "steps-0-text_2": "Practicar el 7",
        },
    )
    assert response.status_code == 302, page(response)
    new = Goal.objects.get(title="Learn my times tables")
    assert new.is_active
    assert new.student == cast.student
    assert new.title_2 == "Aprender las tablas de multiplicar"
    assert new.steps.get().text == "Practice the 7s"
    assert set(plan.goals.all()) == {old, copy, new}

    # Choosing only the new goal keeps the looked-back one and drops the copy.
    response = client.post(url, {"action": "choose", "goals": [new.pk]})
    assert response.status_code == 302
    assert set(plan.goals.all()) == {old, new}


def test_another_students_goal_cannot_be_chosen_or_reviewed(cast: Cast, world: World) -> None:
    theirs = Goal.objects.create(
        student=cast.other_student,
        title="Linh's goal",
        created_at=timezone.now() - dt.timedelta(days=90),
    )
    plan = mateos_plan(cast, world)
    url = reverse("conferences:plan_goals", args=[plan.pk])
    client = mateo(cast)
    assert "Linh&#x27;s goal" not in page(client.get(url))
    response = client.post(url, {"action": "choose", "goals": [theirs.pk]})
    assert response.status_code == 400
    assert not plan.goals.exists()
    response = client.post(
        url, {"action": f"review-{theirs.pk}", f"review-{theirs.pk}-status": "met"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


def test_a_look_back_without_an_answer_is_refused(cast: Cast, world: World) -> None:
    old = Goal.objects.create(
        student=cast.student, title="Old goal", created_at=timezone.now() - dt.timedelta(days=90)
    )
    plan = mateos_plan(cast, world)
    response = mateo(cast).post(
        reverse("conferences:plan_goals", args=[plan.pk]), {"action": f"review-{old.pk}"}
    )
    assert response.status_code == 400
    old.refresh_from_db()
    assert old.is_active


def test_families_cannot_open_the_goals_of_a_plan(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    url = reverse("conferences:plan_goals", args=[plan.pk])
    assert client_for(cast.guardian.user).get(url).status_code == 404
    assert client_for(cast.outsider_advisor.user).get(url).status_code == 404


# --- readiness ------------------------------------------------------------------------


def test_the_checklist_says_what_is_missing_until_everything_is_done(
    cast: Cast, world: World
) -> None:
    plan = mateos_plan(cast, world)
    state = readiness(plan)
    assert (state.filled, state.sections) == (0, 7)
    assert not state.complete
    assert len(state.missing) == 5

    for section in plan.sections.select_related("section"):
        if section.section.kind not in {SectionKind.WORK, SectionKind.DATA, SectionKind.GOALS}:
            section.text = "Something to say."
            section.save()
    section_of(plan, SectionKind.WORK).artifacts.add(make_work(cast.student, "Story"))
    state = readiness(plan)
    assert state.filled == 5
    assert state.work_chosen
    assert not state.data_chosen

    section_of(plan, SectionKind.DATA).measures.add(make_measure(cast.student, "Reading level"))
    plan.goals.add(Goal.objects.create(student=cast.student, title="Read more"))
    state = readiness(plan)
    assert state.all_filled
    assert state.goals_set
    assert not state.rehearsed
    assert [str(label) for label in state.missing] == ["Rehearsed at least once"]

    Rehearsal.objects.create(plan=plan, seconds={"1": 60})
    plan.rehearsed_at = timezone.now()
    plan.save()
    state = readiness(plan)
    assert state.complete
    assert state.rehearsals == 1


def test_a_looked_back_goal_alone_is_not_a_goal_set(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    plan.goals.add(
        Goal.objects.create(
            student=cast.student, title="Old", status="met", reviewed_at=timezone.now()
        )
    )
    state = readiness(plan)
    assert not state.goals_set
    assert state.filled == 1  # the goals section has something to show


def test_the_plan_page_shows_the_checklist(cast: Cast, world: World) -> None:
    text = page(mateo(cast).get(plan_url(world, cast.student)))
    assert "Rehearsed at least once" in text
    assert reverse("conferences:rehearse", args=[Plan.objects.get().pk]) in text
    assert reverse("conferences:deck", args=[Plan.objects.get().pk]) in text
    assert "Sign off: ready to lead" not in text


# --- sign-off -----------------------------------------------------------------------


def test_the_advisor_signs_off_and_is_told_what_is_missing(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    client = rivera(cast)
    assert "Sign off: ready to lead" in page(client.get(plan_url(world, cast.student)))
    response = client.post(reverse("conferences:plan_ready", args=[plan.pk]), {"ready": "1"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.ready_at is not None
    assert plan.ready_by == cast.advisor.user
    text = page(client.get(response["Location"]))
    assert "Still missing:" in text
    assert "Rehearsed at least once" in text
    assert "Ready to lead: signed off by" in text

    response = client.post(reverse("conferences:plan_ready", args=[plan.pk]), {"ready": "0"})
    plan.refresh_from_db()
    assert plan.ready_at is None
    assert plan.ready_by is None


def test_a_student_cannot_sign_themself_off(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    url = reverse("conferences:plan_ready", args=[plan.pk])
    for user in (
        cast.student.user,
        cast.guardian.user,
        cast.outsider_advisor.user,
        cast.sibling_advisor.user,
        cast.other_school_admin.user,
    ):
        assert client_for(user).post(url, {"ready": "1"}).status_code == 404
    plan.refresh_from_db()
    assert plan.ready_at is None


def test_sign_off_refuses_get(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    url = reverse("conferences:plan_ready", args=[plan.pk])
    assert rivera(cast).get(url).status_code == 405


# --- the advisory at a glance ----------------------------------------------------------


def readiness_url(world: World, advisory: Any) -> str:
    return reverse("conferences:readiness", args=[world.cycle.pk, advisory.pk])


def test_the_advisor_sees_her_advisory_at_a_glance(cast: Cast, world: World) -> None:
    plan = mateos_plan(cast, world)
    section_of(plan, SectionKind.ENJOY).artifacts.add(make_work(cast.student, "Story"))
    Rehearsal.objects.create(plan=plan, seconds={"1": 30})
    Rehearsal.objects.create(plan=plan, seconds={"1": 40})
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.first_day, 13, 10),
        student=cast.student,
    )
    make_student(cast.school, cast.advisory, "Ana", "Lopez", 4, "100099")
    response = rivera(cast).get(readiness_url(world, cast.advisory))
    assert response.status_code == 200
    text = page(response)
    assert "Mateo García" in text
    assert "Ana Lopez" in text
    assert "0/7" in text
    assert "2 times" in text
    assert "Not started" in text
    assert "1:10" in text
    assert "Lupe" not in text
    assert "Linh" not in text


def test_another_advisors_advisory_is_404(cast: Cast, world: World) -> None:
    client = rivera(cast)
    for advisory in (cast.sibling_advisory, cast.outsider_advisory, cast.other_school_advisory):
        assert client.get(readiness_url(world, advisory)).status_code == 404
    assert mateo(cast).get(readiness_url(world, cast.advisory)).status_code == 404
    assert (
        client_for(cast.guardian.user).get(readiness_url(world, cast.advisory)).status_code == 404
    )


def test_the_admin_sees_any_advisory_of_the_school(cast: Cast, world: World) -> None:
    client = client_for(cast.school_admin.user)
    assert client.get(readiness_url(world, cast.sibling_advisory)).status_code == 200
    assert client.get(readiness_url(world, cast.other_school_advisory)).status_code == 404


def test_the_readiness_page_asks_the_same_queries_however_many_advisees(
    cast: Cast, world: World
) -> None:
    client = rivera(cast)

    def prepared(student: Student, number: int) -> None:
        plan = ensure_plan(cycle=world.cycle, student=student)
        section_of(plan, SectionKind.WORK).artifacts.add(make_work(student, f"Work {number}"))
        plan.goals.add(Goal.objects.create(student=student, title=f"Goal {number}"))
        Rehearsal.objects.create(plan=plan, seconds={"1": 30})

    prepared(cast.student, 0)
    client.get(readiness_url(world, cast.advisory))
    with CaptureQueriesContext(connection) as one:
        client.get(readiness_url(world, cast.advisory))
    for number in range(1, 4):
        prepared(
            make_student(cast.school, cast.advisory, f"S{number}", "X", 4, f"9{number}"), number
        )
    with CaptureQueriesContext(connection) as four:
        response = client.get(readiness_url(world, cast.advisory))
    assert "S3 X" in page(response)
    assert len(four) == len(one)


def test_home_pages_link_to_the_plan_and_the_readiness(cast: Cast, world: World) -> None:
    text = page(mateo(cast).get(reverse("home")))
    assert plan_url(world, cast.student) in text
    text = page(rivera(cast).get(reverse("home")))
    assert readiness_url(world, cast.advisory) in text


# --- the agenda in the admin ----------------------------------------------------------


def test_the_school_admin_edits_only_her_schools_agendas(cast: Cast) -> None:
    ours = AgendaTemplate.for_band(cast.school, GradeBand.G35)
    theirs = AgendaTemplate.for_band(cast.other_school, GradeBand.G68)
    client = client_for(cast.school_admin.user)
    listing = client.get(reverse("admin:conferences_agendatemplate_changelist"))
    assert listing.status_code == 200
    text = page(listing)
    assert "Riverside K-12" in text
    assert "Hillcrest" not in text
    assert ">20<" in text  # total minutes

    change = client.get(reverse("admin:conferences_agendatemplate_change", args=[ours.pk]))
    assert change.status_code == 200
    assert "total minutes" in page(change).lower()
    other = client.get(reverse("admin:conferences_agendatemplate_change", args=[theirs.pk]))
    assert other.status_code in {302, 404}
    assert AgendaSection.objects.filter(agenda=theirs).count() == 7

    add = client.get(reverse("admin:conferences_agendatemplate_add"))
    assert "Hillcrest" not in page(add)


def test_advisors_cannot_edit_agendas(cast: Cast) -> None:
    AgendaTemplate.for_band(cast.school, GradeBand.G35)
    response = client_for(cast.advisor.user).get(
        reverse("admin:conferences_agendatemplate_changelist")
    )
    assert response.status_code in {302, 403}
