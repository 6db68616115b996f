"""Forms of the school-wide schedule: a family's times, a run, an adjustment."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from podium.conferences.forms import INTERPRETER_CHOICES
from podium.conferences.models import ConferenceDay, Cycle, FamilyTimes

BLOCK_MINUTES = 60  # families tick the hours they can come, not single times


def blocks(day: ConferenceDay, cycle: Cycle) -> list[tuple[dt.time, dt.time]]:
    """The day's window cut into about an hour each, on the conference times' grid."""
    step = cycle.slot_minutes + cycle.buffer_minutes
    block = step * max(1, round(BLOCK_MINUTES / step))
    at = dt.datetime.combine(day.on, day.starts)
    until = dt.datetime.combine(day.on, day.ends)
    out = []
    while at + dt.timedelta(minutes=cycle.slot_minutes) <= until:
        end = min(at + dt.timedelta(minutes=block), until)
        out.append((at.time(), end.time()))
        at = end
    return out


def block_value(starts: dt.time, ends: dt.time) -> str:
    return f"{starts:%H:%M}-{ends:%H:%M}"


def block_label(starts: dt.time, ends: dt.time) -> str:
    return f"{formats.time_format(starts)} – {formats.time_format(ends)}"


class TimesForm(forms.Form):
    """When a family can come, day by day, and what they need."""

    interpreter_language = forms.ChoiceField(
        label=_("Do you need an interpreter?"), choices=INTERPRETER_CHOICES, required=False
    )
    preferred_day = forms.ChoiceField(
        label=_("Which day suits you best?"), widget=forms.RadioSelect, required=False
    )
    time_of_day = forms.ChoiceField(
        label=_("Which part of the day suits you best?"),
        choices=[("", _("No preference")), *FamilyTimes.TimeOfDay.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    mode = forms.ChoiceField(label=_("How will you come?"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anything the school should know"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )

    def __init__(self, *args: Any, cycle: Cycle, days: list[ConferenceDay], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cycle, self.days = cycle, days
        self.day_fields = []
        for day in days:
            name = f"d{day.pk}"
            self.fields[name] = forms.MultipleChoiceField(
                label=formats.date_format(day.on, "l j F")
                + (f" · {day.label}" if day.label else ""),
                choices=[(block_value(s, e), block_label(s, e)) for s, e in blocks(day, cycle)],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={"invalid_choice": _("Please choose among the times shown.")},
            )
            self.day_fields.append(name)
        preferred = self.fields["preferred_day"]
        assert isinstance(preferred, forms.ChoiceField)
        preferred.choices = [("", _("Any day"))] + [
            (str(day.pk), formats.date_format(day.on, "l j F")) for day in days
        ]
        mode = self.fields["mode"]
        assert isinstance(mode, forms.ChoiceField)
        mode.choices = [(m.value, m.label) for m in cycle.modes()]
        self.initial.setdefault("mode", cycle.modes()[0].value)
        if len(mode.choices) == 1:
            mode.widget = forms.HiddenInput()
        self.order_fields([*self.day_fields])

    def day_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in self.day_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = any(data.get(name) for name in self.day_fields)
        if not ticked and not any(name in self.errors for name in self.day_fields):
            raise forms.ValidationError(_("Tick at least one time you can come."))
        return data

    def windows(self) -> list[tuple[ConferenceDay, dt.time, dt.time]]:
        """The ticked hours, neighbours joined: (day, from, until)."""
        out: list[tuple[ConferenceDay, dt.time, dt.time]] = []
        for day in self.days:
            ticked = sorted(
                (dt.time.fromisoformat(s), dt.time.fromisoformat(e))
                for s, e in (v.split("-") for v in self.cleaned_data.get(f"d{day.pk}", []))
            )
            joined: list[list[dt.time]] = []
            for s, e in ticked:
                if joined and joined[-1][1] == s:
                    joined[-1][1] = e
                else:
                    joined.append([s, e])
            out.extend((day, s, e) for s, e in joined)
        return out

    @staticmethod
    def initial_from(times: FamilyTimes, cycle: Cycle) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "interpreter_language": times.interpreter_language,
            "preferred_day": str(times.preferred_day_id or ""),
            "time_of_day": times.time_of_day,
            "mode": times.mode,
            "note": times.note,
        }
        by_day = itertools.groupby(
            times.windows.select_related("day").order_by("day_id"), key=lambda w: w.day
        )
        for day, windows in by_day:
            spans = list(windows)
            initial[f"d{day.pk}"] = [
                block_value(s, e)
                for s, e in blocks(day, cycle)
                if any(w.starts <= s and e <= w.ends for w in spans)
            ]
        return initial


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Seconds to search"),
        min_value=5,
        max_value=600,
        initial=30,
        help_text=_("Longer searches seat more brothers and sisters together, with less waiting."),
    )


class AdjustForm(forms.Form):
    """Move one student of the draft to another of the advisor's times, or leave them out."""

    student = forms.IntegerField(widget=forms.HiddenInput)
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args: Any, slots: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        slot = self.fields["slot"]
        assert isinstance(slot, forms.TypedChoiceField)
        slot.choices = [("", _("Leave out of the schedule")), *slots]
