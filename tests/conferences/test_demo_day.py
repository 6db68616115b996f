"""The demo school's conference days: plans in preparation, conferences held.

The demo school is seeded once for the module, into a media folder of its own;
the tests only read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from podium.binder.models import GradeBand
from podium.conferences import placing
from podium.conferences.agenda import SectionKind
from podium.conferences.models import (
    Attendance,
    Conference,
    Cycle,
    FamilyInput,
    Feedback,
    FollowUp,
    Note,
    Plan,
    SectionTime,
)
from podium.roster.models import Student


@pytest.fixture(scope="module")
def demo_media(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    media_root = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media_root), django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
        yield media_root
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(demo_media: Path, db: None, settings: Any) -> Path:
    settings.MEDIA_ROOT = demo_media
    return demo_media


def student(first: str, last: str) -> Student:
    return Student.objects.get(first_name=first, last_name=last)


def test_the_earlier_cycle_is_over_and_the_open_one_is_current(seeded: Path) -> None:
    past, upcoming = (
        Cycle.objects.get(name__startswith="Early fall"),
        Cycle.objects.get(name__startswith="Fall student-led"),
    )
    winter = Cycle.objects.get(name__startswith="Winter")
    assert set(Cycle.objects.current()) == {upcoming, winter}
    assert max(day.on for day in past.days.all()) < timezone.localdate()


def test_the_winter_cycle_collects_times_and_the_garcias_have_not_answered(seeded: Path) -> None:
    winter = Cycle.objects.get(name__startswith="Winter")
    assert winter.collects_times
    assert winter.takes_times()
    built = placing.build(winter)
    households = {s.family for s in built.instance.students}
    everyone = {id(h) for h in placing.households_of(list(Student.objects.all())).values()}
    assert 0.6 < len(households) / len(everyone) < 0.8
    assert {"Mateo", "Lupe"} <= {
        s.first_name for s in built.not_answered if s.last_name == "García"
    }
    # Families who speak another language at home mostly asked for an interpreter.
    assert sum(1 for f in built.instance.families if f.interpreter) > 20


def test_held_conferences_have_times_people_notes_and_commitments(seeded: Path) -> None:
    held = Conference.objects.filter(outcome=Conference.Outcome.HELD)
    assert held.count() >= 60
    for conference in held.select_related("plan__agenda"):
        assert conference.plan is not None
        assert conference.plan.is_ready
        assert conference.started_at is not None
        assert conference.ended_at is not None
        sections = conference.plan.agenda.sections.count()
        assert SectionTime.objects.filter(conference=conference).count() == sections
        recorded = sum(t.seconds for t in conference.times.all())
        assert (conference.ended_at - conference.started_at).total_seconds() == recorded
        assert conference.attendance.filter(kind=Attendance.Kind.GUARDIAN).exists()
        assert conference.notes.filter(shared=True).exists()
        assert conference.inputs.filter(kind=FamilyInput.Kind.COMMITMENT).exists()
        assert conference.summary_sent_at is not None
    assert Note.objects.filter(shared=False).exists()
    assert Feedback.objects.count() >= held.count() // 3
    # A family that did not come is followed up.
    for missed in Conference.objects.filter(outcome=Conference.Outcome.NO_SHOW):
        assert missed.follow_ups.filter(reason=FollowUp.Reason.NO_SHOW).exists()


def test_families_commit_in_their_own_language(seeded: Path) -> None:
    linh = student("Linh", "Tran")
    conference = Conference.objects.get(booking__student=linh, outcome=Conference.Outcome.HELD)
    languages = set(conference.inputs.values_list("language", flat=True))
    assert languages == {"vi"}
    yusuf = student("Yusuf", "Haddad")
    said = Conference.objects.get(booking__student=yusuf).inputs.values_list("text", "language")
    assert any(language == "ar" and "\u0600" <= text[0] <= "\u06ff" for text, language in said)


def test_mateo_is_ready_to_lead_in_two_languages(seeded: Path) -> None:
    plan = Plan.objects.get(student=student("Mateo", "García"), cycle__name__startswith="Fall")
    assert plan.is_ready
    assert plan.rehearsed_at is not None
    sections = list(plan.sections.all())
    assert len(sections) == plan.agenda.sections.count() == 7
    assert all(s.text and s.text_2 and s.language_2 == "es" for s in sections)
    work = next(s for s in sections if s.section.kind == SectionKind.WORK)
    assert work.artifacts.exists()
    assert all(a.approved_at is not None for a in work.artifacts.all())
    assert plan.goals.exists()


def test_lupe_has_recorded_what_she_will_say_and_rated_herself_with_faces(seeded: Path) -> None:
    lupe = student("Lupe", "García")
    plan = Plan.objects.get(student=lupe, cycle__name__startswith="Fall")
    assert plan.agenda.band == GradeBand.K2
    recorded = plan.sections.exclude(audio="")
    assert recorded.count() == 3
    for section in recorded:
        assert section.audio_type.startswith("audio/")
        assert (seeded / str(section.audio.name)).stat().st_size == section.audio_size > 1000
    data = plan.sections.get(section__kind=SectionKind.DATA)
    assert data.assessments.exists()
    assert {a.band for a in data.assessments.all()} == {GradeBand.K2}
    assert not plan.is_ready
    assert plan.rehearsed_at is None


def test_many_students_have_started_but_not_all(seeded: Path) -> None:
    upcoming = Plan.objects.filter(cycle__name__startswith="Fall")
    students = Student.objects.count()
    assert students * 0.4 < upcoming.count() < students * 0.8
    assert upcoming.filter(ready_at__isnull=False).exists()
    assert upcoming.filter(ready_at__isnull=True).exists()
