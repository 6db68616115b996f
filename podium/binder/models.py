"""The student's data binder: work, reflections, self-assessment, data and goals.

Everything here belongs to one student and is reached through the access
layer (podium.accounts.access). Student-written text can be written in two
languages side by side: each such field has a twin ending in `_2`, and the
item records which language each side is in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from podium.roster.models import HOME_LANGUAGES, School, Staff, Student

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from podium.roster.models import Term


class GradeBand(models.TextChoices):
    K2 = "K-2", _("Kindergarten to grade 2")
    G35 = "3-5", _("Grades 3 to 5")
    G68 = "6-8", _("Grades 6 to 8")
    G912 = "9-12", _("Grades 9 to 12")

    @classmethod
    def of(cls, grade: int) -> GradeBand:
        if grade <= 2:
            return cls.K2
        if grade <= 5:
            return cls.G35
        if grade <= 8:
            return cls.G68
        return cls.G912

    @property
    def scale(self) -> tuple[Level, ...]:
        """The self-assessment scale of the band, best level first."""
        return SCALES[self]

    @property
    def top_level(self) -> int:
        return self.scale[0].value

    @property
    def is_young(self) -> bool:
        """K–2: faces to tap, nothing that must be read."""
        return self == GradeBand.K2

    @property
    def uses_rubric(self) -> bool:
        """6–12 rate themselves on a four-point rubric against the success criteria."""
        return self in (GradeBand.G68, GradeBand.G912)

    @property
    def chart_kind(self) -> str:
        """A bar graph up to grade 5 (the third grader's reading bars), a line after."""
        return "line" if self.uses_rubric else "bar"


@dataclass(frozen=True)
class Level:
    value: int
    label: StrOrPromise
    hint: StrOrPromise = ""
    face: str = ""
    marks: str = ""


_THREE_FACES = (
    Level(3, _("I can do it!"), face="happy"),
    Level(2, _("Getting there"), face="middle"),
    Level(1, _("Not yet"), face="not-yet"),
)
_THREE_LEVELS = (
    Level(3, _("I can do it on my own"), _("I don't need help any more."), marks="★★★"),
    Level(2, _("I can do it with help"), _("I am getting better at it."), marks="★★☆"),
    Level(1, _("I am just starting"), _("I am still learning it."), marks="★☆☆"),
)
_RUBRIC = (
    Level(4, _("4 · Exceeding"), _("I can do it on my own and teach it to someone else.")),
    Level(3, _("3 · Meeting"), _("I meet every success criterion on my own.")),
    Level(2, _("2 · Approaching"), _("I meet some of the criteria, or all of them with help.")),
    Level(1, _("1 · Beginning"), _("I am just starting to work on it.")),
)
SCALES: dict[str, tuple[Level, ...]] = {
    "K-2": _THREE_FACES,
    "3-5": _THREE_LEVELS,
    "6-8": _RUBRIC,
    "9-12": _RUBRIC,
}


class Subject(models.TextChoices):
    READING = "reading", _("Reading")
    WRITING = "writing", _("Writing")
    MATH = "math", _("Math")
    SCIENCE = "science", _("Science")
    SOCIAL_STUDIES = "social", _("Social studies")
    ARTS = "arts", _("Arts")
    LANGUAGES = "languages", _("World languages")
    PE = "pe", _("Physical education")
    HABITS = "habits", _("Habits of learning")


class LearningTargetQuerySet(models.QuerySet["LearningTarget"]):
    def for_student(self, student: Student) -> LearningTargetQuerySet:
        return self.filter(
            school_id=student.school_id,
            is_active=True,
            grade_from__lte=student.grade,
            grade_to__gte=student.grade,
        )


class LearningTarget(models.Model):
    """An "I can…" statement with its success criteria, for a range of grades.

    A school shares a set across grades by giving it a range (e.g. K–5), so
    every classroom conferences against the same targets.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="learning_targets")
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    statement = models.CharField(_("I can…"), max_length=300)
    success_criteria = models.TextField(
        _("success criteria"), blank=True, help_text=_("One criterion per line.")
    )
    grade_from = models.PositiveSmallIntegerField(_("from grade"), choices=Student.Grade.choices)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), choices=Student.Grade.choices)
    created_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = LearningTargetQuerySet.as_manager()

    class Meta:
        ordering = ["subject", "grade_from", "statement"]
        verbose_name = _("learning target")
        verbose_name_plural = _("learning targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(grade_from__lte=models.F("grade_to")), name="target_grade_range"
            ),
            models.CheckConstraint(condition=Q(grade_to__lte=12), name="target_grade_k_to_12"),
        ]

    def __str__(self) -> str:
        return self.statement

    @property
    def criteria(self) -> list[str]:
        return [line.strip() for line in self.success_criteria.splitlines() if line.strip()]


def media_path(instance: Any, filename: str) -> str:
    """A random name under the student's folder; the uploaded name is never used as a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"binder/{instance.student_id}/{uuid.uuid4().hex}{suffix}"


def reflection_media_path(instance: Any, filename: str) -> str:
    """A reflection's recording sits in the student's folder under a random name too."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"binder/{instance.artifact.student_id}/{uuid.uuid4().hex}{suffix}"


class ArtifactQuerySet(models.QuerySet["Artifact"]):
    def approved(self) -> ArtifactQuerySet:
        return self.filter(approved_at__isnull=False)

    def awaiting_review(self) -> ArtifactQuerySet:
        return self.filter(approved_at__isnull=True)

    def shared_with_dream_team(self) -> ArtifactQuerySet:
        return self.approved().filter(shared_with_dream_team=True)


class Artifact(models.Model):
    """A piece of the student's work."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Writing")
        PHOTO = "photo", _("Photo")
        DRAWING = "drawing", _("Drawing or scan")
        AUDIO = "audio", _("Audio")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document (PDF)")
        LINK = "link", _("Link")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="artifacts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_2 = models.CharField(_("title, second language"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    text_2 = models.TextField(_("text, second language"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    language_2 = models.CharField(
        _("second language"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    file = models.FileField(upload_to=media_path, blank=True)
    thumbnail = models.ImageField(upload_to=media_path, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("link"), blank=True)
    term = models.ForeignKey(
        "roster.Term", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    targets = models.ManyToManyField(
        LearningTarget, blank=True, related_name="artifacts", verbose_name=_("learning targets")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_dream_team = models.BooleanField(_("shared with my Dream Team"), default=False)

    objects = ArtifactQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("piece of work")
        verbose_name_plural = _("work")
        indexes = [models.Index(fields=["student", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared_with_dream_team=False) | Q(approved_at__isnull=False),
                name="artifact_dream_team_only_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_image(self) -> bool:
        return self.kind in {self.Kind.PHOTO, self.Kind.DRAWING}

    @property
    def has_file(self) -> bool:
        return self.kind in FILE_KINDS

    @property
    def thumbnail_version(self) -> str:
        """Changes whenever the thumbnail does, so browsers may cache it under its address."""
        return PurePosixPath(self.thumbnail.name or "").stem[:12]

    def approve(self, *, by: Any) -> None:
        self.approved_at = timezone.now()
        self.approved_by = by
        self.save(update_fields=["approved_at", "approved_by"])

    def withdraw_approval(self) -> None:
        """Back to the advisor: the family no longer sees it, nor does the Dream Team."""
        self.approved_at = None
        self.approved_by = None
        self.shared_with_dream_team = False
        self.save(update_fields=["approved_at", "approved_by", "shared_with_dream_team"])

    def share_with_dream_team(self, shared: bool) -> None:
        self.shared_with_dream_team = shared and self.is_approved
        self.save(update_fields=["shared_with_dream_team"])


# The kinds of work that are an uploaded file rather than typed text or a link.
FILE_KINDS = frozenset(
    {
        Artifact.Kind.PHOTO,
        Artifact.Kind.DRAWING,
        Artifact.Kind.AUDIO,
        Artifact.Kind.VIDEO,
        Artifact.Kind.DOCUMENT,
    }
)


class Reflection(models.Model):
    """The student's answer to one of the grade band's prompts about a piece of work."""

    class Prompt(models.TextChoices):
        LEARNED = "learned", _("What did I learn?")
        HARD = "hard", _("What was hard?")
        NEXT = "next", _("What would I do next time?")
        PROUD = "proud", _("Why am I proud of it?")

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="reflections")
    prompt = models.CharField(max_length=10, choices=Prompt.choices)
    text = models.TextField(_("answer"), blank=True)
    text_2 = models.TextField(_("answer, second language"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    language_2 = models.CharField(
        _("second language"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    audio = models.FileField(upload_to=reflection_media_path, blank=True)
    audio_type = models.CharField(max_length=100, blank=True)
    audio_size = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["artifact", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["artifact", "prompt"], name="reflection_one_per_prompt"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_prompt_display()} ({self.artifact})"

    @classmethod
    def prompts_for(cls, band: GradeBand) -> list[Reflection.Prompt]:
        """The questions the grade band answers about each piece of work."""
        if band == GradeBand.K2:
            return [cls.Prompt.LEARNED, cls.Prompt.PROUD]
        return [cls.Prompt.LEARNED, cls.Prompt.HARD, cls.Prompt.NEXT]

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.text_2.strip() or self.audio)


class Comment(models.Model):
    """An advisor's note on a piece of work, shown to the student."""

    artifact = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class SelfAssessmentQuerySet(models.QuerySet["SelfAssessment"]):
    def history_by_target(self) -> dict[int, list[SelfAssessment]]:
        """Each target's ratings, newest first, in one query."""
        history: dict[int, list[SelfAssessment]] = {}
        for rating in self.order_by("target_id", "-created_at", "-pk"):
            history.setdefault(rating.target_id, []).append(rating)
        return history


class SelfAssessment(models.Model):
    """One rating of a learning target; every rating is kept so growth shows.

    The band is recorded with the level: a 3 tapped in kindergarten (a smiley
    face) and a 3 in grade 7 (meeting the criteria) mean different things.
    """

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="self_assessments")
    # PROTECT: retiring a target (is_active) keeps the student's history; deleting would erase it.
    target = models.ForeignKey(LearningTarget, on_delete=models.PROTECT, related_name="+")
    band = models.CharField(_("grade band"), max_length=4, choices=GradeBand.choices)
    level = models.PositiveSmallIntegerField(_("level"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["student", "target", "-created_at"]
        indexes = [models.Index(fields=["student", "target", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="assessment_level"
            ),
            # Only the rubric (6–12) has a fourth level.
            models.CheckConstraint(
                condition=Q(level__lte=3) | Q(band__in=["6-8", "9-12"]),
                name="assessment_level_in_band_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.target}: {self.level}"

    @property
    def scale_level(self) -> Level:
        scale = GradeBand(self.band).scale
        return next((level for level in scale if level.value == self.level), scale[-1])


class Measure(models.Model):
    """Something the student tracks over time: reading level, math facts known, words per minute."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("what I measure"), max_length=100)
    name_2 = models.CharField(_("what I measure, second language"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    language_2 = models.CharField(
        _("second language"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    goal = models.DecimalField(_("goal"), max_digits=8, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def goal_text(self) -> str:
        return format_number(self.goal) if self.goal is not None else ""

    @property
    def latest(self) -> DataPoint | None:
        """The newest value (from the prefetched points, when they are)."""
        return max(self.points.all(), key=lambda point: point.on, default=None)


def format_number(value: Decimal | float | int) -> str:
    """12.00 → 12, 12.50 → 12.5, in the reader's number format."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return formats.number_format(int(number))
    normalized = number.normalize()
    places = max(0, -int(normalized.as_tuple().exponent))
    return formats.number_format(normalized, decimal_pos=places)


class DataPoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["measure", "on"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "on"], name="datapoint_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.on}: {self.value}"

    @property
    def value_text(self) -> str:
        return format_number(self.value)


class GoalQuerySet(models.QuerySet["Goal"]):
    def active(self) -> GoalQuerySet:
        return self.filter(status=Goal.Status.ACTIVE)

    def reviewed(self) -> GoalQuerySet:
        return self.exclude(status=Goal.Status.ACTIVE)


class Goal(models.Model):
    """What the student means to get better at, with next steps and the evidence.

    Goals set in one term are reviewed in a later one: the review says what
    happened (met, made progress, carried on, changed) beside what was planned.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Working on it")
        MET = "met", _("Met")
        PROGRESS = "progress", _("Made progress")
        CARRIED = "carried", _("Carried on")
        CHANGED = "changed", _("Changed")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="goals")
    term = models.ForeignKey(
        "roster.Term", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("my goal"), max_length=200)
    title_2 = models.CharField(_("my goal, second language"), max_length=200, blank=True)
    why = models.TextField(_("why it matters"), blank=True)
    why_2 = models.TextField(_("why it matters, second language"), blank=True)
    measured_by = models.TextField(_("how I will know"), blank=True)
    measured_by_2 = models.TextField(_("how I will know, second language"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    language_2 = models.CharField(
        _("second language"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    review = models.TextField(_("what happened"), blank=True)
    review_2 = models.TextField(_("what happened, second language"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    artifacts = models.ManyToManyField(Artifact, blank=True, related_name="goals")
    measures = models.ManyToManyField(Measure, blank=True, related_name="goals")
    created_at = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", reviewed_at__isnull=True)
                | (~Q(status="active") & Q(reviewed_at__isnull=False)),
                name="goal_reviewed_when_not_active",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == Goal.Status.ACTIVE

    def waits_for_review(self, current_term: Term | None) -> bool:
        """Set in an earlier term and not reviewed yet: time to look back on it."""
        return (
            self.is_active
            and self.term is not None
            and current_term is not None
            and self.term.starts_on < current_term.starts_on
        )

    def carry_on(self, *, term: Term | None) -> Goal:
        """The same goal for the new term, with the steps not done yet."""
        copy = Goal.objects.create(
            student_id=self.student_id,
            term=term,
            title=self.title,
            title_2=self.title_2,
            why=self.why,
            why_2=self.why_2,
            measured_by=self.measured_by,
            measured_by_2=self.measured_by_2,
            language=self.language,
            language_2=self.language_2,
        )
        copy.artifacts.set(self.artifacts.all())
        copy.measures.set(self.measures.all())
        GoalStep.objects.bulk_create(
            GoalStep(goal=copy, text=step.text, text_2=step.text_2, due_on=None)
            for step in self.steps.filter(done_at__isnull=True)
        )
        return copy


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("next step"), max_length=300)
    text_2 = models.CharField(_("next step, second language"), max_length=300, blank=True)
    due_on = models.DateField(_("by"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text
