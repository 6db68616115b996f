"""The demo school's binders: real content for every student, the same on every run.

The demo school is seeded once for the module (the tests only read it), into
a media folder of its own; the determinism test seeds twice more into fresh
databases.
"""

from __future__ import annotations

import hashlib
import wave
from collections import Counter, defaultdict
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from PIL import Image

from podium.binder.models import (
    Artifact,
    Comment,
    DataPoint,
    Goal,
    GoalStep,
    GradeBand,
    LearningTarget,
    Measure,
    Reflection,
    SelfAssessment,
)
from podium.roster.models import AdvisoryMembership, Guardian, School, Student, Term


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def stamp(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def binders_digest() -> str:
    """Everything a person would notice in the binders, hashed (file names are random)."""
    rows: list[tuple[str, ...]] = []
    for target in LearningTarget.objects.all():
        rows.append(
            tuple(
                map(
                    str,
                    (
                        "target",
                        target.subject,
                        target.statement,
                        target.success_criteria,
                        target.grade_from,
                        target.grade_to,
                    ),
                )
            )
        )
    for a in Artifact.objects.select_related("student", "term").prefetch_related("targets"):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "work",
                        a.student.sis_id,
                        a.kind,
                        a.title,
                        a.title_2,
                        a.text,
                        a.text_2,
                        a.language,
                        a.language_2,
                        a.url,
                        a.content_type,
                        a.size,
                        bool(a.thumbnail),
                        a.created_at,
                        a.approved_at,
                        a.term.name if a.term else "",
                        sorted(t.statement for t in a.targets.all()),
                        a.shared_with_dream_team,
                    ),
                )
            )
        )
    for r in Reflection.objects.select_related("artifact__student"):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "reflection",
                        r.artifact.student.sis_id,
                        r.artifact.title,
                        r.prompt,
                        r.text,
                        r.text_2,
                        r.language,
                        r.language_2,
                        r.audio_type,
                        r.audio_size,
                        r.updated_at,
                    ),
                )
            )
        )
    for c in Comment.objects.select_related("artifact__student", "author"):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "comment",
                        c.artifact.student.sis_id,
                        c.artifact.title,
                        c.author.username,
                        c.text,
                        c.created_at,
                    ),
                )
            )
        )
    for s in SelfAssessment.objects.select_related("student", "target"):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "rating",
                        s.student.sis_id,
                        s.target.statement,
                        s.band,
                        s.level,
                        s.note,
                        s.created_at,
                    ),
                )
            )
        )
    for p in DataPoint.objects.select_related("measure__student"):
        m = p.measure
        rows.append(
            tuple(
                map(
                    stamp,
                    ("point", m.student.sis_id, m.name, m.name_2, m.unit, m.goal, p.on, p.value),
                )
            )
        )
    for g in Goal.objects.select_related("student", "term").prefetch_related(
        "artifacts", "measures"
    ):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "goal",
                        g.student.sis_id,
                        g.term.name if g.term else "",
                        g.title,
                        g.title_2,
                        g.why,
                        g.why_2,
                        g.measured_by,
                        g.measured_by_2,
                        g.language,
                        g.language_2,
                        g.status,
                        g.review,
                        g.review_2,
                        g.reviewed_at,
                        g.created_at,
                        sorted(a.title for a in g.artifacts.all()),
                        sorted(m.name for m in g.measures.all()),
                    ),
                )
            )
        )
    for step in GoalStep.objects.select_related("goal__student"):
        rows.append(
            tuple(
                map(
                    stamp,
                    (
                        "step",
                        step.goal.student.sis_id,
                        step.goal.title,
                        step.text,
                        step.text_2,
                        step.due_on,
                        step.done_at,
                    ),
                )
            )
        )
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def demo_media(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The demo school, seeded once; its files go to a folder of the module's own."""
    media_root = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media_root), django_db_blocker.unblock():
        run("seed_demo")
        yield media_root
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def media_root(demo_media: Path, db: None, settings: Any) -> Path:
    settings.MEDIA_ROOT = demo_media
    return demo_media


def student(first: str, last: str) -> Student:
    return Student.objects.get(first_name=first, last_name=last)


def advisors() -> dict[int, int]:
    """Each student's advisor's account."""
    return dict(AdvisoryMembership.objects.values_list("student_id", "advisory__advisor__user_id"))


# Every student


def test_every_student_has_a_modest_binder(media_root: Path) -> None:
    students = Student.objects.all()
    work = Counter(Artifact.objects.values_list("student_id", flat=True))
    assert set(work) == set(students.values_list("pk", flat=True))
    assert all(2 <= count <= 6 for count in work.values())
    kinds = Counter(Artifact.objects.values_list("kind", flat=True))
    assert {"text", "drawing", "photo", "audio", "link"} <= set(kinds)
    assert kinds["text"] > 200
    assert kinds["drawing"] + kinds["photo"] > 250
    # Most work has the band's reflections; advisors comment on some.
    reflected = Artifact.objects.filter(reflections__isnull=False).distinct().count()
    assert reflected / Artifact.objects.count() > 0.6
    assert Comment.objects.count() > 50
    assert not Artifact.objects.exclude(term__name="Fall 2026").exists()


def test_young_students_answer_the_k_to_2_prompts_and_older_ones_theirs(
    media_root: Path,
) -> None:
    young = {"learned", "proud"}
    older = {"learned", "hard", "next"}
    for reflection in Reflection.objects.select_related("artifact__student"):
        band = GradeBand.of(reflection.artifact.student.grade)
        assert reflection.prompt in (young if band == GradeBand.K2 else older)
        assert not reflection.is_empty


def test_pictures_are_stored_like_uploads_with_thumbnails_and_no_metadata(
    media_root: Path,
) -> None:
    pictures = Artifact.objects.filter(kind__in=["photo", "drawing"])
    assert pictures.count() > 250
    for artifact in pictures:
        path = Path(artifact.file.path)
        assert path.is_relative_to(media_root)
        assert artifact.size == path.stat().st_size
        with Image.open(path) as image:
            expected = {"image/png": "PNG", "image/jpeg": "JPEG"}[artifact.content_type]
            assert image.format == expected
            assert not image.getexif()
            assert not {"exif", "icc_profile", "xmp"} & set(image.info)
            assert max(image.size) <= 3000
        with Image.open(artifact.thumbnail.path) as thumbnail:
            assert thumbnail.format == "WEBP"
            assert max(thumbnail.size) <= 480
    photos = pictures.filter(kind="photo")
    assert photos.exists()
    assert set(photos.values_list("content_type", flat=True)) == {"image/jpeg"}


def test_a_few_recordings_are_short_wav_files(media_root: Path) -> None:
    songs = [a.file for a in Artifact.objects.filter(kind="audio")]
    voices = [r.audio for r in Reflection.objects.exclude(audio="")]
    assert len(songs) >= 5
    assert len(voices) >= 5
    for field_file in songs + voices:
        assert Path(field_file.path).is_relative_to(media_root)
        with wave.open(field_file.path) as recording:
            seconds = recording.getnframes() / recording.getframerate()
            assert 1 < seconds < 10
    assert set(Artifact.objects.filter(kind="audio").values_list("content_type", flat=True)) == {
        "audio/wav"
    }
    assert set(Reflection.objects.exclude(audio="").values_list("audio_type", flat=True)) == {
        "audio/wav"
    }


def test_learning_targets_are_i_can_statements_for_every_band(media_root: Path) -> None:
    targets = LearningTarget.objects.filter(school=School.objects.get())
    for grade in range(13):
        subjects = {t.subject for t in targets if t.grade_from <= grade <= t.grade_to}
        assert {"reading", "math", "habits"} <= subjects, grade
    for target in targets:
        assert target.statement.startswith("I can ")
        assert 2 <= len(target.criteria) <= 4
    assert targets.filter(grade_from=0, grade_to=12).exists()


def test_students_rate_themselves_in_the_fall_and_again_later(media_root: Path) -> None:
    ratings: dict[tuple[int, int], list[SelfAssessment]] = defaultdict(list)
    for rating in SelfAssessment.objects.select_related("student", "target").order_by("created_at"):
        band = GradeBand.of(rating.student.grade)
        assert rating.band == band
        assert rating.level in {level.value for level in band.scale}
        assert rating.target.grade_from <= rating.student.grade <= rating.target.grade_to
        ratings[rating.student_id, rating.target_id].append(rating)
    assert {student for student, _target in ratings} == set(
        Student.objects.values_list("pk", flat=True)
    )
    assert all(len(history) >= 2 for history in ratings.values())
    assert all(
        h[0].created_at.month == 9 and h[-1].created_at.month == 11 for h in ratings.values()
    )
    better = [h for h in ratings.values() if h[-1].level > h[0].level]
    worse = [h for h in ratings.values() if h[-1].level < h[0].level]
    assert len(better) > len(ratings) / 2
    assert not worse


def test_every_student_tracks_data_that_climbs_through_the_fall(media_root: Path) -> None:
    measures = list(Measure.objects.select_related("student").prefetch_related("points"))
    assert {m.student_id for m in measures} == set(Student.objects.values_list("pk", flat=True))
    rising = 0
    for measure in measures:
        points = sorted(measure.points.all(), key=lambda point: point.on)
        assert 6 <= len(points) <= 10
        assert points[0].on.month == 9
        assert points[-1].on.month == 11
        assert measure.goal is not None
        rising += points[-1].value > points[0].value
        grade = measure.student.grade
        if measure.name == "Reading level":
            assert grade <= 5
        elif measure.name == "Words per minute":
            assert 6 <= grade <= 8
    assert rising / len(measures) > 0.8
    names = Counter(m.name for m in measures)
    assert names["Reading level"] == Student.objects.filter(grade__lte=5).count()
    assert names["Words per minute"] == Student.objects.filter(grade__in=[6, 7, 8]).count()
    assert sum(count for name, count in names.items() if name.endswith("quiz average")) == (
        Student.objects.filter(grade__gte=9).count()
    )


def test_fall_goals_wait_for_the_spring_review(media_root: Path) -> None:
    fall = Term.objects.get(name="Fall 2026")
    spring = Term.objects.get(name="Spring 2027")
    assert (str(fall.starts_on), str(fall.ends_on)) == ("2026-08-19", "2026-12-18")
    assert (str(spring.starts_on), str(spring.ends_on)) == ("2027-01-05", "2027-06-11")
    active = Goal.objects.active().prefetch_related("steps")
    assert active.values("student").distinct().count() > 0.75 * Student.objects.count()
    for goal in active:
        assert goal.term == fall
        assert goal.waits_for_review(spring)
        assert not goal.waits_for_review(fall)
        assert 2 <= len(goal.steps.all()) <= 3
    assert GoalStep.objects.filter(goal__in=active, done_at__isnull=False).exists()
    assert GoalStep.objects.filter(goal__in=active, done_at__isnull=True).exists()
    assert active.filter(measures__isnull=False).exists()
    assert active.filter(artifacts__isnull=False).exists()


def test_some_older_students_already_looked_back_on_a_goal(media_root: Path) -> None:
    reviewed = Goal.objects.reviewed().select_related("student")
    assert reviewed.count() >= 20
    assert {goal.student.grade >= 6 for goal in reviewed} == {True}
    assert set(reviewed.values_list("status", flat=True)) <= {"met", "progress", "changed"}
    for goal in reviewed:
        assert goal.reviewed_at is not None
        assert goal.reviewed_at > goal.created_at
        assert goal.review
    assert reviewed.filter(student__first_name="Yusuf", student__last_name="Haddad").exists()


def test_most_work_is_approved_and_some_waits_for_the_advisor(media_root: Path) -> None:
    waiting = Artifact.objects.awaiting_review().count()
    assert 0.05 < waiting / Artifact.objects.count() < 0.3
    advisor_of = advisors()
    for artifact in Artifact.objects.approved():
        assert artifact.approved_at is not None
        assert artifact.approved_at > artifact.created_at
        assert artifact.approved_by_id == advisor_of[artifact.student_id]
    assert not Artifact.objects.filter(
        shared_with_dream_team=True, approved_at__isnull=True
    ).exists()


def test_work_is_created_by_the_student_or_else_by_their_advisor(media_root: Path) -> None:
    mateo = Student.objects.get(user__username="mateo")
    assert set(mateo.artifacts.values_list("created_by__username", flat=True)) == {"mateo"}
    advisor_of = advisors()
    for artifact in Artifact.objects.exclude(student=mateo):
        assert artifact.created_by_id == advisor_of[artifact.student_id]


def test_spanish_speaking_families_get_work_in_both_languages(media_root: Path) -> None:
    spanish = set(
        Guardian.objects.filter(home_language="es").values_list("student_links__student", flat=True)
    )
    bilingual = Reflection.objects.filter(language_2="es").values_list(
        "artifact__student", flat=True
    )
    assert len(set(bilingual)) > 10
    assert set(bilingual) <= spanish
    for reflection in Reflection.objects.exclude(language_2=""):
        assert reflection.text_2 or reflection.audio
        assert reflection.language != reflection.language_2
    goals = Goal.objects.filter(language_2="es")
    assert goals.count() > 10
    assert set(goals.values_list("student", flat=True)) <= spanish
    assert not goals.filter(title_2="").exists()


# The named demo people


def test_mateos_reading_level_rises_toward_his_goal(media_root: Path) -> None:
    mateo = Student.objects.get(user__username="mateo")
    reading = mateo.measures.get(name="Reading level")
    values = [point.value for point in reading.points.order_by("on")]
    assert len(values) >= 6
    assert values == sorted(values)
    assert reading.goal is not None
    assert values[0] < values[-1] < reading.goal
    assert reading.name_2 == "Nivel de lectura"

    chart = mateo.artifacts.get(title="My reading level chart")
    assert chart.kind == "drawing"
    assert chart.shared_with_dream_team
    reflection = chart.reflections.get(prompt="learned")
    assert (reflection.language, reflection.language_2) == ("en", "es")
    assert "septiembre" in reflection.text_2

    (goal,) = mateo.goals.filter(language_2="es")
    assert goal.title == "Read at level R by spring"
    assert goal.term is not None
    assert goal.term.name == "Fall 2026"
    assert list(goal.measures.all()) == [reading]
    assert [step.done_at is not None for step in goal.steps.order_by("due_on")] == [
        True,
        False,
        False,
    ]
    assert mateo.artifacts.filter(kind="audio").exists()
    assert mateo.artifacts.awaiting_review().exists()


def test_lupe_taps_smiley_faces_draws_and_records_her_answers(media_root: Path) -> None:
    lupe = student("Lupe", "García")
    ratings = lupe.self_assessments.select_related("target")
    assert {rating.band for rating in ratings} == {"K-2"}
    assert {rating.level for rating in ratings} <= {1, 2, 3}
    assert {rating.scale_level.face for rating in ratings} >= {"happy", "not-yet"}
    history = ratings.history_by_target()
    assert max(len(h) for h in history.values()) >= 3
    assert all(h[0].level >= h[-1].level for h in history.values())

    drawing = lupe.artifacts.get(title="My family")
    assert drawing.thumbnail
    assert drawing.created_by is not None
    assert drawing.created_by.username == "alvarez"
    recorded = drawing.reflections.exclude(audio="")
    assert recorded.count() == 2
    assert {r.language for r in recorded} == {"es"}
    assert lupe.artifacts.filter(kind="audio").exists()
    assert lupe.user is None


def test_the_advisor_sees_the_whole_binder_and_the_mother_only_approved_work(
    client: Client, media_root: Path
) -> None:
    mateo = Student.objects.get(user__username="mateo")
    rivera = mateo.advisories.get().advisor.user
    client.force_login(rivera)
    page = client.get(f"/binder/students/{mateo.pk}/").content.decode()
    assert "My reading level chart" in page
    assert "The water cycle" in page
    goals = client.get(f"/binder/students/{mateo.pk}/goals/").content.decode()
    assert "Read at level R by spring" in goals
    assert "Leer en el nivel R para la primavera" in goals

    sofia = Guardian.objects.get(email="sofia@example.com")
    assert sofia.user is not None
    client.force_login(sofia.user)
    page = client.get(f"/binder/students/{mateo.pk}/").content.decode()
    assert "My reading level chart" in page
    assert "The water cycle" not in page
    chart = mateo.artifacts.get(title="My reading level chart")
    response = client.get(f"/binder/work/{chart.pk}/thumbnail/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_demo_people_says_what_the_named_binders_hold(media_root: Path) -> None:
    out = run("demo_people", "--url", "http://testserver")
    assert "Mateo García (4): 6 pieces of work" in out
    assert "Lupe García (K):" in out
    assert "Linh Tran (7):" in out
    assert "already looked back" in out


# Seeding again


def test_seeding_again_with_if_empty_changes_nothing(media_root: Path) -> None:
    before, files = binders_digest(), stored_files(media_root)
    assert "not added" in run("seed_demo", "--if-empty")
    assert binders_digest() == before
    assert stored_files(media_root) == files


@pytest.mark.django_db(transaction=True)
def test_the_binders_are_the_same_on_every_run(settings: Any, tmp_path: Path) -> None:
    # Transactional tests run last: the module's demo school may still be there.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "first"
    run("seed_demo")
    first = binders_digest()
    assert Artifact.objects.count() > 900
    call_command("flush", interactive=False, verbosity=0)
    assert not Artifact.objects.exists()
    settings.MEDIA_ROOT = tmp_path / "second"
    run("seed_demo")
    assert binders_digest() == first
    assert len(stored_files(tmp_path / "first")) == len(stored_files(tmp_path / "second"))
