from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from podium.accounts.models import User


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


STUDENT_USERNAME = RegexValidator(
    r"^[\w.-]+\Z",
    _("Use letters, digits and . - _ only."),
)


class StudentPasswordForm(SetPasswordForm):
    """An advisor gives a student (grade 3–12) a username and a password."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and . - _ only. The student types this to sign in."),
    )

    field_order = ["username", "new_password1", "new_password2"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        # Narrower than Django's usernames: an "@" would make the sign-in form
        # look the name up as an e-mail address, and the help text promises
        # letters, digits and . - _ only.
        STUDENT_USERNAME(username)
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.user.pk)
        if taken.exists():
            raise forms.ValidationError(_("That username is taken. Please choose another."))
        return username

    def save(self, commit: bool = True) -> User:
        self.user.username = self.cleaned_data["username"]
        return super().save(commit=commit)
