"""The student's plan for leading their conference: making it, and how ready it is.

A plan follows the agenda of the student's grade band: one plan section per
agenda section, added as the school adds sections. Readiness is computed from
the plan and what it has prefetched (see `PLAN_PREFETCH`), so a page listing a
whole advisory asks the database the same few questions however many advisees
it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from podium.binder.models import GradeBand
from podium.conferences.agenda import SectionKind
from podium.conferences.models import AgendaTemplate, Cycle, Plan, PlanSection, Rehearsal
from podium.roster.models import Student

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What a page showing readiness prefetches on its plans.
PLAN_PREFETCH: list[Any] = [
    Prefetch(
        "sections",
        queryset=PlanSection.objects.select_related("section__agenda")
        .prefetch_related("artifacts", "measures", "assessments")
        .order_by("section__position", "section_id"),
    ),
    "goals",
    Prefetch("rehearsals", queryset=Rehearsal.objects.order_by("-created_at")),
]


def ensure_plan(*, cycle: Cycle, student: Student) -> Plan:
    """The student's plan for the cycle, made on first use, with a section per agenda section."""
    plan = Plan.objects.filter(cycle=cycle, student=student).select_related("agenda").first()
    if plan is None:
        agenda = AgendaTemplate.for_band(student.school, GradeBand.of(student.grade))
        plan, _created = Plan.objects.get_or_create(
            cycle=cycle, student=student, defaults={"agenda": agenda}
        )
    with transaction.atomic():
        have = plan.sections.values("section_id")
        missing = plan.agenda.sections.exclude(pk__in=have)
        # A second request making the same sections at the same time is no harm.
        PlanSection.objects.bulk_create(
            [PlanSection(plan=plan, section=section) for section in missing],
            ignore_conflicts=True,
        )
    return plan


def with_readiness(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.prefetch_related(*PLAN_PREFETCH)


def is_filled(section: PlanSection, *, goals: int) -> bool:
    """Something to say (typed or recorded), or, where the section shows things, things chosen."""
    if section.text.strip() or section.text_2.strip() or section.audio:
        return True
    kind = section.section.kind
    if kind == SectionKind.WORK:
        return bool(section.artifacts.all())
    if kind == SectionKind.DATA:
        return bool(section.measures.all()) or bool(section.assessments.all())
    if kind == SectionKind.GOALS:
        return goals > 0
    return False


@dataclass(frozen=True)
class Check:
    label: StrOrPromise
    done: bool


@dataclass(frozen=True)
class Readiness:
    """Where a plan stands against the checklist, and the advisor's sign-off."""

    filled: int
    sections: int
    work_chosen: bool
    data_chosen: bool
    goals_set: bool
    rehearsals: int
    last_rehearsed_at: dt.datetime | None
    ready_at: dt.datetime | None

    @property
    def all_filled(self) -> bool:
        return self.filled == self.sections

    @property
    def rehearsed(self) -> bool:
        return self.rehearsals > 0 or self.last_rehearsed_at is not None

    @property
    def checks(self) -> list[Check]:
        return [
            Check(_("Every section is filled in"), self.all_filled),
            Check(_("Work to show is chosen"), self.work_chosen),
            Check(_("Data to show is chosen"), self.data_chosen),
            Check(_("Goals are set"), self.goals_set),
            Check(_("Rehearsed at least once"), self.rehearsed),
        ]

    @property
    def missing(self) -> list[StrOrPromise]:
        return [check.label for check in self.checks if not check.done]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None


def readiness_of(plan: Plan) -> Readiness:
    """The checklist of a plan; reads only prefetched relations when they are (PLAN_PREFETCH)."""
    goals = list(plan.goals.all())
    active_goals = sum(1 for goal in goals if goal.is_active)
    sections = list(plan.sections.all())
    kinds = {section.section.kind for section in sections}
    rehearsals = list(plan.rehearsals.all())
    last = rehearsals[0].created_at if rehearsals else None
    if plan.rehearsed_at is not None and (last is None or plan.rehearsed_at > last):
        last = plan.rehearsed_at
    return Readiness(
        filled=sum(1 for section in sections if is_filled(section, goals=len(goals))),
        sections=len(sections),
        # A checklist item of a section the school's agenda does not have is no obstacle.
        work_chosen=SectionKind.WORK not in kinds
        or any(section.artifacts.all() for section in sections),
        data_chosen=SectionKind.DATA not in kinds
        or any(section.measures.all() or section.assessments.all() for section in sections),
        goals_set=active_goals > 0,
        rehearsals=len(rehearsals),
        last_rehearsed_at=last,
        ready_at=plan.ready_at,
    )
