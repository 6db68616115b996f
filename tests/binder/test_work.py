"""The student's work as each person meets it: adding, reading, reflecting, reviewing, sharing.

Mateo (grade 4) builds his binder; Ms. Rivera, his advisor, comments and
approves; his mother Sofía sees only what was approved; Lupe (kindergarten)
records her reflections; Mr. Okafor and the Tran family see nothing of it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.binder.models import Artifact, Comment, LearningTarget, Reflection, Subject
from podium.privacy.models import AccessLog
from podium.roster.models import Term
from tests.binder.test_media import jpeg_bytes, wav_bytes, webm_bytes
from tests.cast import Cast


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def client_for(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def mateo(cast: Cast) -> Client:
    return client_for(cast.student.user)


def rivera(cast: Cast) -> Client:
    return client_for(cast.advisor.user)


def sofia(cast: Cast) -> Client:
    return client_for(cast.guardian.user)


def outsiders(cast: Cast) -> list[Client]:
    """People with nothing to do with Mateo: another advisor, another family, another school."""
    return [
        client_for(cast.outsider_advisor.user),
        client_for(cast.other_guardian.user),
        client_for(cast.other_school_admin.user),
    ]


def make_work(cast: Cast, *, approved: bool = False, **fields: Any) -> Artifact:
    values: dict[str, Any] = {
        "student": cast.student,
        "kind": Artifact.Kind.TEXT,
        "title": "My volcano report",
        "text": "Volcanoes are mountains that open.",
        "created_by": cast.student.user,
    }
    values.update(fields)
    if approved:
        values.update(approved_at=timezone.now(), approved_by=cast.advisor.user)
    return Artifact.objects.create(**values)


def upload_photo(client: Client, cast: Cast, title: str = "My drawing of a volcano") -> Artifact:
    response = client.post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "photo",
            "title": title,
            "language": "en",
            "upload": SimpleUploadedFile("photo.jpg", jpeg_bytes()),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Artifact.objects.get(title=title)


def target(cast: Cast, statement: str, grades: tuple[int, int] = (3, 5)) -> LearningTarget:
    return LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.SCIENCE,
        statement=statement,
        grade_from=grades[0],
        grade_to=grades[1],
    )


def page(response: Any) -> str:
    return str(response.content.decode())


# --- adding work -------------------------------------------------------------------------


def test_student_chooses_the_kind_of_work_from_big_tiles(cast: Cast) -> None:
    response = mateo(cast).get(reverse("binder:work_add", args=[cast.student.pk]))

    assert response.status_code == 200
    body = page(response)
    assert "What do you want to add?" in body
    for kind in Artifact.Kind:
        assert f'href="?kind={kind.value}"' in body
        assert str(kind.label) in body


def test_the_photo_form_opens_the_camera(cast: Cast) -> None:
    response = mateo(cast).get(reverse("binder:work_add", args=[cast.student.pk]) + "?kind=photo")

    body = page(response)
    assert response.status_code == 200
    assert re.search(r'<input type="file" name="upload"[^>]*accept="image/\*"', body)
    assert 'capture="environment"' in body
    assert "data-upload" in body
    assert "podium/js/upload.js" in body


def test_the_audio_form_has_the_big_record_button(cast: Cast) -> None:
    response = mateo(cast).get(reverse("binder:work_add", args=[cast.student.pk]) + "?kind=audio")

    body = page(response)
    assert "data-record" in body
    assert "podium/js/recorder.js" in body
    assert 'name="recorded_size"' in body
    # The recorder plays back the recording from a blob: address.
    assert "blob:" in response["Content-Security-Policy"]


def test_student_adds_writing_in_two_languages(cast: Cast) -> None:
    client = mateo(cast)
    response = client.post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "text",
            "title": "My family",
            "title_2": "Mi familia",
            "text": "We cook on Sundays.",
            "text_2": "Cocinamos los domingos.",
            "language": "en",
            "language_2": "es",
        },
    )

    artifact = Artifact.objects.get()
    assert response.status_code == 302
    assert (artifact.kind, artifact.language, artifact.language_2) == ("text", "en", "es")
    assert artifact.created_by == cast.student.user
    assert artifact.approved_at is None
    body = page(client.get(reverse("binder:work", args=[artifact.pk])))
    assert '<div class="text-block" lang="en" dir="auto">' in body
    assert '<div class="text-block" lang="es" dir="auto">' in body
    assert "Cocinamos los domingos." in body
    assert "Your work is in your binder." in body


def test_second_language_text_needs_its_language(cast: Cast) -> None:
    response = mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {"kind": "text", "title": "Story", "text": "Hi", "text_2": "Hola", "language": "en"},
    )

    assert response.status_code == 400
    assert "Choose the language of the second version." in page(response)
    assert not Artifact.objects.exists()


def test_a_second_language_that_is_the_first_is_no_second_language(cast: Cast) -> None:
    mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {"kind": "text", "title": "Story", "text": "Hi", "language": "es", "language_2": "es"},
    )

    assert Artifact.objects.get().language_2 == ""


def test_untitled_work_is_named_after_its_kind_and_the_day(cast: Cast) -> None:
    mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {"kind": "text", "text": "A poem about rain.", "language": "en"},
    )

    assert Artifact.objects.get().title.startswith("Writing · ")


def test_writing_without_text_is_refused(cast: Cast) -> None:
    response = mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {"kind": "text", "title": "Empty", "language": "en"},
    )

    assert response.status_code == 400
    assert not Artifact.objects.exists()


def test_a_link_must_be_a_web_address(cast: Cast) -> None:
    client = mateo(cast)
    url = reverse("binder:work_add", args=[cast.student.pk])

    bad = client.post(
        url, {"kind": "link", "title": "x", "url": "javascript:alert(1)", "language": "en"}
    )
    good = client.post(
        url,
        {"kind": "link", "title": "My slides", "url": "slides.example/volcano", "language": "en"},
    )

    assert bad.status_code == 400
    assert good.status_code == 302
    assert Artifact.objects.get().url == "https://slides.example/volcano"


def test_work_is_tagged_with_the_students_learning_targets_only(cast: Cast) -> None:
    mine = target(cast, "I can explain how volcanoes form.")
    older = target(cast, "I can balance a chemical equation.", grades=(9, 12))
    client = mateo(cast)
    url = reverse("binder:work_add", args=[cast.student.pk])

    form = page(client.get(url + "?kind=text"))
    refused = client.post(
        url, {"kind": "text", "text": "x", "language": "en", "targets": [older.pk]}
    )
    client.post(url, {"kind": "text", "text": "x", "language": "en", "targets": [mine.pk]})

    assert "I can explain how volcanoes form." in form
    assert "I can balance a chemical equation." not in form
    assert refused.status_code == 400
    assert list(Artifact.objects.get().targets.all()) == [mine]


def test_new_work_belongs_to_the_current_term_unless_changed(cast: Cast) -> None:
    today = timezone.localdate()
    term = Term.objects.create(
        school_year=cast.year,
        name="Fall",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )

    body = page(mateo(cast).get(reverse("binder:work_add", args=[cast.student.pk]) + "?kind=text"))

    assert f'<option value="{term.pk}" selected>Fall 2026-27</option>' in body


def test_advisor_adds_work_for_an_advisee(cast: Cast) -> None:
    response = rivera(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {"kind": "text", "title": "Read-aloud notes", "text": "Fluent.", "language": "en"},
    )

    assert response.status_code == 302
    artifact = Artifact.objects.get()
    assert artifact.student == cast.student
    assert artifact.created_by == cast.advisor.user


def test_families_and_outsiders_cannot_add_work(cast: Cast) -> None:
    url = reverse("binder:work_add", args=[cast.student.pk])
    data = {"kind": "text", "title": "x", "text": "x", "language": "en"}

    for client in [sofia(cast), client_for(cast.sibling_advisor.user), *outsiders(cast)]:
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert not Artifact.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(cast: Cast) -> None:
    response = Client().get(reverse("binder:work_add", args=[cast.student.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_adding_work_refuses_other_methods(cast: Cast) -> None:
    assert mateo(cast).put(reverse("binder:work_add", args=[cast.student.pk])).status_code == 405


def test_an_upload_sent_by_htmx_is_answered_with_where_to_go(cast: Cast) -> None:
    response = mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "audio",
            "title": "Me reading",
            "language": "en",
            "upload": SimpleUploadedFile("a.wav", wav_bytes()),
        },
        headers={"HX-Request": "true"},
    )

    artifact = Artifact.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("binder:work", args=[artifact.pk])


def test_an_htmx_upload_with_a_problem_gets_its_form_back_in_place(cast: Cast) -> None:
    response = mateo(cast).post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "photo",
            "title": "x",
            "language": "en",
            "upload": SimpleUploadedFile("a.jpg", b"<svg/>"),
        },
        headers={"HX-Request": "true"},
    )

    body = page(response)
    assert body.lstrip().startswith('<form id="work-form"')
    assert "<html" not in body
    assert "not a picture we can use" in body
    assert not Artifact.objects.exists()


def test_the_add_page_runs_the_same_queries_however_many_targets(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client = mateo(cast)
    url = reverse("binder:work_add", args=[cast.student.pk]) + "?kind=photo"
    for n in range(5):
        target(cast, f"I can do thing {n}.")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    for n in range(50):
        target(cast, f"I can do more thing {n}.")
    with django_assert_max_num_queries(14):
        body = page(client.get(url))
    assert "I can do more thing 49." in body


# --- reading work -----------------------------------------------------------------------


def test_student_text_is_escaped_wherever_it_is_shown(cast: Cast) -> None:
    artifact = make_work(
        cast,
        title="<script>alert('title')</script>",
        text="<img src=x onerror=alert(1)>",
        kind=Artifact.Kind.TEXT,
    )
    Comment.objects.create(artifact=artifact, author=cast.advisor.user, text="<b>bold</b>")

    body = page(mateo(cast).get(reverse("binder:work", args=[artifact.pk])))

    assert "<script>alert" not in body
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in body
    assert "<img src=x" not in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_reading_work_writes_the_access_log(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)

    sofia(cast).get(reverse("binder:work", args=[artifact.pk]))

    entry = AccessLog.objects.get()
    assert (entry.user, entry.role, entry.student, entry.what) == (
        cast.guardian.user,
        "guardian",
        cast.student,
        "work",
    )
    assert entry.path == reverse("binder:work", args=[artifact.pk])


def test_a_photo_shows_its_thumbnail_linking_to_the_original(cast: Cast) -> None:
    client = mateo(cast)
    artifact = upload_photo(client, cast)

    body = page(client.get(reverse("binder:work", args=[artifact.pk])))

    original = reverse("binder:work_file", args=[artifact.pk])
    thumbnail = reverse("binder:work_thumbnail", args=[artifact.pk])
    assert f'<a href="{original}" class="work-picture"><img src="{thumbnail}?v=' in body


def test_a_recording_plays_in_the_page(cast: Cast) -> None:
    client = mateo(cast)
    client.post(
        reverse("binder:work_add", args=[cast.student.pk]),
        {
            "kind": "audio",
            "title": "Me reading",
            "language": "en",
            "upload": SimpleUploadedFile("a.wav", wav_bytes()),
        },
    )
    artifact = Artifact.objects.get()

    body = page(client.get(reverse("binder:work", args=[artifact.pk])))

    assert (
        f'<audio controls preload="none" src="{reverse("binder:work_file", args=[artifact.pk])}"'
        in body
    )


def test_a_link_opens_without_giving_the_other_site_anything(cast: Cast) -> None:
    artifact = make_work(cast, kind=Artifact.Kind.LINK, url="https://slides.example/v", text="")

    body = page(mateo(cast).get(reverse("binder:work", args=[artifact.pk])))

    assert 'href="https://slides.example/v" rel="noopener noreferrer nofollow"' in body


def test_times_are_shown_in_the_schools_time_zone(cast: Cast) -> None:
    # 03:30 UTC on 1 October is still 30 September in Los Angeles.
    artifact = make_work(cast, created_at=dt.datetime(2026, 10, 1, 3, 30, tzinfo=dt.UTC))

    body = page(mateo(cast).get(reverse("binder:work", args=[artifact.pk])))

    assert "Sept. 30, 2026" in body


def test_student_sees_their_controls_but_no_approve_button(cast: Cast) -> None:
    artifact = make_work(cast)

    body = page(mateo(cast).get(reverse("binder:work", args=[artifact.pk])))

    assert reverse("binder:work_edit", args=[artifact.pk]) in body
    assert reverse("binder:work_delete", args=[artifact.pk]) in body
    assert reverse("binder:reflect", args=[artifact.pk]) in body
    assert "Waiting for approval" in body
    assert reverse("binder:work_approve", args=[artifact.pk]) not in body
    assert reverse("binder:work_comment", args=[artifact.pk]) not in body


def test_advisor_sees_the_approve_button_and_the_comment_form(cast: Cast) -> None:
    artifact = make_work(cast)

    body = page(rivera(cast).get(reverse("binder:work", args=[artifact.pk])))

    assert "Approve for the family" in body
    assert f'hx-post="{reverse("binder:work_approve", args=[artifact.pk])}"' in body
    assert f'action="{reverse("binder:work_comment", args=[artifact.pk])}"' in body
    assert reverse("binder:work_share", args=[artifact.pk]) not in body


def test_guardian_sees_approved_work_without_any_controls_or_comments(cast: Cast) -> None:
    artifact = make_work(cast, approved=True, title="The volcano")
    Comment.objects.create(artifact=artifact, author=cast.advisor.user, text="Fix the spelling.")

    response = sofia(cast).get(reverse("binder:work", args=[artifact.pk]))

    body = page(response)
    assert response.status_code == 200
    assert "The volcano" in body
    for name in (
        "work_edit",
        "work_delete",
        "reflect",
        "work_approve",
        "work_comment",
        "work_share",
    ):
        assert reverse(f"binder:{name}", args=[artifact.pk]) not in body
    assert "Fix the spelling." not in body
    assert "Waiting for approval" not in body


def test_guardian_sees_exactly_the_approved_work(cast: Cast) -> None:
    approved = [make_work(cast, approved=True, title=f"Approved {n}") for n in range(2)]
    waiting = make_work(cast, title="Not yet")
    client = sofia(cast)

    statuses = {
        artifact.title: client.get(reverse("binder:work", args=[artifact.pk])).status_code
        for artifact in [*approved, waiting]
    }

    assert statuses == {"Approved 0": 200, "Approved 1": 200, "Not yet": 404}


def test_another_family_gets_404_on_the_work_its_file_and_its_thumbnail(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)
    artifact.approve(by=cast.advisor.user)
    minh = client_for(cast.other_guardian.user)

    for name in ("work", "work_file", "work_thumbnail"):
        assert minh.get(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 404
        assert sofia(cast).get(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 200


def test_outsiders_get_404_on_work(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)

    for client in outsiders(cast):
        assert client.get(reverse("binder:work", args=[artifact.pk])).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_work_page_refuses_post(cast: Cast) -> None:
    artifact = make_work(cast)

    assert mateo(cast).post(reverse("binder:work", args=[artifact.pk])).status_code == 405


# --- files ---------------------------------------------------------------------------------


def test_downloading_the_original_writes_the_access_log(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)
    artifact.approve(by=cast.advisor.user)

    response = sofia(cast).get(reverse("binder:work_file", args=[artifact.pk]))

    assert response.status_code == 200
    assert AccessLog.objects.get().what == "work file"


def test_a_player_fetching_the_next_piece_is_not_logged_again(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)
    client = mateo(cast)
    url = reverse("binder:work_file", args=[artifact.pk])

    client.get(url, headers={"Range": "bytes=0-"})
    client.get(url, headers={"Range": "bytes=200-"})

    assert AccessLog.objects.filter(what="work file").count() == 1


def test_guardian_cannot_fetch_files_of_unapproved_work(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)

    for name in ("work_file", "work_thumbnail"):
        assert sofia(cast).get(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 404


def test_work_without_a_file_has_no_file_to_fetch(cast: Cast) -> None:
    artifact = make_work(cast)

    for name in ("work_file", "work_thumbnail"):
        assert mateo(cast).get(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 404


def test_outsiders_get_404_on_files(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)
    artifact.approve(by=cast.advisor.user)

    for client in outsiders(cast):
        for name in ("work_file", "work_thumbnail"):
            assert client.get(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 404


def test_files_refuse_post(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)

    for name in ("work_file", "work_thumbnail"):
        assert mateo(cast).post(reverse(f"binder:{name}", args=[artifact.pk])).status_code == 405


# --- changing and deleting work -----------------------------------------------------------


def test_student_changes_the_title_of_their_work(cast: Cast) -> None:
    artifact = make_work(cast)

    response = mateo(cast).post(
        reverse("binder:work_edit", args=[artifact.pk]),
        {"title": "Volcanoes!", "text": artifact.text, "language": "en"},
    )

    artifact.refresh_from_db()
    assert response.status_code == 302
    assert artifact.title == "Volcanoes!"
    assert artifact.kind == Artifact.Kind.TEXT


def test_a_students_change_to_approved_work_goes_back_to_the_advisor(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    artifact.share_with_dream_team(True)
    client = mateo(cast)

    client.post(
        reverse("binder:work_edit", args=[artifact.pk]),
        {"title": "A new title", "text": artifact.text, "language": "en"},
    )

    artifact.refresh_from_db()
    assert artifact.approved_at is None
    assert artifact.shared_with_dream_team is False
    body = page(client.get(reverse("binder:work", args=[artifact.pk])))
    assert "Your advisor will look at it again" in body


def test_the_advisors_change_keeps_the_approval(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)

    rivera(cast).post(
        reverse("binder:work_edit", args=[artifact.pk]),
        {"title": "Typo fixed", "text": artifact.text, "language": "en"},
    )

    artifact.refresh_from_db()
    assert artifact.title == "Typo fixed"
    assert artifact.is_approved


def test_replacing_a_photo_removes_the_old_files(
    cast: Cast, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = mateo(cast)
    artifact = upload_photo(client, cast)
    old = [media_root / str(artifact.file.name), media_root / str(artifact.thumbnail.name)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("binder:work_edit", args=[artifact.pk]),
            {
                "title": artifact.title,
                "language": "en",
                "upload": SimpleUploadedFile("new.jpg", jpeg_bytes((80, 80))),
            },
        )

    artifact.refresh_from_db()
    assert response.status_code == 302
    assert not any(path.exists() for path in old)
    assert (media_root / str(artifact.file.name)).exists()
    assert (media_root / str(artifact.thumbnail.name)).exists()


def test_families_and_outsiders_cannot_change_work(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    url = reverse("binder:work_edit", args=[artifact.pk])

    for client in [sofia(cast), *outsiders(cast)]:
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"title": "Hacked", "text": "x", "language": "en"}).status_code == 404
        )
    artifact.refresh_from_db()
    assert artifact.title == "My volcano report"


def test_changing_work_refuses_other_methods(cast: Cast) -> None:
    artifact = make_work(cast)

    assert mateo(cast).put(reverse("binder:work_edit", args=[artifact.pk])).status_code == 405


def test_deleting_asks_first_then_removes_the_work_and_its_files(
    cast: Cast, media_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = mateo(cast)
    artifact = upload_photo(client, cast)
    url = reverse("binder:work_delete", args=[artifact.pk])

    question = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url)

    assert "Yes, delete it" in page(question)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("binder:binder", args=[cast.student.pk])
    assert not Artifact.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_families_and_outsiders_cannot_delete_work(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    url = reverse("binder:work_delete", args=[artifact.pk])

    for client in [sofia(cast), *outsiders(cast)]:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Artifact.objects.filter(pk=artifact.pk).exists()


def test_deleting_refuses_other_methods(cast: Cast) -> None:
    artifact = make_work(cast)

    assert mateo(cast).put(reverse("binder:work_delete", args=[artifact.pk])).status_code == 405


# --- reflecting ------------------------------------------------------------------------------


def lupe(cast: Cast) -> Client:
    return client_for(cast.sibling.ensure_user())


def lupes_work(cast: Cast) -> Artifact:
    return make_work(cast, student=cast.sibling, title="My picture", created_by=cast.sibling.user)


def test_a_kindergartner_is_asked_two_questions_with_a_big_record_button_each(cast: Cast) -> None:
    client = lupe(cast)
    artifact = lupes_work(cast)

    response = client.get(reverse("binder:reflect", args=[artifact.pk]))

    body = page(response)
    assert response.status_code == 200
    assert "What did I learn?" in body
    assert "Why am I proud of it?" in body
    assert "What was hard?" not in body
    assert body.count("data-record ") == 2
    assert 'class="young"' in body


def test_a_kindergartner_records_a_reflection(cast: Cast, media_root: Path) -> None:
    client = lupe(cast)
    artifact = lupes_work(cast)
    recording = webm_bytes()

    response = client.post(
        reverse("binder:reflect", args=[artifact.pk]),
        {
            "language": "en",
            "learned-audio": SimpleUploadedFile("recording.webm", recording),
            "learned-recorded_size": len(recording),
        },
    )

    reflection = Reflection.objects.get()
    assert response.status_code == 302
    assert (reflection.prompt, reflection.audio_type) == ("learned", "audio/webm")
    assert str(reflection.audio.name).startswith(f"binder/{cast.sibling.pk}/")
    assert (media_root / str(reflection.audio.name)).read_bytes() == recording
    body = page(client.get(reverse("binder:work", args=[artifact.pk])))
    assert reverse("binder:reflection_audio", args=[artifact.pk, "learned"]) in body


def test_a_reflection_recording_cut_off_saves_nothing(cast: Cast, media_root: Path) -> None:
    artifact = lupes_work(cast)
    recording = webm_bytes()

    response = lupe(cast).post(
        reverse("binder:reflect", args=[artifact.pk]),
        {
            "language": "en",
            "learned-audio": SimpleUploadedFile("recording.webm", recording[:50]),
            "learned-recorded_size": len(recording),
            "proud-text": "I used all the colours.",
        },
    )

    assert response.status_code == 400
    assert "The recording did not arrive whole. Please record again." in page(response)
    assert not Reflection.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_a_fourth_grader_writes_a_reflection_in_two_languages(cast: Cast) -> None:
    client = mateo(cast)
    artifact = make_work(cast)
    url = reverse("binder:reflect", args=[artifact.pk])

    form = page(client.get(url))
    client.post(
        url,
        {
            "language": "en",
            "language_2": "es",
            "learned-text": "Magma rises.",
            "learned-text_2": "El magma sube.",
            "hard-text": "Drawing the layers.",
            "next-text": "Start earlier.",
        },
    )

    assert all(
        q in form for q in ("What did I learn?", "What was hard?", "What would I do next time?")
    )
    reflections = {r.prompt: r for r in Reflection.objects.all()}
    assert set(reflections) == {"learned", "hard", "next"}
    assert (reflections["learned"].text_2, reflections["learned"].language_2) == (
        "El magma sube.",
        "es",
    )
    body = page(client.get(reverse("binder:work", args=[artifact.pk])))
    assert '<div class="text-block" lang="es" dir="auto">El magma sube.</div>' in body


def test_reflecting_again_changes_the_same_reflection_and_empty_answers_go(cast: Cast) -> None:
    client = mateo(cast)
    artifact = make_work(cast)
    url = reverse("binder:reflect", args=[artifact.pk])

    client.post(url, {"language": "en", "learned-text": "One", "hard-text": "Two"})
    client.post(url, {"language": "en", "learned-text": "One, better"})

    assert list(Reflection.objects.values_list("prompt", "text")) == [("learned", "One, better")]


def test_families_and_outsiders_cannot_reflect(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    url = reverse("binder:reflect", args=[artifact.pk])

    for client in [sofia(cast), *outsiders(cast)]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"language": "en", "learned-text": "x"}).status_code == 404
    assert not Reflection.objects.exists()


def test_reflecting_refuses_other_methods(cast: Cast) -> None:
    artifact = make_work(cast)

    assert mateo(cast).put(reverse("binder:reflect", args=[artifact.pk])).status_code == 405


def test_a_recorded_reflection_is_served_to_the_family_once_approved(cast: Cast) -> None:
    artifact = lupes_work(cast)
    recording = wav_bytes()
    lupe(cast).post(
        reverse("binder:reflect", args=[artifact.pk]),
        {"language": "en", "proud-audio": SimpleUploadedFile("r.wav", recording)},
    )
    url = reverse("binder:reflection_audio", args=[artifact.pk, "proud"])

    before = sofia(cast).get(url)
    artifact.approve(by=cast.sibling_advisor.user)
    after = sofia(cast).get(url)

    assert before.status_code == 404
    assert after.status_code == 200
    assert after["Content-Type"] == "audio/wav"
    assert after["X-Content-Type-Options"] == "nosniff"
    assert after["Content-Security-Policy"] == "sandbox"
    assert AccessLog.objects.filter(what="reflection audio", user=cast.guardian.user).count() == 1
    assert client_for(cast.other_guardian.user).get(url).status_code == 404
    assert (
        lupe(cast)
        .get(reverse("binder:reflection_audio", args=[artifact.pk, "learned"]))
        .status_code
        == 404
    )
    assert lupe(cast).post(url).status_code == 405


# --- approving and commenting ---------------------------------------------------------------


def test_advisor_approves_work_for_the_family(cast: Cast) -> None:
    artifact = make_work(cast)

    response = rivera(cast).post(
        reverse("binder:work_approve", args=[artifact.pk]), {"approved": "1"}
    )

    artifact.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("binder:work", args=[artifact.pk])
    assert artifact.approved_by == cast.advisor.user
    assert sofia(cast).get(reverse("binder:work", args=[artifact.pk])).status_code == 200


def test_school_admin_approves_work_too(cast: Cast) -> None:
    artifact = make_work(cast)

    client_for(cast.school_admin.user).post(reverse("binder:work_approve", args=[artifact.pk]))

    artifact.refresh_from_db()
    assert artifact.is_approved


def test_approving_with_htmx_answers_with_the_approval_block(cast: Cast) -> None:
    artifact = make_work(cast)

    response = rivera(cast).post(
        reverse("binder:work_approve", args=[artifact.pk]),
        {"approved": "1"},
        headers={"HX-Request": "true"},
    )

    body = page(response)
    assert response.status_code == 200
    assert body.lstrip().startswith(
        f'<div class="approval is-approved" id="approval-{artifact.pk}">'
    )
    assert "Take the approval back" in body
    assert "<html" not in body


def test_taking_the_approval_back_stops_the_sharing(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    artifact.share_with_dream_team(True)

    rivera(cast).post(reverse("binder:work_approve", args=[artifact.pk]), {"approved": "0"})

    artifact.refresh_from_db()
    assert (artifact.approved_at, artifact.shared_with_dream_team) == (None, False)
    assert sofia(cast).get(reverse("binder:work", args=[artifact.pk])).status_code == 404


def test_approving_returns_to_the_review_queue_but_never_to_another_site(cast: Cast) -> None:
    first, second = make_work(cast), make_work(cast)
    review = reverse("binder:review", args=[cast.advisory.pk])
    client = rivera(cast)

    back = client.post(reverse("binder:work_approve", args=[first.pk]), {"next": review})
    away = client.post(
        reverse("binder:work_approve", args=[second.pk]), {"next": "https://evil.example/"}
    )

    assert back["Location"] == review
    assert away["Location"] == reverse("binder:work", args=[second.pk])


def test_only_the_students_advisor_or_admin_approves(cast: Cast) -> None:
    artifact = make_work(cast)
    url = reverse("binder:work_approve", args=[artifact.pk])

    for client in [
        mateo(cast),
        sofia(cast),
        client_for(cast.sibling_advisor.user),
        *outsiders(cast),
    ]:
        assert client.post(url, {"approved": "1"}).status_code == 404
    artifact.refresh_from_db()
    assert not artifact.is_approved


def test_approving_refuses_get(cast: Cast) -> None:
    artifact = make_work(cast)

    assert rivera(cast).get(reverse("binder:work_approve", args=[artifact.pk])).status_code == 405


def test_advisor_comments_and_the_student_reads_it(cast: Cast) -> None:
    artifact = make_work(cast)

    response = rivera(cast).post(
        reverse("binder:work_comment", args=[artifact.pk]), {"text": "Great diagram!\nAdd labels."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("binder:work", args=[artifact.pk]) + "#comments"
    assert Comment.objects.get().author == cast.advisor.user
    body = page(mateo(cast).get(reverse("binder:work", args=[artifact.pk])))
    assert "Great diagram!<br>Add labels." in body
    assert "Ms. Rivera" in body


def test_commenting_with_htmx_answers_with_the_comments(cast: Cast) -> None:
    artifact = make_work(cast)

    response = rivera(cast).post(
        reverse("binder:work_comment", args=[artifact.pk]),
        {"text": "Nice work"},
        headers={"HX-Request": "true"},
    )

    body = page(response)
    assert body.lstrip().startswith('<section id="comments"')
    assert "Nice work" in body
    assert "<html" not in body


def test_an_empty_comment_is_refused(cast: Cast) -> None:
    artifact = make_work(cast)

    response = rivera(cast).post(reverse("binder:work_comment", args=[artifact.pk]), {"text": "  "})

    assert response.status_code == 400
    assert "Write a comment first." in page(response)
    assert not Comment.objects.exists()


def test_only_the_students_advisor_or_admin_comments(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    url = reverse("binder:work_comment", args=[artifact.pk])

    for client in [mateo(cast), sofia(cast), *outsiders(cast)]:
        assert client.post(url, {"text": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_commenting_refuses_get(cast: Cast) -> None:
    artifact = make_work(cast)

    assert rivera(cast).get(reverse("binder:work_comment", args=[artifact.pk])).status_code == 405


# --- sharing with the Dream Team ------------------------------------------------------------


def test_student_shares_approved_work_with_their_dream_team_and_stops(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    client = mateo(cast)
    url = reverse("binder:work_share", args=[artifact.pk])

    shown = page(client.get(reverse("binder:work", args=[artifact.pk])))
    client.post(url, {"shared": "1"})
    artifact.refresh_from_db()
    shared = artifact.shared_with_dream_team
    client.post(url, {"shared": "0"})
    artifact.refresh_from_db()

    assert "Share with my Dream Team" in shown
    assert shared is True
    assert artifact.shared_with_dream_team is False


def test_sharing_with_htmx_answers_with_the_sharing_block(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)

    response = mateo(cast).post(
        reverse("binder:work_share", args=[artifact.pk]),
        {"shared": "1"},
        headers={"HX-Request": "true"},
    )

    body = page(response)
    assert body.lstrip().startswith('<section id="sharing"')
    assert "Stop sharing with my Dream Team" in body


def test_work_not_yet_approved_cannot_be_shared(cast: Cast) -> None:
    artifact = make_work(cast)

    response = mateo(cast).post(reverse("binder:work_share", args=[artifact.pk]), {"shared": "1"})

    artifact.refresh_from_db()
    assert response.status_code == 400
    assert "Only work your advisor has approved can be shared." in page(response)
    assert artifact.shared_with_dream_team is False


def test_only_the_student_shares_their_work(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)
    url = reverse("binder:work_share", args=[artifact.pk])

    for client in [rivera(cast), sofia(cast), lupe(cast), *outsiders(cast)]:
        assert client.post(url, {"shared": "1"}).status_code == 404
    artifact.refresh_from_db()
    assert artifact.shared_with_dream_team is False


def test_sharing_refuses_get(cast: Cast) -> None:
    artifact = make_work(cast, approved=True)

    assert mateo(cast).get(reverse("binder:work_share", args=[artifact.pk])).status_code == 405


# --- the review queue -------------------------------------------------------------------------


def test_advisor_sees_the_advisorys_work_waiting_newest_first(cast: Cast) -> None:
    now = timezone.now()
    make_work(cast, title="Older", created_at=now - dt.timedelta(days=2))
    make_work(cast, title="Newer", created_at=now - dt.timedelta(days=1))
    make_work(cast, title="Already approved", approved=True)
    lupes_work(cast)

    response = rivera(cast).get(reverse("binder:review", args=[cast.advisory.pk]))

    body = page(response)
    assert response.status_code == 200
    assert body.index("Newer") < body.index("Older")
    assert "Already approved" not in body
    assert "My picture" not in body
    assert body.count("Approve for the family") == 2


def test_the_review_queue_shows_thumbnails_not_originals(cast: Cast) -> None:
    artifact = upload_photo(mateo(cast), cast)

    body = page(rivera(cast).get(reverse("binder:review", args=[cast.advisory.pk])))

    assert f'src="{reverse("binder:work_thumbnail", args=[artifact.pk])}?v=' in body
    assert reverse("binder:work_file", args=[artifact.pk]) not in body


def test_the_review_queue_writes_the_access_log_once_per_student(cast: Cast) -> None:
    make_work(cast)
    make_work(cast)

    rivera(cast).get(reverse("binder:review", args=[cast.advisory.pk]))

    assert list(AccessLog.objects.values_list("student", "what")) == [
        (cast.student.pk, "review queue")
    ]


def test_school_admin_opens_any_advisorys_review_queue(cast: Cast) -> None:
    make_work(cast, title="Volcano")

    response = client_for(cast.school_admin.user).get(
        reverse("binder:review", args=[cast.advisory.pk])
    )

    assert "Volcano" in page(response)


def test_others_cannot_open_an_advisorys_review_queue(cast: Cast) -> None:
    url = reverse("binder:review", args=[cast.advisory.pk])

    for client in [
        mateo(cast),
        sofia(cast),
        client_for(cast.sibling_advisor.user),
        *outsiders(cast),
    ]:
        assert client.get(url).status_code == 404


def test_the_review_queue_refuses_post(cast: Cast) -> None:
    assert rivera(cast).post(reverse("binder:review", args=[cast.advisory.pk])).status_code == 405


def test_the_review_queue_runs_the_same_queries_however_much_is_waiting(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client = rivera(cast)
    url = reverse("binder:review", args=[cast.advisory.pk])

    def add(n: int) -> None:
        Artifact.objects.bulk_create(
            Artifact(
                student=cast.student,
                kind=Artifact.Kind.PHOTO,
                title=f"Photo {i}",
                thumbnail=f"binder/{cast.student.pk}/{i:032x}.webp",
            )
            for i in range(n)
        )

    add(5)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
    add(50)
    with django_assert_max_num_queries(12):
        body = page(client.get(url))
    assert body.count("Approve for the family") == 40
