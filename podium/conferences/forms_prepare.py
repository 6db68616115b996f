"""Forms for preparing a conference: one section of the plan, and the goals to present.

The choices offered are the student's own work, data, ratings and goals only,
whoever fills the form in: an id of anyone else's is not a valid choice.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from podium.binder import media
from podium.binder.forms import FILE_INPUTS, SECOND_LANGUAGES
from podium.binder.forms_data import check_second_language, mark_languages
from podium.binder.models import Artifact, DataPoint, Goal, Measure, SelfAssessment
from podium.conferences.agenda import SectionKind
from podium.conferences.models import PlanSection
from podium.roster.models import Student


class ArtifactChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class AssessmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.target.statement}: {obj.scale_level.label}"


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


def latest_ratings(student: Student, chosen: QuerySet[SelfAssessment]) -> QuerySet[SelfAssessment]:
    """The student's newest rating of each target, and any chosen before."""
    latest = [
        history[0].pk
        for history in SelfAssessment.objects.filter(student=student).history_by_target().values()
    ]
    return (
        SelfAssessment.objects.filter(Q(pk__in=latest) | Q(pk__in=chosen.values("pk")))
        .filter(student=student)
        .select_related("target")
        .order_by("target__subject", "target__statement")
    )


class PlanSectionForm(forms.ModelForm[PlanSection]):
    """What the student will say in one section (typed, in one or two languages, or recorded),
    and, for the work and data sections, what they will show."""

    language_2 = forms.ChoiceField(
        label=_("Also in another language"), choices=SECOND_LANGUAGES, required=False
    )
    audio = forms.FileField(
        label=_("Or choose a sound file"),
        required=False,
        widget=forms.FileInput(attrs=FILE_INPUTS[Artifact.Kind.AUDIO]),
    )
    # The in-browser recorder says how many bytes it sent, to spot a cut-off upload.
    recorded_size = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    remove_audio = forms.BooleanField(label=_("Delete my recording"), required=False)
    artifacts = ArtifactChoiceField(
        label=_("Work I will show"),
        queryset=Artifact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Data I will show"),
        queryset=Measure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    assessments = AssessmentChoiceField(
        label=_("How I rated myself"),
        queryset=SelfAssessment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = PlanSection
        fields = [
            "language",
            "text",
            "language_2",
            "text_2",
            "artifacts",
            "measures",
            "assessments",
        ]
        labels = {"language": _("Language"), "text": _("What I will say")}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "text_2": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checked: media.CheckedUpload | None = None
        section = self.instance
        kind = section.section.kind
        self.fields["text_2"].label = _("What I will say")
        mark_languages(self, ["text"], ["text_2"])
        if not section.audio:
            del self.fields["remove_audio"]
        if kind == SectionKind.WORK:
            artifacts = self.fields["artifacts"]
            assert isinstance(artifacts, forms.ModelMultipleChoiceField)
            artifacts.queryset = student.artifacts.order_by("-created_at")
        else:
            del self.fields["artifacts"]
        if kind == SectionKind.DATA:
            measures = self.fields["measures"]
            assert isinstance(measures, forms.ModelMultipleChoiceField)
            measures.queryset = student.measures.prefetch_related(
                Prefetch("points", queryset=DataPoint.objects.order_by("on"))
            ).order_by("name")
            assessments = self.fields["assessments"]
            assert isinstance(assessments, forms.ModelMultipleChoiceField)
            chosen = section.assessments.all() if section.pk else SelfAssessment.objects.none()
            assessments.queryset = latest_ratings(student, chosen)
        else:
            del self.fields["measures"]
            del self.fields["assessments"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_second_language(self, data, ["text_2"])
        if not data.get("language_2"):
            data["text_2"] = ""
        data["text"] = (data.get("text") or "").strip()
        data["text_2"] = (data.get("text_2") or "").strip()
        upload = data.get("audio")
        recorded_size = data.get("recorded_size")
        if not upload:
            if recorded_size is not None:
                self.add_error("audio", media.recording_cut_off_message())
            return data
        try:
            self.checked = media.check_upload(
                upload, kind=Artifact.Kind.AUDIO, recorded_size=recorded_size
            )
        except forms.ValidationError as error:
            self.add_error("audio", error)
        return data


class ChooseGoalsForm(forms.Form):
    """The goals the student presents: chosen among their goals being worked on."""

    goals = GoalChoiceField(
        label=_("Goals I will present"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)
        goals.queryset = student.goals.active().order_by("-created_at", "-pk")
