"""Forms for the student's work: adding and editing it, reflecting on it, commenting on it.

Forms validate and normalise; uploads are checked here (by content, see
podium.binder.media) so that a view only ever stores a file that passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from podium.binder import media
from podium.binder.models import FILE_KINDS, Artifact, Comment, LearningTarget, Reflection
from podium.roster.models import HOME_LANGUAGES, Student, Term

SECOND_LANGUAGES = [("", _("No second language")), *HOME_LANGUAGES]

# What the file input offers for each kind. A photo opens the camera at once
# (young students do not browse folders); the others let the device choose.
FILE_INPUTS: dict[str, dict[str, str]] = {
    Artifact.Kind.PHOTO: {"accept": "image/*", "capture": "environment"},
    Artifact.Kind.DRAWING: {"accept": "image/*"},
    Artifact.Kind.AUDIO: {"accept": "audio/*"},
    Artifact.Kind.VIDEO: {"accept": "video/*"},
    Artifact.Kind.DOCUMENT: {"accept": "application/pdf,.pdf"},
}
FILE_LABELS: dict[str, StrOrPromise] = {
    Artifact.Kind.PHOTO: _("Take a photo"),
    Artifact.Kind.DRAWING: _("Choose a picture of the drawing or scan"),
    Artifact.Kind.AUDIO: _("Or choose a sound file"),
    Artifact.Kind.VIDEO: _("Choose a video"),
    Artifact.Kind.DOCUMENT: _("Choose a PDF document"),
}
TEXT_LABELS: dict[str, StrOrPromise] = {
    Artifact.Kind.TEXT: _("My writing"),
    Artifact.Kind.LINK: _("What is at this link? (optional)"),
}


class TargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.statement)


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} {obj.school_year.name}"


def check_second_language(form: forms.BaseForm, second_fields: list[str]) -> None:
    """Text on the second side needs its language; a second language equal to the first is none."""
    data = form.cleaned_data
    if data.get("language_2") and data.get("language_2") == data.get("language"):
        data["language_2"] = ""
    if not data.get("language_2") and any(
        str(data.get(name) or "").strip() for name in second_fields
    ):
        form.add_error("language_2", _("Choose the language of the second version."))


class ArtifactForm(forms.ModelForm[Artifact]):
    """A piece of work of one kind; the kind is chosen before and never changes."""

    upload = forms.FileField(required=False, widget=forms.ClearableFileInput)
    # The in-browser recorder says how many bytes it sent, to spot a cut-off upload.
    recorded_size = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    language_2 = forms.ChoiceField(
        label=_("Also in another language"), choices=SECOND_LANGUAGES, required=False
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = Artifact
        fields = [
            "title",
            "title_2",
            "text",
            "text_2",
            "language",
            "language_2",
            "url",
            "targets",
            "term",
        ]
        labels = {
            "title_2": _("Title in the second language"),
            "text_2": _("Text in the second language"),
            "language": _("Language"),
        }
        widgets = {
            "targets": forms.CheckboxSelectMultiple,
            "text": forms.Textarea(attrs={"rows": 6}),
            "text_2": forms.Textarea(attrs={"rows": 6}),
        }
        field_classes = {"targets": TargetChoiceField, "term": TermChoiceField}

    def __init__(self, *args: Any, student: Student, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.student = student
        self.kind = kind
        self.checked: media.CheckedUpload | None = None
        editing = self.instance.pk is not None

        self.fields["title"].required = False
        self.fields["title"].help_text = _("If you leave it empty, the date is the title.")
        self.fields["text"].label = TEXT_LABELS.get(kind, _("About this work (optional)"))
        self.fields["text"].required = kind == Artifact.Kind.TEXT
        if kind == Artifact.Kind.LINK:
            self.fields["url"].required = True
            self.fields["url"].help_text = _("For example a slideshow or a video online.")
        else:
            del self.fields["url"]
        if kind in FILE_KINDS:
            upload = self.fields["upload"]
            upload.label = FILE_LABELS[kind]
            upload.required = not editing and kind != Artifact.Kind.AUDIO
            upload.widget = forms.FileInput(attrs=FILE_INPUTS[kind])
            limit = media.limit_for(kind)
            upload.help_text = _("Up to %(limit)s.") % {
                "limit": formats.number_format(limit // media.MB) + " MB"
            }
            if editing:
                upload.label = _("Replace the file (optional)")
        else:
            del self.fields["upload"]
        if kind != Artifact.Kind.AUDIO:
            del self.fields["recorded_size"]

        chosen = Q(pk__in=self.instance.targets.all()) if editing else Q()
        targets = LearningTarget.objects.for_student(student)
        if editing:
            targets = LearningTarget.objects.filter(Q(pk__in=targets) | chosen)
        targets_field = self.fields["targets"]
        assert isinstance(targets_field, forms.ModelMultipleChoiceField)
        targets_field.queryset = targets.order_by("subject", "statement")
        targets_field.help_text = ""
        terms = Term.objects.filter(
            Q(school_year__school_id=student.school_id, school_year__is_current=True)
            | Q(pk=self.instance.term_id or 0)
        ).select_related("school_year")
        term_field = self.fields["term"]
        assert isinstance(term_field, forms.ModelChoiceField)
        term_field.queryset = terms
        term_field.empty_label = _("No term")

    @property
    def is_audio(self) -> bool:
        return self.kind == Artifact.Kind.AUDIO

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_second_language(self, ["title_2", "text_2"])
        if not data.get("language_2"):
            data["title_2"] = data["text_2"] = ""
        if not (data.get("title") or "").strip():
            today = timezone.localdate(timezone=self.student.school.zone)
            data["title"] = f"{Artifact.Kind(self.kind).label} · {formats.date_format(today)}"
        if "upload" in self.fields:
            self._check_upload(data)
        return data

    def _check_upload(self, data: dict[str, Any]) -> None:
        upload = data.get("upload")
        recorded_size = data.get("recorded_size")
        if not upload:
            if recorded_size is not None:
                self.add_error("upload", media.recording_cut_off_message())
            elif self.is_audio and self.instance.pk is None:
                self.add_error("upload", _("Record your voice, or choose a sound file."))
            return
        try:
            self.checked = media.check_upload(upload, kind=self.kind, recorded_size=recorded_size)
        except forms.ValidationError as error:
            self.add_error("upload", error)


@dataclass
class Answer:
    """What the student sent for one prompt."""

    prompt: Reflection.Prompt
    text: str
    text_2: str
    audio: media.CheckedUpload | None
    remove_audio: bool


class ReflectionForm(forms.Form):
    """The answers to the grade band's prompts about one piece of work, typed or recorded."""

    language = forms.ChoiceField(label=_("Language"), choices=HOME_LANGUAGES)
    language_2 = forms.ChoiceField(
        label=_("Also in another language"), choices=SECOND_LANGUAGES, required=False
    )

    def __init__(
        self,
        *args: Any,
        prompts: list[Reflection.Prompt],
        existing: dict[str, Reflection],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        self.existing = existing
        self.checked: dict[str, media.CheckedUpload] = {}
        for prompt in prompts:
            reflection = existing.get(prompt)
            self.fields[f"{prompt}-text"] = forms.CharField(
                label=_("My answer"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=reflection.text if reflection else "",
            )
            self.fields[f"{prompt}-text_2"] = forms.CharField(
                label=_("My answer in the second language"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=reflection.text_2 if reflection else "",
            )
            self.fields[f"{prompt}-audio"] = forms.FileField(
                label=_("Or choose a sound file"),
                required=False,
                widget=forms.FileInput(attrs=FILE_INPUTS[Artifact.Kind.AUDIO]),
            )
            self.fields[f"{prompt}-recorded_size"] = forms.IntegerField(
                required=False, min_value=0, widget=forms.HiddenInput
            )
            if reflection and reflection.audio:
                self.fields[f"{prompt}-remove_audio"] = forms.BooleanField(
                    label=_("Delete my recording"), required=False
                )

    def sections(self) -> list[dict[str, Any]]:
        """The bound fields of each prompt, in order, for the template."""
        return [
            {
                "prompt": prompt,
                "reflection": self.existing.get(prompt),
                "text": self[f"{prompt}-text"],
                "text_2": self[f"{prompt}-text_2"],
                "audio": self[f"{prompt}-audio"],
                "recorded_size": self[f"{prompt}-recorded_size"],
                "remove_audio": self[f"{prompt}-remove_audio"]
                if f"{prompt}-remove_audio" in self.fields
                else None,
            }
            for prompt in self.prompts
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_second_language(self, [f"{prompt}-text_2" for prompt in self.prompts])
        for prompt in self.prompts:
            upload = data.get(f"{prompt}-audio")
            recorded_size = data.get(f"{prompt}-recorded_size")
            if not upload:
                if recorded_size is not None:
                    self.add_error(f"{prompt}-audio", media.recording_cut_off_message())
                continue
            try:
                self.checked[prompt] = media.check_upload(
                    upload, kind=Artifact.Kind.AUDIO, recorded_size=recorded_size
                )
            except forms.ValidationError as error:
                self.add_error(f"{prompt}-audio", error)
        return data

    def answers(self) -> list[Answer]:
        data = self.cleaned_data
        second = bool(data.get("language_2"))
        return [
            Answer(
                prompt=prompt,
                text=data[f"{prompt}-text"].strip(),
                text_2=data[f"{prompt}-text_2"].strip() if second else "",
                audio=self.checked.get(prompt),
                remove_audio=bool(data.get(f"{prompt}-remove_audio")),
            )
            for prompt in self.prompts
        ]


class CommentForm(forms.ModelForm[Comment]):
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Comment for the student")}
        error_messages = {"text": {"required": _("Write a comment first.")}}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Write a comment first."))
        return text
