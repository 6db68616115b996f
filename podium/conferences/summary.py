"""What a conference's summary shows, and sending it to the family.

One summary feeds the page in the family's portal, the PDF and the e-mail:
who came, the goals and next steps (new ones, and last cycle's looked back
on), what the family will do to help and asked, the teacher's notes, the
charts of the data the student showed, and the outcome. Interface words are
in the reader's language; what the student or the family wrote stays in the
language it was written in, both side by side where there are two, each piece
carrying its own language and direction (Arabic reads right to left).

Families read only the notes the teacher shared; staff also read the
private ones and the families' feedback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.safestring import SafeString

from podium.binder.charts import chart_svg
from podium.binder.models import DataPoint, Goal, GoalStep, Measure
from podium.conferences.agenda import SectionKind
from podium.conferences.models import (
    Attendance,
    Booking,
    Conference,
    FamilyInput,
    Feedback,
    Note,
    PlanSection,
)
from podium.conferences.texts import Said, said
from podium.outreach.models import Message, language_of, queue
from podium.roster.models import Guardian, Student


@dataclass(frozen=True)
class Step:
    text: list[Said]
    done: bool
    due_on: dt.date | None


@dataclass(frozen=True)
class GoalSummary:
    goal: Goal
    title: list[Said]
    why: list[Said]
    measured_by: list[Said]
    review: list[Said]
    steps: list[Step]


@dataclass(frozen=True)
class FamilyWords:
    """A commitment or a question from the family, in the language it was said in."""

    text: list[Said]
    by: str


def family_words(item: FamilyInput) -> FamilyWords:
    by = item.by or (item.guardian.full_name if item.guardian else "")
    return FamilyWords(text=said(item.text, item.language), by=by)


@dataclass(frozen=True)
class Chart:
    measure: Measure
    name: list[Said]
    svg: SafeString


@dataclass
class Summary:
    conference: Conference
    booking: Booking
    student: Student
    advisor_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    attendance: list[Attendance]
    new_goals: list[GoalSummary]
    reviewed_goals: list[GoalSummary]
    commitments: list[FamilyWords]
    questions: list[FamilyWords]
    notes: list[Note]
    charts: list[Chart]
    # For staff only: the private notes and what families answered afterwards.
    private_notes: list[Note] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)

    @property
    def is_held(self) -> bool:
        return self.conference.is_held

    @property
    def wants_private_time(self) -> list[Guardian]:
        return [answer.guardian for answer in self.feedback if answer.wants_private_time]

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_goals
            or self.reviewed_goals
            or self.commitments
            or self.questions
            or self.notes
            or self.charts
        )


def summarize(goal: Goal) -> GoalSummary:
    lang, lang_2 = goal.language, goal.language_2
    return GoalSummary(
        goal=goal,
        title=said(goal.title, lang, goal.title_2, lang_2),
        why=said(goal.why, lang, goal.why_2, lang_2),
        measured_by=said(goal.measured_by, lang, goal.measured_by_2, lang_2),
        review=said(goal.review, lang, goal.review_2, lang_2),
        steps=[
            Step(
                text=said(step.text, lang, step.text_2, lang_2),
                done=step.done_at is not None,
                due_on=step.due_on,
            )
            for step in goal.steps.all()
        ],
    )


def charts_for(conference: Conference, student: Student) -> list[Chart]:
    """The charts of the measures the student showed in the plan's data sections."""
    if conference.plan_id is None:
        return []
    sections = (
        PlanSection.objects.filter(plan_id=conference.plan_id, section__kind=SectionKind.DATA)
        .order_by("section__position", "pk")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.prefetch_related(
                    Prefetch("points", queryset=DataPoint.objects.order_by("on"))
                ),
            )
        )
    )
    charts: list[Chart] = []
    seen: set[int] = set()
    for section in sections:
        for measure in section.measures.all():
            if measure.pk in seen or measure.student_id != student.pk:
                continue
            seen.add(measure.pk)
            charts.append(
                Chart(
                    measure=measure,
                    name=said(measure.name, measure.language, measure.name_2, measure.language_2),
                    svg=chart_svg(
                        measure,
                        list(measure.points.all()),
                        student.grade,
                        chart_id=f"summary-chart-{measure.pk}",
                    ),
                )
            )
    return charts


def build_summary(conference: Conference, *, for_staff: bool = False) -> Summary:
    """The summary of `conference`, as families read it, or with what only staff read.

    Call it with the reader's language active: the charts' words are drawn in it.
    """
    booking = (
        Booking.objects.select_related("student__school", "slot__advisor", "cycle__school")
        .filter(pk=conference.booking_id)
        .get()
    )
    student = booking.student
    goals: list[Goal] = []
    if conference.plan_id is not None:
        goals = list(
            Goal.objects.filter(plans=conference.plan_id, student=student)
            .prefetch_related(Prefetch("steps", queryset=GoalStep.objects.order_by("due_on", "pk")))
            .order_by("created_at", "pk")
        )
    notes = list(conference.notes.select_related("author"))
    inputs = list(conference.inputs.select_related("guardian"))
    summary = Summary(
        conference=conference,
        booking=booking,
        student=student,
        advisor_name=booking.slot.advisor.display_name,
        starts_at=conference.started_at or booking.slot.starts_at,
        ends_at=conference.ended_at or booking.slot.ends_at,
        attendance=list(conference.attendance.all()),
        new_goals=[summarize(goal) for goal in goals if goal.is_active],
        reviewed_goals=[summarize(goal) for goal in goals if not goal.is_active],
        commitments=[family_words(i) for i in inputs if i.kind == FamilyInput.Kind.COMMITMENT],
        questions=[family_words(i) for i in inputs if i.kind == FamilyInput.Kind.QUESTION],
        notes=[note for note in notes if note.shared],
        charts=charts_for(conference, student),
    )
    if for_staff:
        summary.private_notes = [note for note in notes if not note.shared]
        summary.feedback = list(conference.feedback.select_related("guardian"))
    return summary


def conference_of(booking: Booking) -> Conference | None:
    return Conference.objects.filter(booking=booking).select_related("plan").first()


# --- sending ----------------------------------------------------------------------------


class AlreadySent(Exception):
    """The summary went out before; sending it again has to be asked for."""


def summary_topic(booking: Booking) -> str:
    return f"summary-{booking.pk}"


def summary_recipients(student: Student) -> list[Guardian]:
    """Every guardian of the student with an e-mail: the summary is the whole family's."""
    return list(
        Guardian.objects.filter(student_links__student=student)
        .exclude(email="")
        .select_related("user")
        .order_by("last_name", "first_name", "pk")
    )


def summary_facts(conference: Conference) -> dict[str, object]:
    """What the e-mail needs to find its conference at send time; the rest is read then."""
    booking = conference.booking
    return {
        "booking": booking.pk,
        "conference": conference.pk,
        "zone": booking.cycle.school.timezone,
        "student": booking.student.display_name,
        "advisor": booking.slot.advisor.display_name,
        "school": booking.cycle.school.name,
        "starts_at": (conference.started_at or booking.slot.starts_at).isoformat(),
        "ends_at": (conference.ended_at or booking.slot.ends_at).isoformat(),
        "contact": booking.cycle.contact,
    }


def send_summary(*, conference: Conference, again: bool = False) -> list[Message]:
    """Queue the summary e-mail for each guardian with an e-mail, in their language.

    The PDF is rendered when each e-mail is sent, from what the database
    holds then. A second sending must be asked for (`again`); it withdraws
    any copy of the first still waiting, so nobody gets it twice by accident.
    """
    with transaction.atomic():
        locked = (
            Conference.objects.select_for_update()
            .select_related("booking__student", "booking__slot__advisor", "booking__cycle__school")
            .get(pk=conference.pk)
        )
        if not locked.is_held:
            raise ValueError("only a held conference has a summary to send")
        if locked.summary_sent_at is not None and not again:
            raise AlreadySent
        topic = summary_topic(locked.booking)
        Message.objects.filter(
            topic=topic, kind=Message.Kind.SUMMARY, status=Message.Status.PENDING
        ).update(status=Message.Status.WITHDRAWN)
        facts = summary_facts(locked)
        queued = [
            message
            for guardian in summary_recipients(locked.booking.student)
            if (
                message := queue(
                    kind=Message.Kind.SUMMARY, guardian=guardian, context=facts, topic=topic
                )
            )
            is not None
        ]
        now = timezone.now()
        locked.summary_sent_at = now
        locked.updated_at = now
        locked.save(update_fields=["summary_sent_at", "updated_at"])
    conference.summary_sent_at = locked.summary_sent_at
    return queued


def family_languages(student: Student) -> list[str]:
    """The languages the student's guardians read, each once, in a stable order."""
    languages: list[str] = []
    for guardian in Guardian.objects.filter(student_links__student=student).select_related("user"):
        language = language_of(guardian)
        if language not in languages:
            languages.append(language)
    return languages
