"""The default agenda of a student-led conference, per grade band.

A school's agenda template starts as these sections and can be changed by the
school: retitled, reworded, reordered, re-timed, sections added or removed. A
section whose title or prompt the school left blank is shown with the default
below, in the reader's own language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from podium.binder.models import GradeBand

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SectionKind(models.TextChoices):
    ENJOY = "enjoy", _("What I enjoy")
    STRENGTHS = "strengths", _("My strengths")
    CHALLENGES = "challenges", _("My challenges")
    WORK = "work", _("Work I am proud of")
    DATA = "data", _("My data")
    GOALS = "goals", _("My goals and next steps")
    HELP = "help", _("How you can help me")
    OTHER = "other", _("Something else")


# Suggested minutes of a 20-minute conference, in order.
DEFAULT_MINUTES = {
    SectionKind.ENJOY: 2,
    SectionKind.STRENGTHS: 3,
    SectionKind.CHALLENGES: 3,
    SectionKind.WORK: 4,
    SectionKind.DATA: 3,
    SectionKind.GOALS: 3,
    SectionKind.HELP: 2,
}

# What the student is asked to prepare for each section, in words for their age.
YOUNG_PROMPTS: dict[str, StrOrPromise] = {
    SectionKind.ENJOY: _("What do you like to do at school?"),
    SectionKind.STRENGTHS: _("What are you good at?"),
    SectionKind.CHALLENGES: _("What is still hard for you?"),
    SectionKind.WORK: _("Pick work you are proud of to show."),
    SectionKind.DATA: _("Show how you are growing."),
    SectionKind.GOALS: _("What do you want to learn next?"),
    SectionKind.HELP: _("Ask: how can you help me?"),
    SectionKind.OTHER: _("What else do you want to say?"),
}
MIDDLE_PROMPTS: dict[str, StrOrPromise] = {
    SectionKind.ENJOY: _("What do you enjoy most in class this term, and why?"),
    SectionKind.STRENGTHS: _("What are you good at? Give an example from your work."),
    SectionKind.CHALLENGES: _("What is hard for you right now, and what have you tried?"),
    SectionKind.WORK: _("Choose the work you are proudest of and say what it shows."),
    SectionKind.DATA: _("Show your data: where you started, where you are, where you aim to be."),
    SectionKind.GOALS: _("Look back at your last goals, then share your new goals and steps."),
    SectionKind.HELP: _("Ask your family: what can you do to help me meet my goals?"),
    SectionKind.OTHER: _("What else do you want your family to know?"),
}
OLDER_PROMPTS: dict[str, StrOrPromise] = {
    SectionKind.ENJOY: _("Which classes or projects engage you most this term, and why?"),
    SectionKind.STRENGTHS: _("Which strengths show in your work? Point to the evidence."),
    SectionKind.CHALLENGES: _(
        "Where are you struggling, what have you tried, and what support would help?"
    ),
    SectionKind.WORK: _("Present the work that best shows your learning, and explain why."),
    SectionKind.DATA: _("Walk through your grades and data: trends, surprises, what they mean."),
    SectionKind.GOALS: _(
        "Review last term's goals honestly, then present your new goals and next steps."
    ),
    SectionKind.HELP: _("Ask the adults: what can you do to help me meet my goals?"),
    SectionKind.OTHER: _("What else should the adults in the room know?"),
}

PROMPTS = {
    GradeBand.K2: YOUNG_PROMPTS,
    GradeBand.G35: MIDDLE_PROMPTS,
    GradeBand.G68: OLDER_PROMPTS,
    GradeBand.G912: OLDER_PROMPTS,
}


def default_title(kind: str) -> StrOrPromise:
    return SectionKind(kind).label


def default_prompt(kind: str, band: str) -> StrOrPromise:
    return PROMPTS[GradeBand(band)][kind]
