"""Forms of the rehearsal and of the advisor's conference console."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from podium.conferences.models import Booking, Conference, FamilyInput, Note
from podium.conferences.running import MAX_SECTION_SECONDS, Present
from podium.roster.models import HOME_LANGUAGES, Guardian, Staff

# How many sections one post may carry: an agenda is a handful of sections.
MAX_SECTIONS = 50


def parse_seconds(raw: Any, allowed: Iterable[int]) -> dict[int, int]:
    """{section id: seconds} from untrusted input, or ValidationError saying what is wrong.

    Only the agenda's section ids, whole non-negative numbers of seconds, at
    most two hours a section.
    """
    allowed = set(allowed)
    if not isinstance(raw, Mapping) or not raw:
        raise ValidationError(_("No section times were sent."))
    if len(raw) > MAX_SECTIONS:
        raise ValidationError(_("Too many section times were sent."))
    seconds: dict[int, int] = {}
    for key, value in raw.items():
        try:
            section_id = int(str(key))
        except ValueError:
            raise ValidationError(_("That section is not part of this agenda.")) from None
        if section_id not in allowed:
            raise ValidationError(_("That section is not part of this agenda."))
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValidationError(_("Each time must be a whole number of seconds."))
        text = str(value).strip()
        if not text.isdigit():
            raise ValidationError(_("Each time must be a whole number of seconds, 0 or more."))
        number = int(text)
        if number > MAX_SECTION_SECONDS:
            raise ValidationError(_("A section's time must be between 0 and 2 hours."))
        seconds[section_id] = number
    return seconds


def seconds_from(request: HttpRequest, allowed: Iterable[int]) -> dict[int, int]:
    """Section times from a JSON body ({"seconds": {id: n}}) or form fields section_<id>."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError(_("The section times could not be read.")) from None
        raw = body.get("seconds") if isinstance(body, dict) else None
        return parse_seconds(raw, allowed)
    raw = {
        key.removeprefix("section_"): value
        for key, value in request.POST.items()
        if key.startswith("section_") and str(value).strip() != ""
    }
    return parse_seconds(raw, allowed)


MODE_CHOICES = Booking.Mode.choices


class CheckInForm(forms.Form):
    """Who came: each guardian, the interpreter, Dream Team members by name; in person or online."""

    dream_team = forms.CharField(
        label=gettext_lazy("Dream Team members who came"),
        help_text=gettext_lazy("One name per line."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dream_team_mode = forms.ChoiceField(
        label=gettext_lazy("Dream Team members joined"),
        choices=MODE_CHOICES,
        initial=Booking.Mode.IN_PERSON,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        guardians: list[Guardian],
        interpreter: Staff | None,
        default_mode: str,
        **kwargs: Any,
    ) -> None:
        # The console holds several forms: ids of their own, so no two fields share one.
        kwargs.setdefault("auto_id", "checkin_%s")
        super().__init__(*args, **kwargs)
        self.guardians = guardians
        self.interpreter = interpreter
        self.default_mode = default_mode
        self.fields["dream_team_mode"].initial = default_mode
        for guardian in guardians:
            self.fields[f"guardian_{guardian.pk}"] = forms.BooleanField(
                label=guardian.full_name, required=False
            )
            self.fields[f"guardian_{guardian.pk}_mode"] = forms.ChoiceField(
                label=_("How %(name)s joined") % {"name": guardian.full_name},
                choices=MODE_CHOICES,
                initial=default_mode,
                required=False,
            )
        if interpreter is not None:
            self.fields["interpreter"] = forms.BooleanField(
                label=_("%(name)s (interpreter)") % {"name": interpreter.display_name},
                required=False,
            )
            self.fields["interpreter_mode"] = forms.ChoiceField(
                label=_("How %(name)s joined") % {"name": interpreter.display_name},
                choices=MODE_CHOICES,
                initial=default_mode,
                required=False,
            )

    def guardian_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"guardian_{g.pk}"], self[f"guardian_{g.pk}_mode"]) for g in self.guardians]

    def dream_team_names(self) -> list[str]:
        lines = (self.cleaned_data.get("dream_team") or "").splitlines()
        return [line.strip()[:200] for line in lines if line.strip()]

    def mode(self, name: str) -> str:
        """How someone joined; left unsaid, as the conference was booked."""
        return str(self.cleaned_data.get(name) or self.default_mode)

    def present(self) -> list[Present]:
        data = self.cleaned_data
        people = [
            Present(name=g.full_name, mode=self.mode(f"guardian_{g.pk}_mode"), guardian=g)
            for g in self.guardians
            if data.get(f"guardian_{g.pk}")
        ]
        if self.interpreter is not None and data.get("interpreter"):
            people.append(
                Present(
                    name=self.interpreter.display_name,
                    mode=self.mode("interpreter_mode"),
                    staff=self.interpreter,
                )
            )
        people += [
            Present(name=name, mode=self.mode("dream_team_mode"))
            for name in self.dream_team_names()
        ]
        return people


class NoteForm(forms.ModelForm[Note]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Note
        fields = ["text", "shared"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


PRIVATE_TIME = "private_time"


class FamilyInputForm(forms.Form):
    """What the family says in the room: a commitment, a question, or a wish for time alone."""

    KINDS = [
        *FamilyInput.Kind.choices,
        (PRIVATE_TIME, gettext_lazy("Time with the teacher alone")),
    ]

    kind = forms.ChoiceField(label=gettext_lazy("What is it?"), choices=KINDS)
    text = forms.CharField(
        label=gettext_lazy("In their words"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guardian = forms.ModelChoiceField(
        label=gettext_lazy("Who said it"),
        queryset=Guardian.objects.none(),
        required=False,
        empty_label=gettext_lazy("Someone else"),
    )
    by = forms.CharField(
        label=gettext_lazy("Name, if someone else"), required=False, max_length=200
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=HOME_LANGUAGES)
    # Where to go back to: the console, or the slide of the deck it was typed on.
    back = forms.ChoiceField(
        choices=[("console", "console"), ("deck", "deck")],
        required=False,
        widget=forms.HiddenInput,
    )
    slide = forms.IntegerField(required=False, min_value=1, max_value=200, widget=forms.HiddenInput)

    def __init__(self, *args: Any, guardians: list[Guardian], language: str, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "input_%s")
        super().__init__(*args, **kwargs)
        field = self.fields["guardian"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Guardian.objects.filter(pk__in=[g.pk for g in guardians]).order_by(
            "first_name"
        )
        self.fields["language"].initial = language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != PRIVATE_TIME and not (data.get("text") or "").strip():
            self.add_error("text", _("Write what the family said."))
        return data


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        choices=Conference.Outcome.choices,
        widget=forms.RadioSelect,
    )
    started = forms.TimeField(
        label=gettext_lazy("Started at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    ended = forms.TimeField(
        label=gettext_lazy("Ended at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args: Any, booking: Booking, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "outcome_%s")
        super().__init__(*args, **kwargs)
        self.booking = booking

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Conference.Outcome.HELD:
            started, ended = data.get("started"), data.get("ended")
            if started is None:
                self.add_error("started", _("Give the time the conference started."))
            if ended is None:
                self.add_error("ended", _("Give the time the conference ended."))
            if started is not None and ended is not None and ended < started:
                self.add_error("ended", _("The conference cannot end before it starts."))
        return data

    def at(self, time: dt.time | None) -> dt.datetime | None:
        """`time` on the conference's day, in the school's zone."""
        return self.booking.slot.day.at(time) if time is not None else None
