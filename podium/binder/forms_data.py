"""Forms for learning targets, self-assessment, data and goals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from podium.binder.models import (
    Artifact,
    DataPoint,
    Goal,
    GoalStep,
    GradeBand,
    LearningTarget,
    Measure,
    Subject,
)
from podium.roster.models import HOME_LANGUAGES, School, Student

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def mark_languages(form: forms.BaseForm, first: Iterable[str], second: Iterable[str]) -> None:
    """Say which language each side is written in: in its label, and as the inputs' `lang`.

    Screen readers then read, and spell checkers check, each side in its own
    language.
    """
    language, language_2 = languages_of(form)
    label_sides(form.fields, zip(first, second, strict=True), language, language_2)


def languages_of(form: forms.BaseForm) -> tuple[str, str]:
    """The languages of the two sides, as submitted or as they start out."""
    return _current(form, "language") or "en", _current(form, "language_2")


def label_sides(
    fields: dict[str, forms.Field],
    pairs: Iterable[tuple[str, str]],
    language: str,
    language_2: str,
) -> None:
    names = dict(HOME_LANGUAGES)
    for first, second in pairs:
        fields[first].widget.attrs["lang"] = language
        if language_2:
            base = fields[first].label
            fields[second].widget.attrs["lang"] = language_2
            fields[first].label = f"{base} ({names.get(language, language)})"
            fields[second].label = f"{base} ({names.get(language_2, language_2)})"


def _current(form: forms.BaseForm, name: str) -> str:
    if form.is_bound:
        return str(form.data.get(form.add_prefix(name), "") or "")
    value = form.initial.get(name)
    if value is None and name in form.fields:
        value = form.fields[name].initial
    return str(value or "")


def check_second_language(form: forms.BaseForm, data: dict[str, Any], seconds: list[str]) -> None:
    """Text in the second column needs its language, and a different one from the first."""
    language_2 = data.get("language_2") or ""
    if language_2 and language_2 == data.get("language"):
        form.add_error("language_2", _("Pick a different language from the first one."))
    elif not language_2 and any(data.get(name) for name in seconds):
        form.add_error("language_2", _("Which language is the second column in?"))


class LearningTargetForm(forms.ModelForm[LearningTarget]):
    class Meta:
        model = LearningTarget
        fields = [
            "statement",
            "success_criteria",
            "subject",
            "grade_from",
            "grade_to",
            "is_active",
        ]
        widgets = {
            "statement": forms.TextInput(attrs={"placeholder": _("I can…")}),
            "success_criteria": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "statement": _("Written so a student can say it: “I can add fractions.”"),
            "grade_to": _("A school shares a target across grades by giving it a range."),
            "is_active": _("Untick to retire a target. Students' ratings of it are kept."),
        }

    def __init__(self, *args: Any, schools: QuerySet[School] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Only a district admin works for several schools and must say which.
        if schools is not None:
            self.fields["school"] = forms.ModelChoiceField(queryset=schools, label=_("School"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        grade_from, grade_to = data.get("grade_from"), data.get("grade_to")
        if grade_from is not None and grade_to is not None and grade_from > grade_to:
            self.add_error("grade_to", _("The last grade cannot come before the first."))
        return data


class TargetFilterForm(forms.Form):
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        choices=[("", _("All grades")), *Student.Grade.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    subject = forms.ChoiceField(
        label=_("Subject"), choices=[("", _("All subjects")), *Subject.choices], required=False
    )

    def filter(self, targets: QuerySet[LearningTarget]) -> QuerySet[LearningTarget]:
        if not self.is_valid():
            return targets
        grade = self.cleaned_data.get("grade")
        if grade is not None:
            targets = targets.filter(grade_from__lte=grade, grade_to__gte=grade)
        if self.cleaned_data.get("subject"):
            targets = targets.filter(subject=self.cleaned_data["subject"])
        return targets


class SelfAssessmentForm(forms.Form):
    target = forms.ModelChoiceField(queryset=LearningTarget.objects.none())
    level = forms.TypedChoiceField(coerce=int)
    note = forms.CharField(label=_("What shows it?"), max_length=300, required=False)

    def __init__(
        self, *args: Any, targets: QuerySet[LearningTarget], band: GradeBand, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]
        self.fields["level"].choices = [(level.value, level.label) for level in band.scale]  # type: ignore[attr-defined]


class MeasureForm(forms.ModelForm[Measure]):
    class Meta:
        model = Measure
        fields = ["name", "language", "name_2", "language_2", "unit", "goal"]
        widgets = {"name": forms.TextInput(attrs={"list": "measure-suggestions"})}
        help_texts = {
            "unit": _("For example: level, facts, words per minute, %."),
            "goal": _("Optional: the number you are aiming for. It shows as a dashed line."),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language_2"].required = False
        mark_languages(self, ["name"], ["name_2"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_second_language(self, data, ["name_2"])
        return data


class DataPointForm(forms.ModelForm[DataPoint]):
    class Meta:
        model = DataPoint
        fields = ["on", "value"]
        widgets = {
            "on": DATE_INPUT,
            "value": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["on"].widget.attrs["max"] = today.isoformat()

    def clean_on(self) -> dt.date:
        on: dt.date = self.cleaned_data["on"]
        if on > self.today:
            raise forms.ValidationError(_("That day has not come yet."))
        return on

    def validate_unique(self) -> None:
        # A second value for the same day replaces the first (the view updates it).
        pass


class GoalForm(forms.ModelForm[Goal]):
    artifacts = forms.ModelMultipleChoiceField(
        label=_("Work that shows my progress"),
        queryset=Artifact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Data that shows my progress"),
        queryset=Measure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Goal
        fields = [
            "language",
            "language_2",
            "title",
            "title_2",
            "why",
            "why_2",
            "measured_by",
            "measured_by_2",
            "artifacts",
            "measures",
        ]
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "why_2": forms.Textarea(attrs={"rows": 3}),
            "measured_by": forms.Textarea(attrs={"rows": 3}),
            "measured_by_2": forms.Textarea(attrs={"rows": 3}),
        }

    FIRST = ("title", "why", "measured_by")
    SECOND = ("title_2", "why_2", "measured_by_2")

    def __init__(self, *args: Any, student: Student, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # The student's own work and data only, whoever fills the form in.
        self.fields["artifacts"].queryset = student.artifacts.order_by("-created_at")  # type: ignore[attr-defined]
        self.fields["measures"].queryset = student.measures.order_by("name")  # type: ignore[attr-defined]
        self.fields["language_2"].required = False
        mark_languages(self, self.FIRST, self.SECOND)

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """The texts side by side: first language, second language."""
        return [
            (self[first], self[second])
            for first, second in zip(self.FIRST, self.SECOND, strict=True)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_second_language(self, data, list(self.SECOND))
        return data


class GoalStepForm(forms.ModelForm[GoalStep]):
    class Meta:
        model = GoalStep
        fields = ["text", "text_2", "due_on"]
        widgets = {"due_on": DATE_INPUT}


def step_formset(goal: Goal, data: Any = None, *, extra: int, languages: tuple[str, str]) -> Any:
    """The goal's next steps: the ones it has, and `extra` empty rows to add more."""
    formset_class = inlineformset_factory(
        Goal,
        GoalStep,
        form=GoalStepForm,
        extra=extra,
        max_num=10,
        validate_max=True,
        can_delete=goal.pk is not None,
    )
    formset = formset_class(data, instance=goal, prefix="steps")
    for form in formset.forms:
        label_sides(form.fields, [("text", "text_2")], *languages)
    return formset


class GoalReviewForm(forms.ModelForm[Goal]):
    status = forms.TypedChoiceField(
        label=_("How did it go?"),
        choices=[
            (value, label) for value, label in Goal.Status.choices if value != Goal.Status.ACTIVE
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Goal
        fields = ["status", "review", "review_2"]
        widgets = {
            "review": forms.Textarea(attrs={"rows": 4}),
            "review_2": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        goal = self.instance
        if goal.status == Goal.Status.ACTIVE:
            self.initial["status"] = None
        label_sides(self.fields, [("review", "review_2")], goal.language, goal.language_2)
        if not goal.language_2:
            del self.fields["review_2"]
