"""Conference day in a real browser, with the axe audit on every page.

Mateo (grade 5) prepares his conference from his binder, partly in Spanish
for his mother, and rehearses it against the timer; Ms. Rivera signs him off,
then runs the conference in presentation mode in Spanish for Sofía: the timer
records the sections and Sofía's commitment is typed on the last slide. The
summary e-mail reaches Sofía with a PDF holding the goals and the commitment
in both languages. Lupe's kindergarten deck shows her smiley faces and plays
her recorded voice.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from podium.accounts.models import SignInLink
from podium.binder import media
from podium.binder.demo import speak
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
from podium.conferences.models import Booking, Conference, FamilyInput, Plan, Rehearsal
from podium.conferences.planning import ensure_plan
from podium.outreach.sending import send_due
from tests.cast import Cast, make_cast
from tests.conferences.world import World, make_world
from tests.e2e.conftest import audit, screenshot, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOAL_EN = "Read twenty minutes every night"
GOAL_ES = "Leer veinte minutos cada noche"
COMMITMENT = "Voy a leer con Mateo cada noche antes de dormir."
# What Mateo says in each section: English for Ms. Rivera, Spanish for his mother.
SAYS: dict[str, tuple[str, str]] = {
    SectionKind.ENJOY: ("I enjoy science experiments.", "Me gustan los experimentos."),
    SectionKind.STRENGTHS: ("I explain my math clearly.", "Explico bien mis matemáticas."),
    SectionKind.CHALLENGES: ("Fractions are hard for me.", "Las fracciones son difíciles."),
    SectionKind.WORK: ("My water cycle poster.", "Mi cartel del ciclo del agua."),
    SectionKind.DATA: ("My reading level went up.", "Mi nivel de lectura subió."),
    SectionKind.GOALS: ("I want to read more.", "Quiero leer más."),
    SectionKind.HELP: ("Can you read with me?", "¿Pueden leer conmigo?"),
}


@pytest.fixture
def cast() -> Cast:
    cast = make_cast()
    cast.student.grade = 5
    cast.student.save(update_fields=["grade"])
    return cast


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def mateos_binder(cast: Cast) -> tuple[Artifact, Measure, Goal]:
    approved = timezone.now() - dt.timedelta(days=3)
    poster = Artifact.objects.create(
        student=cast.student,
        kind=Artifact.Kind.TEXT,
        title="Water cycle poster",
        text="Evaporation, condensation, precipitation.",
        approved_at=approved,
        approved_by=cast.advisor.user,
    )
    reading = Measure.objects.create(student=cast.student, name="Reading level", goal=30)
    for day, value in ((1, 18), (30, 22), (60, 26)):
        DataPoint.objects.create(
            measure=reading, on=dt.date(2026, 9, 1) + dt.timedelta(days=day), value=value
        )
    goal = Goal.objects.create(
        student=cast.student,
        title=GOAL_EN,
        title_2=GOAL_ES,
        language="en",
        language_2="es",
    )
    GoalStep.objects.create(goal=goal, text="A book by my bed", text_2="Un libro junto a mi cama")
    return poster, reading, goal


def sign_in_sofia(page: Page, cast: Cast) -> None:
    assert cast.guardian.user is not None
    page.goto(reverse("accounts:link", args=[SignInLink.issue(cast.guardian.user)]))
    page.get_by_role("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/$"))


def step_through(page: Page, slides: int, *, dwell_ms: int) -> None:
    """Go forward through the deck with the keyboard, staying a moment on each slide."""
    for _ in range(slides):
        page.wait_for_timeout(dwell_ms)
        page.keyboard.press("ArrowRight")


def test_a_fifth_grader_prepares_rehearses_and_leads_his_conference_in_spanish(
    page: Page, new_context: Any, cast: Cast, world: World, media_root: object
) -> None:
    poster, reading, goal = mateos_binder(cast)
    slot = world.slot_at(cast.advisor, world.first_day, 12, 30)
    booking = Booking.objects.create(
        cycle=world.cycle, slot=slot, student=cast.student, guardian=cast.guardian
    )

    # Mateo prepares every section from his home page's link.
    sign_in_with_password(page, "mateog041")
    plan_url = reverse("conferences:plan", args=[world.cycle.pk, cast.student.pk])
    page.locator(f"a[href='{plan_url}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(plan_url)))
    audit(page)
    plan = Plan.objects.get(student=cast.student, cycle=world.cycle)
    for row in plan.sections.select_related("section"):
        page.goto(reverse("conferences:plan_section", args=[plan.pk, row.pk]))
        english, spanish = SAYS[row.section.kind]
        page.locator("textarea[name='text']").fill(english)
        page.locator("select[name='language_2']").select_option("es")
        page.locator("textarea[name='text_2']").fill(spanish)
        if row.section.kind == SectionKind.WORK:
            page.locator(f"input[name='artifacts'][value='{poster.pk}']").check()
        if row.section.kind == SectionKind.DATA:
            page.locator(f"input[name='measures'][value='{reading.pk}']").check()
        if row.section.kind == SectionKind.WORK:
            audit(page)
        page.locator("form.plan-section-form button[type='submit']").click()
        expect(page).to_have_url(re.compile(re.escape(plan_url)))
    # The goal he set in his binder is the one he presents.
    page.goto(reverse("conferences:plan_goals", args=[plan.pk]))
    audit(page)
    page.locator(f"input[name='goals'][value='{goal.pk}']").check()
    page.locator("input[name='action'][value='choose'] ~ button[type='submit']").click()
    assert list(plan.goals.all()) == [goal]

    # Rehearsal: through every slide with the timer; the last slide saves the run.
    page.goto(reverse("conferences:rehearse", args=[plan.pk]))
    audit(page)
    slides = page.locator("[data-slide]").count()
    # A title slide, one per section, and the run's times to save at the end.
    assert slides == 2 + plan.agenda.sections.count()
    step_through(page, slides - 1, dwell_ms=1100)
    page.get_by_role("button", name="Save this run").click()
    expect(page).to_have_url(re.compile(r"/rehearse/\d+/"))
    audit(page)
    rehearsal = Rehearsal.objects.get(plan=plan)
    assert len(rehearsal.seconds) == plan.agenda.sections.count()
    assert rehearsal.total_seconds >= 1
    page.goto(plan_url)
    # Every item of the checklist is done; the sign-off is the advisor's.
    expect(page.locator(".checklist li.todo")).to_have_count(0)
    expect(page.locator(".checklist li.done")).not_to_have_count(0)

    # Ms. Rivera sees her advisory at a glance and signs Mateo off.
    advisor = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_with_password(advisor, "rivera")
    advisor.goto(reverse("conferences:readiness", args=[world.cycle.pk, cast.advisory.pk]))
    audit(advisor)
    expect(advisor.get_by_role("main")).to_contain_text("Mateo")
    advisor.goto(plan_url)
    advisor.locator("#sign-off button[type='submit']").click()
    plan.refresh_from_db()
    assert plan.is_ready
    assert plan.ready_by == cast.advisor.user

    # The conference, in presentation mode: the slides speak Sofía's language.
    advisor.goto(reverse("conferences:present", args=[booking.pk]))
    assert advisor.locator("html").get_attribute("lang") == "es"
    audit(advisor)
    said = advisor.locator(".slide-enjoy .said-side")
    expect(said.and_(advisor.locator("[lang='en']"))).to_contain_text(SAYS[SectionKind.ENJOY][0])
    expect(said.and_(advisor.locator("[lang='es']"))).to_contain_text(SAYS[SectionKind.ENJOY][1])
    step_through(advisor, advisor.locator("[data-slide]").count() - 1, dwell_ms=1200)
    help_slide = advisor.locator(".slide-help")
    expect(help_slide).to_be_visible()
    help_slide.locator("textarea[name='text']").fill(COMMITMENT)
    help_slide.locator("select[name='language']").select_option("es")
    help_slide.locator("button[type='submit']").click()
    expect(advisor.locator(".slide-help .commitment-list")).to_contain_text(COMMITMENT)
    screenshot(advisor, "conference-present")
    audit(advisor)

    conference = Conference.objects.get(booking=booking)
    times = {t.section.kind: t.seconds for t in conference.times.select_related("section")}
    # Every section before the last was shown for over a second; the timer recorded each.
    assert set(times) >= set(SAYS) - {SectionKind.HELP}
    assert all(seconds >= 1 for kind, seconds in times.items() if kind != SectionKind.HELP)
    assert conference.started_at is not None
    commitment = FamilyInput.objects.get(conference=conference)
    assert (commitment.text, commitment.language, commitment.guardian) == (
        COMMITMENT,
        "es",
        cast.guardian,
    )

    # The console: who came, the outcome, and the summary to the family.
    advisor.goto(reverse("conferences:run", args=[booking.pk]) + "?lang=en")
    audit(advisor)
    advisor.locator("#checkin input[type='checkbox']").first.check()
    advisor.locator("#checkin button[type='submit']").click()
    advisor.locator("#outcome input[value='held']").check()
    advisor.locator("#outcome button[type='submit']").click()
    conference.refresh_from_db()
    assert conference.outcome == Conference.Outcome.HELD
    assert conference.ended_at is not None
    assert conference.attendance.filter(guardian=cast.guardian).exists()
    advisor.locator("form.run-send button[type='submit']").click()
    expect(advisor.locator(".messages")).to_be_visible()

    # The outbox sends it: Spanish, with the PDF.
    mail.outbox.clear()
    sent, failed = send_due()
    assert (sent, failed) == (1, 0)
    (message,) = mail.outbox
    assert message.to == [cast.guardian.email]
    (attachment,) = message.attachments
    _filename, content, mimetype = attachment
    assert mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    for expected in (GOAL_EN, GOAL_ES, COMMITMENT):
        assert expected in text, (expected, text)

    # Sofía opens the summary from the e-mail and says how it went.
    family = new_context(viewport={"width": 390, "height": 844})
    sofia = family.new_page()
    sign_in_sofia(sofia, cast)
    summary = reverse("conferences:summary", args=[booking.pk])
    assert summary in str(message.body)
    sofia.goto(summary)
    assert sofia.locator("html").get_attribute("lang") == "es"
    expect(sofia.get_by_role("main")).to_contain_text(GOAL_ES)
    expect(sofia.get_by_role("main")).to_contain_text(COMMITMENT)
    audit(sofia)
    sofia.goto(reverse("conferences:feedback", args=[booking.pk]))
    audit(sofia)
    for name in ("time_well_spent", "heard_enough_from_teacher"):
        sofia.locator(f"label:has(input[name='{name}'][value='3'])").click()
    sofia.locator("label:has(input[name='wants_private_time'][value='yes'])").click()
    sofia.locator("form button[type='submit']").last.click()
    feedback = conference.feedback.get()
    assert (feedback.guardian, feedback.time_well_spent) == (cast.guardian, 3)
    assert feedback.wants_private_time


def test_a_kindergartners_deck_shows_her_faces_and_plays_her_voice(
    phone: Page, cast: Cast, world: World, media_root: object
) -> None:
    lupe = cast.sibling
    target = LearningTarget.objects.create(
        school=cast.school,
        subject=Subject.MATH,
        statement="I can count to 20",
        grade_from=0,
        grade_to=0,
    )
    rating = SelfAssessment.objects.create(
        student=lupe, target=target, band=GradeBand.K2, level=GradeBand.K2.top_level
    )
    plan = ensure_plan(cycle=world.cycle, student=lupe)
    data = plan.sections.get(section__kind=SectionKind.DATA)
    data.assessments.add(rating)
    enjoy = plan.sections.get(section__kind=SectionKind.ENJOY)
    checked = media.check_upload(
        ContentFile(speak(random.Random("lupe"), 5), name="voice.wav"),
        kind=Artifact.Kind.AUDIO,
    )
    enjoy.audio.save(f"voice{checked.extension}", checked.content)
    enjoy.audio_type, enjoy.audio_size = checked.content_type, checked.size
    enjoy.save()

    sign_in_sofia(phone, cast)
    phone.goto(reverse("conferences:deck", args=[plan.pk]))
    audit(phone)
    voice = phone.locator(".slide-enjoy audio")
    source = voice.get_attribute("src")
    assert source is not None
    answer = phone.request.get(source)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("audio/")
    assert len(answer.body()) == checked.size
    # The slide can play it: the browser reads its length.
    phone.keyboard.press("ArrowRight")
    expect(voice).to_be_visible()
    duration = voice.evaluate(
        "audio => new Promise(done => { audio.preload = 'metadata';"
        " audio.addEventListener('loadedmetadata', () => done(audio.duration)); audio.load(); })"
    )
    assert duration > 0.5
    audit(phone)

    # Her smiley face, on the data slide.
    slides = phone.locator("[data-slide]")
    data_slide = phone.locator(".slide-data")
    for _ in range(slides.count()):
        if data_slide.is_visible():
            break
        phone.keyboard.press("ArrowRight")
    expect(data_slide.locator(".deck-rating svg.face")).to_be_visible()
    expect(data_slide).to_contain_text("I can count to 20")
    screenshot(phone, "kindergarten-deck")
    audit(phone)
