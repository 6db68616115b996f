"""The family's few answers after the conference."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from podium.conferences.models import Feedback

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ANSWER_REQUIRED = _("Please choose an answer.")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def answer(label: StrOrPromise) -> forms.TypedChoiceField:
    """A question answered yes, somewhat or no, as big buttons."""
    return forms.TypedChoiceField(
        label=label,
        choices=Feedback.Answer.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )


class FeedbackForm(forms.ModelForm):
    time_well_spent = answer(_("Was the time well spent?"))
    heard_enough_from_teacher = answer(_("Did you hear enough from the teacher?"))
    # Yes or no, both as big buttons: a lone checkbox is easy to miss on a phone.
    wants_private_time = forms.TypedChoiceField(
        label=_("Would you like time alone with the teacher next time?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
    )
    comment = forms.CharField(
        label=_("Anything else?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Please keep it under %(limit_value)d characters.")},
    )

    class Meta:
        model = Feedback
        fields = ["time_well_spent", "heard_enough_from_teacher", "wants_private_time", "comment"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk is not None:
            self.initial["wants_private_time"] = "yes" if self.instance.wants_private_time else "no"

    def clean_comment(self) -> str:
        return str(self.cleaned_data.get("comment") or "").strip()
