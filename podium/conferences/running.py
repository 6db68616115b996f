"""Running a conference: who came, how long each section took, notes, the family's input, outcome.

The advisor (or an admin) runs the conference from the console and from
presentation mode. Each operation here runs in one transaction, so a refused
change leaves nothing half-saved.

Section times: the deck sends the running total of every section it has timed
so far, as often as it likes (on every slide change and at the end). The last
value received for a section wins, so a repeated or late post never counts
time twice.

Goals: when a conference is held, the plan's new goals (the binder goals of
the plan still being worked on) become the student's active goals for the next
cycle: they stay active, and a goal without a term gets the term the
conference fell in, so that the next cycle's preparation finds them "set in
an earlier term: time to look back". The goals the student looked back on keep
their review and status untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from podium.accounts.models import User
from podium.binder.models import Goal, GradeBand
from podium.conferences.models import (
    AgendaSection,
    AgendaTemplate,
    Attendance,
    Booking,
    Conference,
    FamilyInput,
    FollowUp,
    Note,
    Plan,
    SectionTime,
)
from podium.roster.models import Guardian, Staff

# A section longer than this is a timer left running, not a conference.
MAX_SECTION_SECONDS = 2 * 60 * 60


class RunError(Exception):
    """A change to a conference that cannot be made, with the reason in the person's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Present:
    """Someone at the conference, and how they joined."""

    name: str
    mode: str = Booking.Mode.IN_PERSON
    guardian: Guardian | None = None
    staff: Staff | None = None


def plan_of(booking: Booking) -> Plan | None:
    return Plan.objects.filter(cycle_id=booking.cycle_id, student_id=booking.student_id).first()


@transaction.atomic
def conference_for(booking: Booking) -> Conference:
    """The booking's conference record, made the first time anyone runs or presents it."""
    conference, created = Conference.objects.select_for_update().get_or_create(
        booking=booking, defaults={"plan": plan_of(booking)}
    )
    if not created and conference.plan_id is None:
        plan = plan_of(booking)
        if plan is not None:
            conference.plan = plan
            conference.save(update_fields=["plan"])
    if created and booking.private_time:
        _open_follow_up(
            conference,
            reason=FollowUp.Reason.PRIVATE_TIME,
            detail=_("Asked for when booking."),
        )
    return conference


def _open_follow_up(conference: Conference, *, reason: str, detail: str = "") -> FollowUp:
    """The open follow-up of this reason (one at a time), its detail added to if it exists."""
    advisor = conference.booking.slot.advisor
    follow_up = (
        FollowUp.objects.select_for_update()
        .filter(conference=conference, reason=reason, done_at__isnull=True)
        .first()
    )
    if follow_up is None:
        return FollowUp.objects.create(
            conference=conference, advisor=advisor, reason=reason, detail=detail
        )
    if detail and detail not in follow_up.detail:
        follow_up.detail = f"{follow_up.detail}\n{detail}".strip()
        follow_up.save(update_fields=["detail"])
    return follow_up


def _touch(conference: Conference, *fields: str) -> None:
    conference.updated_at = timezone.now()
    conference.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def check_in(*, conference: Conference, present: Sequence[Present]) -> list[Attendance]:
    """Who came: replaces the conference's attendance with `present`."""
    conference.attendance.all().delete()
    rows = Attendance.objects.bulk_create(
        Attendance(
            conference=conference,
            kind=(
                Attendance.Kind.GUARDIAN
                if person.guardian is not None
                else Attendance.Kind.INTERPRETER
                if person.staff is not None
                else Attendance.Kind.DREAM_TEAM
            ),
            guardian=person.guardian,
            staff=person.staff,
            name=person.name[:200],
            mode=person.mode,
        )
        for person in present
    )
    _touch(conference)
    return rows


@transaction.atomic
def record_times(
    *, conference: Conference, seconds: Mapping[int, int], now: dt.datetime | None = None
) -> int:
    """Store how long each section took (last value wins); the first times start the clock.

    `seconds` maps agenda section ids of the conference's agenda to seconds;
    anything else is refused. Returns the number of sections stored.
    """
    now = now or timezone.now()
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    allowed = set(agenda_sections(conference).values_list("pk", flat=True))
    for section_id, value in seconds.items():
        if section_id not in allowed:
            raise RunError(_("That section is not part of this conference's agenda."))
        if not 0 <= value <= MAX_SECTION_SECONDS:
            raise RunError(_("A section's time must be between 0 and 2 hours."))
    for section_id, value in seconds.items():
        SectionTime.objects.update_or_create(
            conference=conference, section_id=section_id, defaults={"seconds": value}
        )
    if conference.started_at is None and seconds:
        # The deck first reports after some sections ran: the conference began that long ago.
        conference.started_at = now - dt.timedelta(seconds=sum(seconds.values()))
        _touch(conference, "started_at")
    return len(seconds)


def agenda_sections(conference: Conference) -> QuerySet[AgendaSection]:
    """The agenda sections this conference runs through: its plan's, else the grade band's."""
    if conference.plan is not None:
        return conference.plan.agenda.sections.all()
    student = conference.booking.student
    return AgendaTemplate.for_band(student.school, GradeBand.of(student.grade)).sections.all()


@transaction.atomic
def add_note(*, conference: Conference, author: User, text: str, shared: bool) -> Note:
    text = text.strip()
    if not text:
        raise RunError(_("Write the note first."))
    note = Note.objects.create(conference=conference, author=author, text=text, shared=shared)
    _touch(conference)
    return note


@transaction.atomic
def add_input(
    *,
    conference: Conference,
    kind: str,
    text: str,
    language: str,
    guardian: Guardian | None = None,
    by: str = "",
) -> FamilyInput:
    """A commitment or a question from the family; a question becomes a follow-up too."""
    text = text.strip()
    if not text:
        raise RunError(_("Write what the family said first."))
    family_input = FamilyInput.objects.create(
        conference=conference,
        kind=kind,
        text=text,
        language=language,
        guardian=guardian,
        by=(by or (guardian.full_name if guardian else ""))[:200],
    )
    if kind == FamilyInput.Kind.QUESTION:
        _open_follow_up(conference, reason=FollowUp.Reason.QUESTION, detail=text)
    _touch(conference)
    return family_input


@transaction.atomic
def ask_for_time_alone(*, conference: Conference, detail: str = "") -> FollowUp:
    """The family asks for a word with the teacher alone: a follow-up for the advisor."""
    follow_up = _open_follow_up(
        conference, reason=FollowUp.Reason.PRIVATE_TIME, detail=detail.strip()
    )
    _touch(conference)
    return follow_up


@transaction.atomic
def record_outcome(
    *,
    conference: Conference,
    outcome: str,
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Conference:
    """Held (with start and end), no-show (a follow-up to bring the family in) or rescheduled."""
    now = now or timezone.now()
    conference = (
        Conference.objects.select_for_update().select_related("booking__slot").get(pk=conference.pk)
    )
    if outcome == Conference.Outcome.HELD:
        if started_at is None or ended_at is None:
            raise RunError(_("Give the time the conference started and ended."))
        if ended_at < started_at:
            raise RunError(_("The conference cannot end before it starts."))
        conference.started_at, conference.ended_at = started_at, ended_at
    elif outcome in (Conference.Outcome.NO_SHOW, Conference.Outcome.RESCHEDULED):
        conference.started_at = conference.ended_at = None
    else:
        raise RunError(_("Choose what happened."))
    conference.outcome = outcome
    _touch(conference, "outcome", "started_at", "ended_at")
    open_no_show = FollowUp.objects.filter(
        conference=conference, reason=FollowUp.Reason.NO_SHOW, done_at__isnull=True
    )
    if outcome == Conference.Outcome.NO_SHOW:
        _open_follow_up(conference, reason=FollowUp.Reason.NO_SHOW)
    else:
        # They came after all, or a new time is set: nobody needs chasing for this one.
        open_no_show.update(done_at=now)
    if outcome == Conference.Outcome.HELD:
        if conference.booking.private_time:
            _open_follow_up(conference, reason=FollowUp.Reason.PRIVATE_TIME)
        if conference.plan is not None:
            roll_goals(
                plan=conference.plan, on=timezone.localdate(ended_at, conference.booking.cycle.zone)
            )
    return conference


def roll_goals(*, plan: Plan, on: dt.date) -> list[Goal]:
    """The plan's new goals become the student's active goals for the next cycle (see above)."""
    term = plan.student.school.current_term(on)
    new_goals = list(plan.goals.filter(student_id=plan.student_id, status=Goal.Status.ACTIVE))
    if term is not None:
        Goal.objects.filter(pk__in=[g.pk for g in new_goals], term__isnull=True).update(term=term)
    return new_goals


@transaction.atomic
def mark_done(*, follow_up: FollowUp, now: dt.datetime | None = None) -> FollowUp:
    if follow_up.done_at is None:
        follow_up.done_at = now or timezone.now()
        follow_up.save(update_fields=["done_at"])
    return follow_up


def sections_of(conference: Conference) -> list[AgendaSection]:
    return list(agenda_sections(conference))
