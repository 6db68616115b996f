"""The binder's journeys in a real browser, each person signing in their own way.

Lupe (kindergarten) scans her badge on the classroom tablet, records what she
learned and taps a smiley face; Ava (grade 3) tracks her reading level and
sees the bars grow; Camila (grade 8) photographs her work, reflects on it in
English and Spanish and sets a goal; Ms. Rivera approves work for the family;
Sofía, on her phone, sees only what was approved. The axe audit runs on every
page they visit. Each test seeds what it needs through the ORM.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image, ImageDraw
from playwright.sync_api import Locator, Page, expect

from podium.accounts.badges import badge_token
from podium.accounts.models import User
from podium.binder.media import THUMBNAIL_SIDE
from podium.binder.models import (
    Artifact,
    Goal,
    LearningTarget,
    Measure,
    Reflection,
    SelfAssessment,
    Subject,
)
from podium.roster.models import Advisory, Guardian, Student, StudentGuardian
from tests.cast import PASSWORD, Cast, make_cast, make_student
from tests.e2e.conftest import TABLET, audit, link_path, screenshot, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def student_with_password(
    cast: Cast, first: str, last: str, grade: int, username: str, *, advisory: Advisory
) -> Student:
    """A student who signs in with a username and the password their advisor set."""
    student = make_student(cast.school, advisory, first, last, grade, f"10{grade:02d}{len(first)}")
    user = student.ensure_user()
    user.username = username
    user.set_password(PASSWORD)
    user.save()
    return student


def record(where: Locator) -> None:
    """Press the big record button, speak (the fake microphone beeps) a second, press Stop."""
    where.get_by_role("button", name="Record", exact=True).click()
    expect(where.get_by_role("button", name="Stop")).to_have_attribute("aria-pressed", "true")
    # The recorder's clock says when a whole second (or a little more) is recorded.
    expect(where.locator("[data-recorder-time]")).to_have_text(re.compile(r"0:0[1-9]"))
    where.get_by_role("button", name="Stop").click()
    expect(where.get_by_role("status")).to_contain_text("Recorded. Listen to it, then save.")
    expect(where.get_by_role("button", name="Record again")).to_be_visible()


def expect_message(page: Page, text: str) -> None:
    """The message Podium shows at the top of the next page."""
    expect(page.get_by_role("main").get_by_role("status").filter(has_text=text)).to_be_visible()


def work(
    student: Student, title: str, *, days_ago: int, approved_by: User | None = None
) -> Artifact:
    """A typed piece of work, approved for the family if an advisor is given."""
    now = timezone.now()
    return Artifact.objects.create(
        student=student,
        kind=Artifact.Kind.TEXT,
        title=title,
        text=f"{title}: what I made.",
        created_by=student.user,
        created_at=now - dt.timedelta(days=days_ago),
        approved_at=now if approved_by else None,
        approved_by=approved_by,
    )


def picture_width(image: Locator) -> int:
    """The width of the picture the browser got, once it has it (a broken one fails)."""
    return int(image.evaluate("img => img.decode().then(() => img.naturalWidth)"))


def stored(name: str | None) -> bool:
    """Whether the file is in storage (a local folder here, S3 in production)."""
    return name is not None and name != "" and default_storage.exists(name)


def test_kindergartner_signs_in_with_her_badge_records_a_reflection_and_taps_a_smiley_face(
    new_recording_context: Any, cast: Cast, media_root: Path
) -> None:
    lupe = cast.sibling
    sounds = LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.READING,
        statement="I can say the sound of each letter",
        grade_from=Student.Grade.K,
        grade_to=Student.Grade.G2,
        created_by=cast.sibling_advisor,
    )
    LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.MATH,
        statement="I can count to 20",
        grade_from=Student.Grade.K,
        grade_to=Student.Grade.G2,
        created_by=cast.sibling_advisor,
    )

    tablet = new_recording_context(**TABLET).new_page()
    tablet.goto(reverse("accounts:badge", args=[badge_token(lupe)]))
    audit(tablet)
    tablet.get_by_role("button", name="Start").click()
    expect(heading(tablet)).to_have_text("Hi, Lupe!")
    audit(tablet)

    tablet.get_by_role("link", name="My binder").click()
    expect(heading(tablet)).to_contain_text("Lupe's binder")
    audit(tablet)

    # She adds her work by saying it: each kind is a big tile with a picture.
    tablet.get_by_role("link", name="Add work").click()
    expect(heading(tablet)).to_have_text("What do you want to add?")
    audit(tablet)
    tablet.get_by_role("link", name="Audio", exact=True).click()
    expect(heading(tablet)).to_have_text("Add: Audio")
    expect(tablet.get_by_role("button", name="Record", exact=True)).to_be_visible()
    audit(tablet)
    record(tablet.locator("[data-recorder]"))
    tablet.get_by_label("I can say the sound of each letter").check()
    audit(tablet)
    tablet.get_by_role("button", name="Add to my binder").click()
    expect_message(tablet, "Your work is in your binder.")
    expect(heading(tablet)).to_contain_text("Audio ·")
    audit(tablet)
    piece = Artifact.objects.get(student=lupe)
    assert (piece.kind, piece.content_type) == (Artifact.Kind.AUDIO, "audio/webm")
    assert stored(piece.file.name)
    assert piece.size > 0
    assert list(piece.targets.all()) == [sounds]

    # The reflection: the big button for "What did I learn?".
    tablet.get_by_role("link", name="Reflect on this work").click()
    expect(heading(tablet)).to_have_text("Think about your work")
    audit(tablet)
    record(tablet.get_by_role("group", name="What did I learn?"))
    audit(tablet)
    tablet.get_by_role("button", name="Save my reflection").click()
    expect_message(tablet, "Your reflection is saved.")
    reflections = tablet.get_by_role("region", name="Reflection")
    expect(reflections.get_by_role("heading", name="What did I learn?")).to_be_visible()
    expect(reflections.locator("audio")).to_have_count(1)
    audit(tablet)
    reflection = Reflection.objects.get(artifact=piece)
    assert reflection.prompt == Reflection.Prompt.LEARNED
    assert reflection.audio_type == "audio/webm"
    assert stored(reflection.audio.name)
    assert reflection.audio_size > 0
    assert reflection.audio.size == reflection.audio_size

    # "How I'm doing": a face to tap for each thing she can do.
    tablet.get_by_role("link", name="Lupe's binder").click()
    expect(tablet.locator(".work-tile")).to_contain_text("1 reflection")
    audit(tablet)
    tablet.get_by_role("link", name="How I'm doing").click()
    expect(heading(tablet)).to_have_text("How am I doing?")
    audit(tablet)
    target = tablet.get_by_role("region", name=re.compile("I can say the sound of each letter"))
    target.get_by_role("button", name="I can do it!").click()
    expect(target.get_by_role("status")).to_have_text("Saved!")
    expect(
        target.get_by_role("button", name=re.compile("I can do it!.*my last choice"))
    ).to_be_visible()
    audit(tablet)
    assert list(SelfAssessment.objects.values_list("student", "target", "band", "level")) == [
        (lupe.pk, sounds.pk, "K-2", 3)
    ]


def test_third_grader_enters_her_reading_levels_and_sees_the_bar_chart(
    page: Page, cast: Cast
) -> None:
    ava = student_with_password(cast, "Ava", "Nguyen", 3, "avan033", advisory=cast.advisory)
    today = timezone.localdate(timezone=cast.school.zone)
    readings = [
        (today - dt.timedelta(days=days), value)
        for days, value in [(84, "12"), (56, "14"), (28, "15"), (3, "17")]
    ]

    sign_in_with_password(page, "avan033")
    expect(heading(page)).to_have_text("Hi, Ava!")
    audit(page)
    page.get_by_role("link", name="My binder").click()
    expect(heading(page)).to_contain_text("Ava's binder")
    audit(page)
    page.get_by_role("navigation", name="Binder sections").get_by_role(
        "link", name="My data"
    ).click()
    expect(heading(page)).to_have_text("My data")
    audit(page)

    page.get_by_role("link", name="Track something new").click()
    expect(heading(page)).to_have_text("Track something new")
    audit(page)
    page.get_by_label("What I measure", exact=True).fill("Reading level")
    page.get_by_label("Unit").fill("level")
    page.get_by_label("Goal").fill("18")
    page.get_by_role("button", name="Start tracking").click()
    expect(heading(page)).to_have_text("Reading level")
    expect_message(page, "Now enter the first value.")
    audit(page)

    values = page.get_by_role("region", name="Values").get_by_role("row")
    for count, (day, value) in enumerate(readings, start=1):
        entry = page.get_by_role("region", name="Add a value")
        entry.get_by_label("Date", exact=True).fill(day.isoformat())
        entry.get_by_label("Value", exact=True).fill(value)
        entry.get_by_role("button", name="Add", exact=True).click()
        expect(values).to_have_count(count + 1)  # and the header row
    audit(page)

    chart = page.get_by_role("img", name="Reading level")
    bars = chart.locator("g rect")
    expect(bars).to_have_count(len(readings))
    expect(chart.locator("line[stroke-dasharray]")).to_have_count(1)  # the goal line
    expect(chart).to_contain_text("Goal: 18")
    heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(len(readings))]
    assert heights == sorted(heights)
    assert heights[0] > 0
    measure = Measure.objects.get(student=ava)
    assert (measure.name, measure.unit, measure.goal) == ("Reading level", "level", 18)
    assert [(p.on, str(p.value)) for p in measure.points.order_by("on")] == [
        (day, f"{value}.00") for day, value in readings
    ]

    page.get_by_role("link", name="My data").click()
    expect(heading(page)).to_have_text("My data")
    card = page.get_by_role("article", name="Reading level")
    expect(card.get_by_role("img", name="Reading level").locator("g rect")).to_have_count(4)
    expect(card).to_contain_text("Latest: 17 level · Goal: 18")
    audit(page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "reading-chart")


def jpeg(path: Path) -> Path:
    """A photo of a model bridge, as a phone would send it."""
    picture = Image.new("RGB", (1200, 900), (135, 190, 235))
    drawing = ImageDraw.Draw(picture)
    drawing.rectangle((0, 620, 1200, 900), fill=(70, 140, 70))
    drawing.polygon([(150, 620), (600, 300), (1050, 620)], outline=(120, 70, 30), width=18)
    drawing.line((150, 620, 1050, 620), fill=(120, 70, 30), width=24)
    picture.save(path, "JPEG", quality=85)
    return path


def test_eighth_grader_uploads_a_photo_reflects_in_two_languages_and_sets_a_goal(
    page: Page, cast: Cast, media_root: Path, tmp_path: Path
) -> None:
    camila = student_with_password(
        cast, "Camila", "Reyes", 8, "camilar088", advisory=cast.outsider_advisory
    )
    rosa = Guardian.objects.create(
        first_name="Rosa", last_name="Reyes", email="rosa@example.com", home_language="es"
    )
    StudentGuardian.objects.create(student=camila, guardian=rosa, relationship="mother")
    photo = jpeg(tmp_path / "IMG_2041.jpg")

    sign_in_with_password(page, "camilar088")
    expect(heading(page)).to_have_text("Hi, Camila!")
    audit(page)
    page.get_by_role("link", name="My binder").click()
    expect(heading(page)).to_contain_text("Camila's binder")
    audit(page)

    page.get_by_role("link", name="Add work").click()
    expect(heading(page)).to_have_text("What do you want to add?")
    audit(page)
    page.get_by_role("link", name=re.compile("Take a picture of your work")).click()
    expect(heading(page)).to_have_text("Add: Photo")
    audit(page)
    page.get_by_label("Take a photo").set_input_files(photo)
    # The first of the two sides (the second is for another language).
    page.get_by_role("textbox", name="Title", exact=True).first.fill("My truss bridge")
    page.get_by_label("About this work (optional)").fill("A bridge of 200 straws.")
    page.get_by_role("button", name="Add to my binder").click()
    expect_message(page, "Your work is in your binder.")
    expect(heading(page)).to_have_text("My truss bridge")
    picture = page.get_by_role("img", name="My truss bridge")
    expect(picture).to_be_visible()
    assert picture_width(picture) == THUMBNAIL_SIDE  # the page shows the small copy
    audit(page)
    piece = Artifact.objects.get(student=camila)
    assert (piece.kind, piece.content_type) == (Artifact.Kind.PHOTO, "image/jpeg")
    assert stored(piece.file.name)
    assert stored(piece.thumbnail.name)
    assert "IMG_2041" not in str(piece.file.name)  # stored under a name of its own

    page.get_by_role("link", name="Camila's binder").click()
    tile = page.locator(".work-tile", has_text="My truss bridge")
    expect(tile).to_contain_text("Waiting for approval")
    thumbnail = tile.locator("img")  # beside its title, so it says nothing itself (alt="")
    expect(thumbnail).to_have_attribute("src", re.compile(r"/thumbnail/"))
    thumbnail.scroll_into_view_if_needed()
    assert picture_width(thumbnail) == THUMBNAIL_SIDE
    audit(page)

    # The reflection, in English for her teacher and in Spanish for her mother.
    tile.get_by_role("link").click()
    expect(heading(page)).to_have_text("My truss bridge")
    page.get_by_role("link", name="Reflect on this work").click()
    expect(heading(page)).to_have_text("Think about your work")
    audit(page)
    page.get_by_label("Also in another language").select_option(label="Spanish")
    learned = page.get_by_role("group", name="What did I learn?")
    learned.get_by_label("My answer", exact=True).fill("Triangles make a bridge strong.")
    learned.get_by_label("My answer in the second language").fill(
        "Los triángulos hacen fuerte un puente."
    )
    hard = page.get_by_role("group", name="What was hard?")
    hard.get_by_label("My answer", exact=True).fill("Gluing the joints.")
    hard.get_by_label("My answer in the second language").fill("Pegar las uniones.")
    page.get_by_role("button", name="Save my reflection").click()
    expect_message(page, "Your reflection is saved.")
    # Side by side, each in its language.
    shown = page.get_by_role("region", name="Reflection")
    english = shown.get_by_text("Triangles make a bridge strong.")
    spanish = shown.get_by_text("Los triángulos hacen fuerte un puente.")
    expect(english).to_have_attribute("lang", "en")
    expect(spanish).to_have_attribute("lang", "es")
    english_box, spanish_box = english.bounding_box(), spanish.bounding_box()
    assert english_box
    assert spanish_box
    assert english_box["y"] == spanish_box["y"]
    audit(page)
    answers = {r.prompt: r for r in Reflection.objects.filter(artifact=piece)}
    assert set(answers) == {"learned", "hard"}
    learned_row = answers["learned"]
    assert (learned_row.text, learned_row.text_2) == (
        "Triangles make a bridge strong.",
        "Los triángulos hacen fuerte un puente.",
    )
    assert (learned_row.language, learned_row.language_2) == ("en", "es")

    # A goal with two next steps, in both languages.
    page.get_by_role("link", name="Camila's binder").click()
    page.get_by_role("navigation", name="Binder sections").get_by_role(
        "link", name="My goals"
    ).click()
    expect(heading(page)).to_have_text("My goals")
    audit(page)
    page.get_by_role("link", name="Set a goal").click()
    expect(heading(page)).to_have_text("Set a goal")
    audit(page)
    page.get_by_label("My goal (English)").fill("Explain my designs clearly")
    page.get_by_label("My goal (Spanish)").fill("Explicar mis diseños con claridad")
    page.get_by_label("Why it matters (English)").fill("Engineers share their ideas.")
    steps = [
        ("Sketch the next bridge before building", "Dibujar el próximo puente", 14),
        ("Present it to my advisory", "Presentarlo a mi grupo", 30),
    ]
    for number, (text, text_2, days) in enumerate(steps, start=1):
        step = page.get_by_role("group", name=f"Step {number}")
        step.get_by_label("Next step (English)").fill(text)
        step.get_by_label("Next step (Spanish)").fill(text_2)
        step.get_by_label("By").fill((timezone.localdate() + dt.timedelta(days=days)).isoformat())
    page.get_by_role("group", name="Work that shows my progress").get_by_label(
        "My truss bridge"
    ).check()
    page.get_by_role("button", name="Set my goal").click()
    expect_message(page, "Your goal is set.")
    goal_card = page.get_by_role("article", name=re.compile("Explain my designs clearly"))
    expect(goal_card.locator(".step")).to_have_count(2)
    expect(goal_card.get_by_role("link", name="My truss bridge")).to_be_visible()
    audit(page)
    goal = Goal.objects.get(student=camila)
    assert (goal.title, goal.title_2, goal.language_2) == (
        "Explain my designs clearly",
        "Explicar mis diseños con claridad",
        "es",
    )
    assert [(s.text, s.text_2) for s in goal.steps.order_by("due_on")] == [
        (text, text_2) for text, text_2, _days in steps
    ]
    assert list(goal.artifacts.all()) == [piece]


def test_advisor_approves_two_pieces_of_work_for_the_family(page: Page, cast: Cast) -> None:
    mateo = cast.student
    volcano = work(mateo, "My volcano report", days_ago=3)
    fractions = work(mateo, "Fractions poster", days_ago=2)
    draft = work(mateo, "Draft of my speech", days_ago=1)

    sign_in_with_password(page, "rivera")
    advisory = page.get_by_role("region", name=re.compile("4R"))
    expect(advisory).to_be_visible()
    audit(page)
    advisory.get_by_role("link", name="4R").click()
    expect(heading(page)).to_contain_text("4R")
    audit(page)
    page.get_by_role("link", name="Work waiting for approval").click()
    expect(heading(page)).to_contain_text("3 waiting")
    audit(page)

    # One from the queue, in place...
    page.get_by_role("button", name="Approve for the family · Fractions poster").click()
    expect(
        page.get_by_role("button", name="Take the approval back · Fractions poster")
    ).to_be_visible()
    audit(page)
    # ...and one after reading it.
    page.get_by_role("link", name="My volcano report").click()
    expect(heading(page)).to_have_text("My volcano report")
    audit(page)
    page.get_by_role("button", name="Approve for the family · My volcano report").click()
    expect(page.locator(".approval")).to_contain_text("The family can see it.")
    audit(page)

    page.go_back()
    page.reload()
    expect(heading(page)).to_contain_text("1 waiting")
    expect(page.get_by_role("link", name="Draft of my speech")).to_be_visible()
    audit(page)

    approved = Artifact.objects.approved()
    assert set(approved.values_list("pk", flat=True)) == {volcano.pk, fractions.pk}
    assert {a.approved_by for a in approved} == {cast.advisor.user}
    draft.refresh_from_db()
    assert draft.approved_at is None


def test_guardian_on_her_phone_sees_only_the_approved_work_of_her_child(
    phone: Page, cast: Cast, mailoutbox: list[EmailMessage]
) -> None:
    rivera = cast.advisor.user
    volcano = work(cast.student, "My volcano report", approved_by=rivera, days_ago=3)
    poster = work(cast.student, "Fractions poster", approved_by=rivera, days_ago=2)
    draft = work(cast.student, "Draft of my speech", days_ago=1)
    theirs = work(
        cast.other_student, "Linh's comic strip", approved_by=cast.outsider_advisor.user, days_ago=1
    )

    phone.goto(reverse("accounts:signin"))
    audit(phone)
    phone.get_by_label("Your e-mail address").fill("sofia.garcia@example.com")
    phone.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(heading(phone)).to_have_text("Check your e-mail")
    audit(phone)
    phone.goto(link_path(mailoutbox[0]))
    audit(phone)
    phone.get_by_role("main").get_by_role("button").click()
    expect(phone.get_by_role("main").get_by_role("heading", level=2).first).to_have_text(
        "Mateo García"
    )
    audit(phone)

    binder = reverse("binder:binder", args=[cast.student.pk])
    phone.locator(f"a[href='{binder}']").click()
    expect(phone).to_have_url(re.compile(f"{binder}$"))
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    titles = phone.locator(".work-grid .work-title")
    expect(titles).to_have_text([poster.title, volcano.title])  # newest first
    expect(phone.get_by_text(draft.title)).to_have_count(0)
    expect(phone.get_by_text(theirs.title)).to_have_count(0)
    audit(phone)
    screenshot(phone, "guardian-binder-phone")

    phone.get_by_role("link", name=poster.title).click()
    expect(heading(phone)).to_have_text(poster.title)
    expect(phone.locator(".approval")).to_have_count(0)  # no review controls for the family
    audit(phone)

    # What she may not see answers like what does not exist.
    with translation.override("es"):
        not_found = translation.gettext("Not found")
    for hidden in (draft, theirs):
        response = phone.goto(reverse("binder:work", args=[hidden.pk]))
        assert response is not None
        assert response.status == 404
        expect(heading(phone)).to_have_text(not_found)
        expect(phone.get_by_text(hidden.title)).to_have_count(0)
        audit(phone)
