from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from podium.conferences.models import ConferenceDay, Cycle, Room
from podium.roster.models import HOME_LANGUAGES, Guardian

INTERPRETER_CHOICES = [("", _("No interpreter needed"))] + [
    (code, name) for code, name in HOME_LANGUAGES if code != "en"
]


class OptionsForm(forms.Form):
    """How the family comes: the choices every booking form shares."""

    mode = forms.ChoiceField(label=_("How will you come?"), widget=forms.RadioSelect)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter"), choices=INTERPRETER_CHOICES, required=False
    )
    private_time = forms.BooleanField(
        label=_("I would like a few minutes with the teacher alone"), required=False
    )
    invite = forms.ModelMultipleChoiceField(
        label=_("Also invite"),
        queryset=Guardian.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    request_key = forms.CharField(widget=forms.HiddenInput, max_length=40, required=False)

    def __init__(
        self, *args: Any, cycle: Cycle, others: list[Guardian] | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("request_key", uuid.uuid4().hex)
        kwargs["initial"].setdefault("mode", cycle.modes()[0] if cycle.modes() else "")
        super().__init__(*args, **kwargs)
        mode = self.fields["mode"]
        assert isinstance(mode, forms.ChoiceField)
        mode.choices = [(m.value, m.label) for m in cycle.modes()]
        others = others or []
        if others:
            invite = self.fields["invite"]
            assert isinstance(invite, forms.ModelMultipleChoiceField)
            invite.queryset = Guardian.objects.filter(pk__in=[g.pk for g in others])
            invite.label_from_instance = lambda g: g.full_name  # type: ignore[method-assign,assignment]
        else:
            del self.fields["invite"]


class BookForm(OptionsForm):
    slot = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": _("Please choose a time.")},
    )


class TogetherForm(OptionsForm):
    # "studentid:slotid,studentid:slotid": one back-to-back combination.
    combination = forms.RegexField(
        regex=r"^\d+:\d+(,\d+:\d+)+$",
        error_messages={
            "required": _("Please choose a time."),
            "invalid": _("Please choose one of the times shown."),
        },
    )

    def pairs(self) -> list[tuple[int, int]]:
        return [
            (int(student), int(slot))
            for student, slot in (p.split(":") for p in self.cleaned_data["combination"].split(","))
        ]


class MoveForm(forms.Form):
    slot = forms.IntegerField(error_messages={"required": _("Please choose a time.")})


class MoveDayForm(forms.Form):
    to = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))


class AvailabilityForm(forms.Form):
    """For each conference day, up to two windows (e.g. before and after dinner) and a room."""

    WINDOWS = 2

    def __init__(self, *args: Any, days: list[ConferenceDay], rooms: list[Room], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.days = days
        for day in days:
            for n in range(1, self.WINDOWS + 1):
                time = forms.TimeField(
                    required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                )
                self.fields[f"d{day.pk}_{n}_from"] = time
                self.fields[f"d{day.pk}_{n}_to"] = forms.TimeField(
                    required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
                )
            self.fields[f"d{day.pk}_room"] = forms.ModelChoiceField(
                queryset=Room.objects.filter(pk__in=[r.pk for r in rooms]),
                required=False,
                label=_("Room"),
            )

    def windows(self, day: ConferenceDay) -> list[tuple[dt.time, dt.time, Room | None]]:
        data = self.cleaned_data
        room = data.get(f"d{day.pk}_room")
        found = []
        for n in range(1, self.WINDOWS + 1):
            starts, ends = data.get(f"d{day.pk}_{n}_from"), data.get(f"d{day.pk}_{n}_to")
            if starts and ends:
                found.append((starts, ends, room))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in self.days:
            for n in range(1, self.WINDOWS + 1):
                starts, ends = data.get(f"d{day.pk}_{n}_from"), data.get(f"d{day.pk}_{n}_to")
                if bool(starts) != bool(ends):
                    self.add_error(f"d{day.pk}_{n}_to", _("Give both a start and an end."))
                elif starts and ends and ends <= starts:
                    self.add_error(f"d{day.pk}_{n}_to", _("The end must be after the start."))
                elif starts and ends and not (day.starts <= starts and ends <= day.ends):
                    self.add_error(
                        f"d{day.pk}_{n}_to",
                        _("Choose times between %(starts)s and %(ends)s.")
                        % {"starts": f"{day.starts:%H:%M}", "ends": f"{day.ends:%H:%M}"},
                    )
        return data
