"""The slides of a student's plan: what presentation mode, the rehearsal and the conference show.

A deck is plain data built once per request and drawn by one template
(conferences/deck/deck.html), in three modes: a preview, the rehearsal with
its timer, and the conference itself. Every agenda section gets a slide, in
the agenda's order, even when the student has not prepared it: the slide then
says plainly what is missing, so a deck always opens. Likewise a piece of work
that cannot be played here (no file, a format the browser cannot play, or not
approved for the family watching) keeps its place and says why.

Student-written text is shown in the language the student wrote it, each side
marked with its language and direction; the interface around it is in the
viewer's (or the family's) language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from podium.binder.charts import chart_svg
from podium.binder.models import Artifact, DataPoint, Goal, GradeBand, Measure, SelfAssessment
from podium.conferences.agenda import SectionKind
from podium.conferences.models import AgendaSection, AgendaTemplate, Plan, PlanSection
from podium.conferences.texts import Said, said
from podium.roster.models import Student

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from podium.conferences.models import Cycle

# What every current browser plays in an <audio> or <video> element; QuickTime (.mov) is not.
PLAYABLE_AUDIO = frozenset({"audio/webm", "audio/ogg", "audio/mp4", "audio/mpeg", "audio/wav"})
PLAYABLE_VIDEO = frozenset({"video/mp4", "video/webm"})
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


@dataclass
class Work:
    """A piece of work on a slide: how to show it, or why it cannot be shown."""

    artifact: Artifact | None
    # "image", "audio", "video", "text", "document", "link", or "" when it cannot be shown.
    show_as: str = ""
    missing: str = ""
    title: list[Said] = field(default_factory=list)
    text: list[Said] = field(default_factory=list)
    awaiting_approval: bool = False


def work_on_slide(artifact: Artifact, *, for_family: bool) -> Work:
    if for_family and not artifact.is_approved:
        # Neither the title nor the file: the family has not been shown this work.
        return Work(
            artifact=None,
            missing=_(
                "A piece of work is not shown here: it is waiting for the advisor's approval."
            ),
        )
    work = Work(
        artifact=artifact,
        title=said(artifact.title, artifact.language, artifact.title_2, artifact.language_2),
        text=said(artifact.text, artifact.language, artifact.text_2, artifact.language_2),
        awaiting_approval=not artifact.is_approved,
    )
    kind = artifact.kind
    has_file = bool(artifact.file)
    if kind in (Artifact.Kind.PHOTO, Artifact.Kind.DRAWING):
        if has_file and (artifact.content_type in IMAGE_TYPES or artifact.thumbnail):
            work.show_as = "image"
        else:
            work.missing = _("The picture of this work is missing.")
    elif kind == Artifact.Kind.AUDIO:
        if not has_file:
            work.missing = _("The recording of this work is missing.")
        elif artifact.content_type in PLAYABLE_AUDIO:
            work.show_as = "audio"
        else:
            work.show_as = "document"
            work.missing = _("This recording cannot be played here. Download it to listen.")
    elif kind == Artifact.Kind.VIDEO:
        if not has_file:
            work.missing = _("The video of this work is missing.")
        elif artifact.content_type in PLAYABLE_VIDEO:
            work.show_as = "video"
        else:
            work.show_as = "document"
            work.missing = _("This video cannot be played here. Download it to watch.")
    elif kind == Artifact.Kind.DOCUMENT:
        if has_file:
            work.show_as = "document"
        else:
            work.missing = _("The document of this work is missing.")
    elif kind == Artifact.Kind.LINK:
        if artifact.url:
            work.show_as = "link"
        else:
            work.missing = _("The link of this work is missing.")
    elif work.text:
        work.show_as = "text"
    else:
        work.missing = _("This piece of writing is empty.")
    return work


@dataclass(frozen=True)
class Chart:
    measure: Measure
    name: list[Said]
    svg: SafeString


@dataclass(frozen=True)
class Rating:
    assessment: SelfAssessment

    @property
    def band(self) -> GradeBand:
        return GradeBand(self.assessment.band)


@dataclass(frozen=True)
class GoalOnSlide:
    """A goal as the student presents it: in their language(s), with its steps or its review."""

    goal: Goal
    title: list[Said]
    why: list[Said]
    review: list[Said]
    steps: list[list[Said]]

    @classmethod
    def of(cls, goal: Goal) -> GoalOnSlide:
        one, two = goal.language, goal.language_2
        return cls(
            goal=goal,
            title=said(goal.title, one, goal.title_2, two),
            why=said(goal.why, one, goal.why_2, two),
            review=said(goal.review, one, goal.review_2, two),
            steps=[said(step.text, one, step.text_2, two) for step in goal.steps.all()],
        )


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass
class Slide:
    number: int
    # "title" for the first slide, else the agenda section's kind.
    kind: str
    heading: StrOrPromise
    section: AgendaSection | None = None
    prompt: StrOrPromise = ""
    minutes: int = 0
    said: list[Said] = field(default_factory=list)
    # The recording is served by conferences:plan_section_audio (the preparation part's view).
    has_audio: bool = False
    plan_section_id: int | None = None
    audio_playable: bool = False
    work: list[Work] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    goals_reviewed: list[GoalOnSlide] = field(default_factory=list)
    goals_new: list[GoalOnSlide] = field(default_factory=list)
    missing: list[StrOrPromise] = field(default_factory=list)
    # Seconds already recorded for this section (the conference's timer resumes from them).
    seconds: int = 0
    # What a refused rehearsal post had for this section, shown again to correct.
    posted: str = ""

    @property
    def clock(self) -> str:
        return clock(self.seconds)

    @property
    def section_id(self) -> int | None:
        return self.section.pk if self.section is not None else None

    @property
    def is_help(self) -> bool:
        return self.kind == SectionKind.HELP

    @property
    def is_goals(self) -> bool:
        return self.kind == SectionKind.GOALS


@dataclass
class Deck:
    student: Student
    cycle: Cycle
    plan: Plan | None
    agenda: AgendaTemplate
    slides: list[Slide]

    @property
    def band(self) -> GradeBand:
        return GradeBand(self.agenda.band)

    @property
    def section_slides(self) -> list[Slide]:
        return [slide for slide in self.slides if slide.section is not None]

    @property
    def minutes(self) -> int:
        return sum(slide.minutes for slide in self.section_slides)


def _plan_sections(plan: Plan) -> dict[int, PlanSection]:
    points = Prefetch("points", queryset=DataPoint.objects.order_by("on"))
    sections = plan.sections.prefetch_related(
        Prefetch("artifacts", queryset=Artifact.objects.order_by("created_at", "pk")),
        Prefetch("measures", queryset=Measure.objects.prefetch_related(points).order_by("name")),
        Prefetch(
            "assessments",
            queryset=SelfAssessment.objects.select_related("target").order_by("target__statement"),
        ),
    )
    return {section.section_id: section for section in sections}


def _goals(plan: Plan) -> tuple[list[GoalOnSlide], list[GoalOnSlide]]:
    """Last cycle's goals looked back on, and the new ones still being worked on."""
    goals = [
        GoalOnSlide.of(goal)
        for goal in plan.goals.prefetch_related("steps").order_by("created_at", "pk")
    ]
    return [g for g in goals if not g.goal.is_active], [g for g in goals if g.goal.is_active]


def build_deck(
    *,
    student: Student,
    cycle: Cycle,
    plan: Plan | None,
    for_family: bool,
    seconds: dict[int, int] | None = None,
) -> Deck:
    """The slides of `plan` (or, with no plan yet, of the student's agenda, every section empty).

    `for_family`: the people watching are the family, who see only work the
    advisor approved. `seconds`: time already recorded per agenda section id.
    """
    agenda = (
        plan.agenda
        if plan is not None
        else AgendaTemplate.for_band(student.school, GradeBand.of(student.grade))
    )
    sections = list(agenda.sections.all())
    filled = _plan_sections(plan) if plan is not None else {}
    reviewed, new = _goals(plan) if plan is not None else ([], [])
    seconds = seconds or {}
    slides = [
        Slide(
            number=1,
            kind="title",
            heading=student.full_name,
            prompt=_("Student-led conference"),
        )
    ]
    for number, section in enumerate(sections, start=2):
        slide = Slide(
            number=number,
            kind=section.kind,
            heading=section.heading,
            section=section,
            prompt=section.question,
            minutes=section.minutes,
            seconds=seconds.get(section.pk, 0),
        )
        _fill(slide, filled.get(section.pk), plan=plan, grade=student.grade, for_family=for_family)
        if section.kind == SectionKind.GOALS:
            slide.goals_reviewed, slide.goals_new = reviewed, new
        slide.missing = list(_missing(slide, plan=plan, has_plan_section=section.pk in filled))
        slides.append(slide)
    return Deck(student=student, cycle=cycle, plan=plan, agenda=agenda, slides=slides)


def _fill(
    slide: Slide, filled: PlanSection | None, *, plan: Plan | None, grade: int, for_family: bool
) -> None:
    if filled is None or plan is None:
        return
    slide.plan_section_id = filled.pk
    slide.said = said(filled.text, filled.language, filled.text_2, filled.language_2)
    if filled.audio:
        slide.has_audio = True
        kind = (filled.audio_type or "").split(";")[0].strip()
        # No recorded type: the browser sniffs the file, as it does for any recording.
        slide.audio_playable = not kind or kind in PLAYABLE_AUDIO
    slide.work = [work_on_slide(a, for_family=for_family) for a in filled.artifacts.all()]
    slide.charts = [
        Chart(
            measure=measure,
            name=said(measure.name, measure.language, measure.name_2, measure.language_2),
            svg=chart_svg(
                measure,
                list(measure.points.all()),
                grade,
                chart_id=f"deck-chart-{slide.section_id}-{measure.pk}",
            ),
        )
        for measure in filled.measures.all()
    ]
    slide.ratings = [Rating(assessment) for assessment in filled.assessments.all()]


def _missing(slide: Slide, *, plan: Plan | None, has_plan_section: bool) -> Iterable[StrOrPromise]:
    """What the slide still lacks, said plainly."""
    if plan is None:
        yield _("There is no plan for this conference yet.")
        return
    kind = slide.kind
    if kind == SectionKind.HELP:
        # The question to the adults is the slide; whatever the student adds is a bonus.
        return
    if not has_plan_section and kind != SectionKind.GOALS:
        yield _("This section has not been prepared yet.")
        return
    if kind == SectionKind.GOALS:
        if not (slide.goals_new or slide.goals_reviewed):
            yield _("No goals set yet.")
        return
    if not (slide.said or slide.has_audio):
        yield _("Nothing written or recorded for this section yet.")
    if slide.has_audio and not slide.audio_playable:
        yield _("The recording cannot be played in this browser.")
    if kind == SectionKind.WORK and not slide.work:
        yield _("No work chosen yet.")
    if kind == SectionKind.DATA and not (slide.charts or slide.ratings):
        yield _("No data chosen yet.")
