"""After the conference: the summary page and PDF, sending it to the family, and feedback."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from podium.accounts.models import User
from podium.binder.models import DataPoint, Goal, GoalStep, GradeBand, Measure
from podium.conferences import actions
from podium.conferences.models import (
    AgendaTemplate,
    Attendance,
    Booking,
    Conference,
    FamilyInput,
    Feedback,
    Note,
    Plan,
    PlanSection,
)
from podium.conferences.pdf import summary_pdf
from podium.outreach.models import Message
from podium.outreach.sending import send_due
from podium.roster.models import Guardian, StudentGuardian
from tests.cast import Cast
from tests.conferences.world import World, make_world

GOAL_EN = "Read for 20 minutes every night"
GOAL_ES = "Leer 20 minutos cada noche"
STEP_EN = "Choose a chapter book at the library"
STEP_ES = "Escoger un libro de capítulos en la biblioteca"
COMMITMENT_ES = "Leeré con Mateo después de la cena"
COMMITMENT_EN = "I will ask Mateo about his book at dinner"
SHARED_NOTE = "Mateo explained his fraction strategies clearly."
PRIVATE_NOTE = "Check whether the reading support referral went through."

ARABIC = "سأقرأ كل ليلة مع عائلتي"
CHINESE = "我每天晚上读书二十分钟"
VIETNAMESE = "Tôi sẽ luyện đọc mỗi tối với bố mẹ"


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def client_for(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def book(cast: Cast, world: World, student: Any = None, advisor: Any = None) -> Booking:
    student = student or cast.student
    guardian = cast.guardian if student in (cast.student, cast.sibling) else cast.other_guardian
    assert guardian.user is not None
    return actions.book(
        student=student,
        slot=world.slot_at(advisor or cast.advisor, world.evening, 17),
        by=guardian.user,
        guardian=guardian,
    )


def hold(
    cast: Cast,
    world: World,
    *,
    outcome: str = Conference.Outcome.HELD,
    goal: tuple[str, str, str, str] = (GOAL_EN, "en", GOAL_ES, "es"),
    step: tuple[str, str] = (STEP_EN, STEP_ES),
    commitments: tuple[tuple[str, str], ...] = ((COMMITMENT_ES, "es"), (COMMITMENT_EN, "en")),
) -> Conference:
    """Mateo's conference, held: a plan with a new goal and a reviewed one, data, input, notes."""
    booking = book(cast, world)
    student = cast.student
    agenda = AgendaTemplate.for_band(cast.school, GradeBand.of(student.grade))
    plan = Plan.objects.create(cycle=world.cycle, student=student, agenda=agenda)
    title, language, title_2, language_2 = goal
    new = Goal.objects.create(
        student=student, title=title, language=language, title_2=title_2, language_2=language_2
    )
    GoalStep.objects.create(goal=new, text=step[0], text_2=step[1])
    old = Goal.objects.create(
        student=student,
        title="Learn my times tables",
        status=Goal.Status.MET,
        review="I know them up to 10 now.",
        reviewed_at=timezone.now(),
    )
    plan.goals.add(new, old)
    measure = Measure.objects.create(student=student, name="Words per minute", unit="wpm", goal=100)
    for day, value in ((1, 62), (20, 75), (40, 88)):
        DataPoint.objects.create(measure=measure, on=dt.date(2026, 9, day % 28 + 1), value=value)
    data = PlanSection.objects.create(
        plan=plan, section=agenda.sections.get(kind="data"), text="My reading got faster."
    )
    data.measures.add(measure)
    slot = booking.slot
    conference = Conference.objects.create(
        booking=booking,
        plan=plan,
        outcome=outcome,
        started_at=slot.starts_at if outcome == Conference.Outcome.HELD else None,
        ended_at=slot.ends_at if outcome == Conference.Outcome.HELD else None,
    )
    Attendance.objects.create(
        conference=conference,
        kind=Attendance.Kind.GUARDIAN,
        guardian=cast.guardian,
        name=cast.guardian.full_name,
    )
    for text, lang in commitments:
        FamilyInput.objects.create(
            conference=conference, guardian=cast.guardian, text=text, language=lang
        )
    FamilyInput.objects.create(
        conference=conference,
        kind=FamilyInput.Kind.QUESTION,
        text="¿Cómo puedo ayudar con las fracciones?",
        language="es",
    )
    assert cast.advisor.user is not None
    Note.objects.create(
        conference=conference, author=cast.advisor.user, text=SHARED_NOTE, shared=True
    )
    Note.objects.create(conference=conference, author=cast.advisor.user, text=PRIVATE_NOTE)
    return conference


def page(client: Client, name: str, conference: Conference) -> Any:
    return client.get(reverse(f"conferences:{name}", args=[conference.booking_id]))


def text_of(response: Any) -> str:
    return str(response.content.decode())


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the page ------------------------------------------------------------------------------


def test_guardian_reads_the_summary_in_spanish_with_both_languages_and_only_shared_notes(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    response = page(client_for(cast.guardian.user), "summary", conference)
    assert response.status_code == 200
    body = text_of(response)
    assert '<html lang="es"' in body
    assert GOAL_EN in body
    assert GOAL_ES in body
    assert 'lang="en" dir="ltr"' in body
    assert 'lang="es" dir="ltr"' in body
    assert 'class="two-languages"' in body
    assert STEP_EN in body
    assert STEP_ES in body
    assert COMMITMENT_ES in body
    assert COMMITMENT_EN in body
    assert "Learn my times tables" in body
    assert SHARED_NOTE in body
    assert PRIVATE_NOTE not in body
    assert "<svg" in body
    assert reverse("conferences:feedback", args=[conference.booking_id]) in body
    assert reverse("conferences:summary_send", args=[conference.booking_id]) not in body


def test_advisor_reads_the_private_notes_and_who_wants_time_alone_next_time(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    Feedback.objects.create(
        conference=conference,
        guardian=cast.guardian,
        time_well_spent=Feedback.Answer.YES,
        heard_enough_from_teacher=Feedback.Answer.SOMEWHAT,
        wants_private_time=True,
        comment="Gracias",
    )
    response = page(client_for(cast.advisor.user), "summary", conference)
    assert response.status_code == 200
    body = text_of(response)
    assert SHARED_NOTE in body
    assert PRIVATE_NOTE in body
    assert "Sofía García would like time alone with the teacher next time." in body
    assert "Gracias" in body
    assert reverse("conferences:summary_send", args=[conference.booking_id]) in body


def test_the_student_reads_their_summary_without_private_notes(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    response = page(client_for(cast.student.user), "summary", conference)
    assert response.status_code == 200
    assert GOAL_EN in text_of(response)
    assert PRIVATE_NOTE not in text_of(response)


@pytest.mark.parametrize(
    "who",
    ["other_guardian", "outsider_advisor", "sibling_advisor", "interpreter", "other_school_admin"],
)
def test_people_outside_the_conference_cannot_see_its_summary(
    cast: Cast, world: World, who: str
) -> None:
    conference = hold(cast, world)
    person = getattr(cast, who)
    client = client_for(person.user)
    for name in ("summary", "summary_pdf", "feedback"):
        assert page(client, name, conference).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    response = page(Client(), "summary", conference)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"] or "login" in response["Location"]


def test_summary_rejects_post(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    url = reverse("conferences:summary", args=[conference.booking_id])
    assert client_for(cast.guardian.user).post(url).status_code == 405


def test_a_conference_not_held_yet_says_so_to_the_family_and_has_no_pdf(
    cast: Cast, world: World
) -> None:
    booking = book(cast, world)
    guardian = client_for(cast.guardian.user)
    response = guardian.get(reverse("conferences:summary", args=[booking.pk]))
    assert response.status_code == 200
    assert GOAL_EN not in text_of(response)
    assert 'role="status"' in text_of(response)
    assert guardian.get(reverse("conferences:summary_pdf", args=[booking.pk])).status_code == 404


def test_staff_preview_a_summary_before_the_outcome_but_the_family_waits(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world, outcome="")
    assert GOAL_EN in text_of(page(client_for(cast.advisor.user), "summary", conference))
    family = text_of(page(client_for(cast.guardian.user), "summary", conference))
    assert GOAL_EN not in family
    assert SHARED_NOTE not in family


def test_a_no_show_has_no_summary(cast: Cast, world: World) -> None:
    conference = hold(cast, world, outcome=Conference.Outcome.NO_SHOW)
    body = text_of(page(client_for(cast.advisor.user), "summary", conference))
    assert GOAL_EN not in body


def test_the_guardians_home_and_the_booking_page_link_to_the_summary(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    client = client_for(cast.guardian.user)
    summary_url = reverse("conferences:summary", args=[conference.booking_id])
    feedback_url = reverse("conferences:feedback", args=[conference.booking_id])
    home = text_of(client.get("/"))
    assert summary_url in home
    assert feedback_url in home
    booking = text_of(client.get(reverse("conferences:booking", args=[conference.booking_id])))
    assert summary_url in booking
    assert feedback_url in booking


# --- the PDF -------------------------------------------------------------------------------


def test_the_pdf_holds_the_goals_and_the_commitments_in_both_languages(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    response = page(client_for(cast.guardian.user), "summary_pdf", conference)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "conference-summary-mateo-" in response["Content-Disposition"]
    text = squashed(pdf_text(response.content))
    for expected in (GOAL_EN, GOAL_ES, STEP_EN, STEP_ES, COMMITMENT_ES, COMMITMENT_EN, SHARED_NOTE):
        assert squashed(expected) in text
    assert squashed(PRIVATE_NOTE) not in text


def test_staff_get_the_familys_pdf_without_private_notes(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    url = reverse("conferences:summary_pdf", args=[conference.booking_id])
    response = client_for(cast.advisor.user).get(url + "?language=es")
    assert response.status_code == 200
    assert squashed(PRIVATE_NOTE) not in squashed(pdf_text(response.content))


def drawable_characters(pdf: bytes) -> set[str]:
    """Every character the PDF's fonts map back to a glyph that has an outline."""
    reader = PdfReader(io.BytesIO(pdf))
    found: set[str] = set()
    for pdf_page in reader.pages:
        fonts: Any = pdf_page["/Resources"]["/Font"]  # type: ignore[index]
        for ref in fonts.values():
            font: Any = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            stream = next(
                descriptor[key] for key in ("/FontFile2", "/FontFile3") if key in descriptor
            )
            # TrueType (FontFile2), or OpenType with CFF outlines (FontFile3, /OpenType).
            data = stream.get_object().get_data()
            embedded = TTFont(io.BytesIO(data))
            glyphs = embedded.getGlyphSet()
            order = embedded.getGlyphOrder()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for gid_hex, text_hex in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap):
                gid = int(gid_hex, 16)
                if gid == 0 or gid >= len(order):
                    continue
                pen = BoundsPen(glyphs)
                glyphs[order[gid]].draw(pen)
                if pen.bounds is None:
                    continue
                found.update(bytes.fromhex(text_hex).decode("utf-16-be"))
    return found


def test_arabic_chinese_and_vietnamese_render_with_a_glyph_for_every_character(
    cast: Cast, world: World
) -> None:
    conference = hold(
        cast,
        world,
        goal=(CHINESE, "zh-hans", ARABIC, "ar"),
        step=(VIETNAMESE, ARABIC),
        commitments=((VIETNAMESE, "vi"), (ARABIC, "ar"), (CHINESE, "zh-hans")),
    )
    pdf = summary_pdf(conference, language="ar")
    text = pdf_text(pdf)
    assert CHINESE in text
    assert squashed(VIETNAMESE) in squashed(text)
    drawable = drawable_characters(pdf)
    wanted = set(squashed(ARABIC + CHINESE + VIETNAMESE))
    assert wanted - drawable == set()


def test_a_summary_pdf_renders_well_under_a_second(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    summary_pdf(conference, language="es")  # fonts found and loaded once per process
    started = time.perf_counter()
    summary_pdf(conference, language="es")
    # A generous bound for a loaded test machine; `make bench-pdf` measures the real figure.
    assert time.perf_counter() - started < 2.0


# --- sending -------------------------------------------------------------------------------


def add_english_father_and_an_uncle_without_email(cast: Cast) -> Guardian:
    father = Guardian.objects.create(
        first_name="Luis", last_name="García", email="luis.garcia@example.com", home_language="en"
    )
    StudentGuardian.objects.create(student=cast.student, guardian=father, relationship="father")
    uncle = Guardian.objects.create(first_name="Tomás", last_name="García", home_language="es")
    StudentGuardian.objects.create(student=cast.student, guardian=uncle, relationship="other")
    return father


def send(client: Client, conference: Conference, **data: str) -> Any:
    return client.post(reverse("conferences:summary_send", args=[conference.booking_id]), data)


def test_sending_queues_one_summary_per_guardian_with_an_email_in_their_language(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    father = add_english_father_and_an_uncle_without_email(cast)
    Message.objects.all().delete()
    mail.outbox.clear()

    response = send(client_for(cast.advisor.user), conference)
    assert response.status_code == 302
    summaries = Message.objects.filter(kind=Message.Kind.SUMMARY)
    assert sorted((m.to, m.language) for m in summaries) == [
        ("luis.garcia@example.com", "en"),
        ("sofia.garcia@example.com", "es"),
    ]
    conference.refresh_from_db()
    assert conference.summary_sent_at is not None

    assert send_due() == (2, 0)
    by_address = {email.to[0]: email for email in mail.outbox}
    sofia = by_address["sofia.garcia@example.com"]
    assert isinstance(sofia, EmailMultiAlternatives)
    assert "Mateo" in sofia.subject
    assert "Hola, Sofía" in str(sofia.body)
    assert reverse("conferences:summary", args=[conference.booking_id]) in str(sofia.body)
    assert reverse("conferences:feedback", args=[conference.booking_id]) in str(sofia.body)
    assert 'lang="es"' in str(sofia.alternatives[0][0])
    [(filename, pdf, mimetype)] = [a for a in sofia.attachments if isinstance(a, tuple)]
    assert mimetype == "application/pdf"
    assert filename.startswith("conference-summary-mateo-")
    assert filename.endswith(".pdf")
    text = squashed(pdf_text(pdf))
    for expected in (GOAL_EN, GOAL_ES, COMMITMENT_ES, COMMITMENT_EN):
        assert squashed(expected) in text
    assert squashed(PRIVATE_NOTE) not in text
    luis = by_address[father.email]
    assert "Hello Luis" in str(luis.body)


def test_the_pdf_is_drawn_when_the_email_is_sent_not_when_it_is_queued(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    send(client_for(cast.advisor.user), conference)
    FamilyInput.objects.create(
        conference=conference, text="Llamaré a la maestra en enero", language="es"
    )
    mail.outbox.clear()
    send_due()
    [(_name, pdf, _type)] = [
        a for email in mail.outbox for a in email.attachments if isinstance(a, tuple)
    ]
    assert squashed("Llamaré a la maestra en enero") in squashed(pdf_text(pdf))


def test_sending_twice_must_be_asked_for_and_replaces_what_still_waits(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    advisor = client_for(cast.advisor.user)
    send(advisor, conference)
    assert Message.objects.filter(kind="summary").count() == 1

    response = send(advisor, conference)
    assert response.status_code == 302
    assert Message.objects.filter(kind="summary").count() == 1
    followed = advisor.get(response["Location"])
    assert "already sent" in text_of(followed)

    send(advisor, conference, again="1")
    assert Message.objects.filter(kind="summary", status="pending").count() == 1
    assert Message.objects.filter(kind="summary", status="withdrawn").count() == 1


def test_only_staff_of_the_student_send_the_summary_and_only_by_post(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    for person in (cast.guardian, cast.student, cast.outsider_advisor, cast.interpreter):
        assert send(client_for(person.user), conference).status_code == 404
    url = reverse("conferences:summary_send", args=[conference.booking_id])
    assert client_for(cast.advisor.user).get(url).status_code == 405
    assert not Message.objects.filter(kind="summary").exists()


def test_a_conference_not_held_is_not_sent(cast: Cast, world: World) -> None:
    conference = hold(cast, world, outcome=Conference.Outcome.NO_SHOW)
    send(client_for(cast.advisor.user), conference)
    assert not Message.objects.filter(kind="summary").exists()
    conference.refresh_from_db()
    assert conference.summary_sent_at is None


def test_the_booking_emails_still_go_out_next_to_summaries(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    send(client_for(cast.advisor.user), conference)
    _sent, failed = send_due()
    assert failed == 0
    kinds = {email.subject.split(":")[0] for email in mail.outbox}
    assert len(kinds) >= 2
    calendars = [a for email in mail.outbox for a in email.attachments if not isinstance(a, tuple)]
    assert calendars, "the confirmation keeps its calendar file"


# --- feedback ------------------------------------------------------------------------------

GOOD = {"time_well_spent": "3", "heard_enough_from_teacher": "2", "wants_private_time": "yes"}


def test_guardian_leaves_feedback_once_and_a_second_visit_changes_it(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    client = client_for(cast.guardian.user)
    url = reverse("conferences:feedback", args=[conference.booking_id])
    form = client.get(url)
    assert form.status_code == 200
    assert 'type="radio"' in text_of(form)

    response = client.post(url, GOOD | {"comment": "  Muy útil  "})
    assert response.status_code == 302
    answer = Feedback.objects.get()
    assert (answer.guardian, answer.time_well_spent, answer.wants_private_time) == (
        cast.guardian,
        3,
        True,
    )
    assert answer.comment == "Muy útil"

    again = client.get(url)
    assert "checked" in text_of(again)
    client.post(url, GOOD | {"wants_private_time": "no", "time_well_spent": "1"})
    answer = Feedback.objects.get()
    assert (answer.time_well_spent, answer.wants_private_time) == (1, False)


def test_feedback_with_missing_or_bad_answers_says_so_and_saves_nothing(
    cast: Cast, world: World
) -> None:
    conference = hold(cast, world)
    client = client_for(cast.guardian.user)
    url = reverse("conferences:feedback", args=[conference.booking_id])
    response = client.post(url, {"time_well_spent": "7", "wants_private_time": "maybe"})
    assert response.status_code == 400
    body = text_of(response)
    assert 'role="alert"' in body
    assert body.count('class="error"') >= 3
    assert '<html lang="es"' in body
    too_long = client.post(url, GOOD | {"comment": "x" * 2001})
    assert too_long.status_code == 400
    assert not Feedback.objects.exists()


def test_only_the_students_guardians_give_feedback(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    url = reverse("conferences:feedback", args=[conference.booking_id])
    for person in (cast.student, cast.advisor, cast.school_admin, cast.other_guardian):
        client = client_for(person.user)
        assert client.get(url).status_code == 404
        assert client.post(url, GOOD).status_code == 404
    assert not Feedback.objects.exists()


def test_feedback_waits_until_the_conference_is_held(cast: Cast, world: World) -> None:
    booking = book(cast, world)
    client = client_for(cast.guardian.user)
    url = reverse("conferences:feedback", args=[booking.pk])
    assert client.get(url).status_code == 200
    client.post(url, GOOD)
    assert not Feedback.objects.exists()


def test_feedback_rejects_other_methods(cast: Cast, world: World) -> None:
    conference = hold(cast, world)
    url = reverse("conferences:feedback", args=[conference.booking_id])
    assert client_for(cast.guardian.user).put(url).status_code == 405


# --- the benchmark -------------------------------------------------------------------------


def test_the_pdf_benchmark_renders_every_held_conference_and_writes_its_figures(
    cast: Cast, world: World, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from bench import pdf as bench_pdf

    hold(cast, world)
    out = tmp_path / "pdf.json"
    assert bench_pdf.main(["--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["summaries"] == 1
    assert report["languages"] == {"es": 1}
    assert report["ms_per_pdf"]["max"] > 0
    assert "per second" in capsys.readouterr().out


def test_the_pdf_benchmark_fails_clearly_without_held_conferences(
    cast: Cast, world: World, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import pdf as bench_pdf

    hold(cast, world, outcome=Conference.Outcome.NO_SHOW)
    assert bench_pdf.main(["--out", str(tmp_path / "pdf.json")]) == 1
    assert "no held conference" in capsys.readouterr().err
    assert not (tmp_path / "pdf.json").exists()
