"""The school-wide schedule: the database as a scheduler instance, a run, its draft, publishing.

A cycle placed by the school collects each family's times (``FamilyTimes``);
the office runs the scheduler (``podium.scheduling``) as a background task,
reviews and adjusts the draft, and publishes it: bookings are made and every
family is told through the outbox, in one transaction.

The scheduler works on a grid of whole minutes. Podium's slots start every
``slot_minutes + buffer_minutes`` from each advisor's window, which need not
sit on one grid across days, so each conference day is laid out on its own
grid: the ``k``-th time after the day's start is minute ``1440 * d + 5 * k``
of the scheduler's week, ``d`` the day's number from the Monday of the first
day's week. Each time is one conference; waiting and idle time come back in
real minutes (``Grid.real_minutes``).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from podium.accounts.models import User
from podium.conferences.actions import tell
from podium.conferences.models import (
    Booking,
    ConferenceDay,
    Cycle,
    FamilyTimes,
    ScheduleRun,
    Slot,
)
from podium.outreach.models import Message
from podium.roster.models import AdvisoryMembership, Staff, Student, StudentGuardian
from podium.scheduling import (
    Assignment,
    Family,
    Instance,
    InstanceError,
    Interpreter,
    Locked,
    Settings,
    Solution,
    Unplaced,
    Weights,
    Window,
    schedule,
)
from podium.scheduling import Staff as Person
from podium.scheduling import Student as Child
from podium.scheduling.search import Progress
from podium.scheduling.types import MINUTES_PER_DAY, TimeOfDay
from podium.scheduling.validate import Report, validate

STEP = 5  # scheduler minutes from one conference time to the next on a day
WAIT_MINUTES = 60  # a family that would wait longer goes home and comes back: a second trip
PROGRESS_EVERY = 0.5  # seconds between progress writes
DEFAULT_WEIGHTS = Weights()
STUDENT_KEY = re.compile(r"\bs\d+\b")

REASONS = {
    "family_unavailable": gettext_lazy("The family gave no time that fits."),
    "no_interpreter_for_language": gettext_lazy("No interpreter speaks the family's language."),
    "no_common_time": gettext_lazy("The family's times and the advisor's times never meet."),
    "no_room_available": gettext_lazy("No room is free at the times that fit."),
    "no_interpreter_available": gettext_lazy(
        "No interpreter for the family's language is free at the times that fit."
    ),
    "taken": gettext_lazy("Every time that fits went to other families."),
}
BROKEN = {
    "family_double_booked": gettext_lazy("The family already has a conference then."),
    "staff_double_booked": gettext_lazy("The advisor already has a conference then."),
    "family_unavailable": gettext_lazy("The family did not say they can come then."),
    "staff_unavailable": gettext_lazy("The advisor is not available then."),
    "interpreter_missing": gettext_lazy("No interpreter for the family's language is free then."),
    "interpreter_double_booked": gettext_lazy("The interpreter already has a conference then."),
    "interpreter_unavailable": gettext_lazy("The interpreter is not available then."),
}


TIMES_OF_DAY: dict[str, TimeOfDay] = {"earlier": "earlier", "later": "later"}


class PlacingError(Exception):
    """The cycle cannot be scheduled as it is set up; the message says what to change."""


def student_key(pk: int) -> str:
    return f"s{pk}"


def pk_of(key: str) -> int:
    return int(key[1:])


@dataclass
class Grid:
    """Where each day's conference times sit on the scheduler's minutes."""

    days: list[ConferenceDay]
    step: int  # real minutes from one time to the next
    length: int  # real minutes of a conference
    monday: dt.date

    @classmethod
    def of(cls, cycle: Cycle) -> Grid:
        days = list(cycle.days.order_by("on"))
        if not days:
            raise PlacingError(_("The cycle has no conference days yet."))
        first = days[0].on
        step = cycle.slot_minutes + cycle.buffer_minutes
        grid = cls(days, step, cycle.slot_minutes, first - dt.timedelta(days=first.weekday()))
        for day in days:
            if grid.times_on(day) * STEP > MINUTES_PER_DAY:
                raise PlacingError(
                    _("%(day)s has more conference times than the schedule can lay out.")
                    % {"day": day.on}
                )
        return grid

    def number(self, day: ConferenceDay) -> int:
        return (day.on - self.monday).days

    def times_on(self, day: ConferenceDay) -> int:
        """How many conferences fit one after another in the day's window."""
        span = minutes(day.ends) - minutes(day.starts)
        return max(0, (span - self.length) // self.step + 1)

    def position(self, day: ConferenceDay, at: dt.time) -> int | None:
        """The time ``at`` as the day's k-th conference time, or None off the grid."""
        offset = minutes(at) - minutes(day.starts)
        if offset < 0 or offset % self.step:
            return None
        return offset // self.step

    def minute(self, day: ConferenceDay, k: int) -> int:
        return MINUTES_PER_DAY * self.number(day) + STEP * k

    def window(self, day: ConferenceDay, starts: dt.time, ends: dt.time) -> Window | None:
        """The conference times a person free from ``starts`` to ``ends`` can take."""
        first = -(-(minutes(starts) - minutes(day.starts)) // self.step)
        last = (minutes(ends) - minutes(day.starts) - self.length) // self.step
        first, last = max(first, 0), min(last, self.times_on(day) - 1)
        if last < first:
            return None
        return Window(self.minute(day, first), self.minute(day, last + 1))

    def whole(self, day: ConferenceDay) -> Window | None:
        return self.window(day, day.starts, day.ends)

    def real_minutes(self, scheduler_minutes: int) -> int:
        return scheduler_minutes * self.step // STEP


def minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def runs(points: Iterable[int]) -> tuple[Window, ...]:
    """Conference times (scheduler minutes) as windows of consecutive times."""
    out: list[Window] = []
    for p in sorted(set(points)):
        if out and out[-1].end == p:
            out[-1] = Window(out[-1].start, p + STEP)
        else:
            out.append(Window(p, p + STEP))
    return tuple(out)


@dataclass
class Household:
    """Guardians who may book and the children they share: one family to the scheduler."""

    key: str
    guardians: list[int] = field(default_factory=list)
    children: list[Student] = field(default_factory=list)
    times: FamilyTimes | None = None


@dataclass
class Built:
    """A cycle as a scheduler instance, and the way back from it to the database."""

    grid: Grid
    instance: Instance
    students: dict[str, Student]
    slots: dict[tuple[str, int], int]  # (advisor key, scheduler minute) -> slot id
    slot_minute: dict[int, int]  # slot id -> scheduler minute
    households: dict[str, Household]  # by family key
    not_answered: list[Student]
    warnings: list[str]


def households_of(students: list[Student]) -> dict[int, Household]:
    """Each student's household: guardians who may book, joined through shared children."""
    ids = [s.pk for s in students]
    links = list(
        StudentGuardian.objects.filter(student_id__in=ids, may_book=True).values_list(
            "student_id", "guardian_id"
        )
    )
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for student_id, guardian_id in links:
        a, b = find(f"s{student_id}"), find(f"g{guardian_id}")
        if a != b:
            parent[max(a, b)] = min(a, b)
    by_root: dict[str, Household] = {}
    of_student: dict[int, Household] = {}
    for student in students:
        if f"s{student.pk}" not in parent:
            continue  # nobody may book for this child
        root = find(f"s{student.pk}")
        household = by_root.setdefault(root, Household(key=f"family-{root}"))
        household.children.append(student)
        of_student[student.pk] = household
    for student_id, guardian_id in links:
        household = of_student[student_id]
        if guardian_id not in household.guardians:
            household.guardians.append(guardian_id)
    return of_student


def build(cycle: Cycle) -> Built:
    """The cycle's instance: answered families, locked bookings, advisors' slots, interpreters."""
    if cycle.seats_per_slot > 1:
        raise PlacingError(
            _(
                "The school-wide schedule places one family at a time; "
                "this cycle seats several families per time."
            )
        )
    grid = Grid.of(cycle)
    day_of = {d.pk: d for d in grid.days}
    students = list(
        Student.objects.filter(
            school=cycle.school, is_active=True, memberships__school_year=cycle.school_year
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    advisor_of = dict(
        AdvisoryMembership.objects.filter(
            school_year=cycle.school_year, student__in=students
        ).values_list("student_id", "advisory__advisor_id")
    )
    households = households_of(students)
    newest: dict[int, FamilyTimes] = {}
    for times in (
        FamilyTimes.objects.filter(cycle=cycle)
        .select_related("preferred_day")
        .prefetch_related("windows")
        .order_by("updated_at", "pk")
    ):
        newest[times.guardian_id] = times
    for household in {id(h): h for h in households.values()}.values():
        answers = [newest[g] for g in household.guardians if g in newest]
        household.times = max(answers, key=lambda t: (t.updated_at, t.pk)) if answers else None
    booked = {
        b.student_id: b for b in Booking.objects.active().filter(cycle=cycle).select_related("slot")
    }

    warnings: list[str] = []
    not_answered: list[Student] = []
    chosen: list[Student] = []
    for student in students:
        found = households.get(student.pk)
        # Everyone here has an advisor: the students are those of the year's advisories.
        if student.pk in booked:
            chosen.append(student)
        elif found is None or found.times is None:
            not_answered.append(student)
        else:
            chosen.append(student)

    slot_rows = list(Slot.objects.filter(day__cycle=cycle).order_by("starts_at"))
    slots: dict[tuple[str, int], int] = {}
    slot_minute: dict[int, int] = {}
    times_of: dict[str, set[int]] = defaultdict(set)
    off_grid = 0
    for slot in slot_rows:
        day = day_of[slot.day_id]
        local = timezone.localtime(slot.starts_at, cycle.zone)
        k = grid.position(day, local.time())
        if k is None or k >= grid.times_on(day):
            off_grid += 1
            continue
        key = f"t{slot.advisor_id}"
        at = grid.minute(day, k)
        slots[key, at] = slot.pk
        slot_minute[slot.pk] = at
        times_of[key].add(at)
    if off_grid:
        warnings.append(
            ngettext(
                "%(n)s conference time does not start on the day's %(step)s-minute grid "
                "and was left out.",
                "%(n)s conference times do not start on the day's %(step)s-minute grid "
                "and were left out.",
                off_grid,
            )
            % {"n": off_grid, "step": grid.step}
        )

    families: dict[str, Family] = {}
    children: list[Child] = []
    locked: list[Locked] = []
    by_key: dict[str, Student] = {}
    family_households: dict[str, Household] = {}
    for student in chosen:
        household = households.get(student.pk) or Household(
            key=f"family-s{student.pk}", children=[student]
        )
        family_households[household.key] = household
        if household.key not in families:
            families[household.key] = family_for(household, grid, day_of, booked, warnings)
        booking = booked.get(student.pk)
        advisor_id = booking.slot.advisor_id if booking else advisor_of[student.pk]
        assert advisor_id is not None
        key = student_key(student.pk)
        by_key[key] = student
        children.append(
            Child(
                id=key, name=student.display_name, family=household.key, staff=(f"t{advisor_id}",)
            )
        )
        if booking is not None:
            booked_at = slot_minute.get(booking.slot_id)
            if booked_at is None:
                raise PlacingError(
                    _("%(student)s's booked time is off the day's grid.")
                    % {"student": student.display_name}
                )
            need = families[household.key].interpreter
            locked.append(
                Locked(
                    student=key,
                    start=booked_at,
                    interpreter=f"i{booking.interpreter_id}"
                    if need and booking.interpreter_id
                    else None,
                )
            )
    staff = tuple(
        Person(id=key, name=key, availability=runs(times_of.get(key, ())))
        for key in sorted({c.staff[0] for c in children})
    )
    wholes = tuple(w for d in grid.days if (w := grid.whole(d)) is not None)
    interpreters = tuple(
        Interpreter(
            id=f"i{person.pk}",
            name=person.display_name,
            languages=tuple(person.languages),
            availability=wholes,
        )
        for person in Staff.objects.filter(school=cycle.school, role=Staff.Role.INTERPRETER)
    )
    per_time = max(1, WAIT_MINUTES // grid.step)
    instance = Instance(
        name=f"{cycle.school.name}: {cycle.name}",
        staff=staff,
        families=tuple(families.values()),
        students=tuple(children),
        interpreters=interpreters,
        locked=tuple(locked),
        settings=Settings(
            step_minutes=STEP,
            conference_minutes=STEP,
            interpreted_minutes=STEP,
            max_wait_minutes=STEP * per_time,
        ),
        # The weights per real minute of waiting and idling, on the scheduler's minutes.
        weights=Weights(
            wait_minute=max(1, DEFAULT_WEIGHTS.wait_minute * grid.step // STEP),
            idle_minute=max(1, DEFAULT_WEIGHTS.idle_minute * grid.step // STEP),
        ),
    )
    return Built(
        grid=grid,
        instance=instance,
        students=by_key,
        slots=slots,
        slot_minute=slot_minute,
        households=family_households,
        not_answered=not_answered,
        warnings=warnings,
    )


def family_for(
    household: Household,
    grid: Grid,
    day_of: dict[int, ConferenceDay],
    booked: dict[int, Booking],
    warnings: list[str],
) -> Family:
    times = household.times
    windows: list[Window] = []
    need: str | None = None
    preferred: tuple[int, ...] = ()
    time_of_day = None
    if times is not None:
        for w in times.windows.all():
            day = day_of.get(w.day_id)
            found = grid.window(day, w.starts, w.ends) if day else None
            if found is not None:
                windows.append(found)
        need = times.interpreter_language or None
        if times.preferred_day_id in day_of:
            preferred = (grid.number(day_of[times.preferred_day_id]),)
        time_of_day = TIMES_OF_DAY.get(times.time_of_day)
    bookings = [booked[c.pk] for c in household.children if c.pk in booked]
    if need and any(b.interpreter_id is None for b in bookings):
        # A conference booked without an interpreter stays as booked; the
        # family's other conferences cannot ask for one the booked one lacks.
        warnings.append(
            _(
                "The family of %(family)s asked for an interpreter, but a conference they booked "
                "has none "
                "assigned; assign one on the booking, then run again."
            )
            % {"family": ", ".join(c.display_name for c in household.children)}
        )
        need = None
    points = {p for w in windows for p in range(w.start, w.end, STEP)}
    return Family(
        id=household.key,
        name=household.key,
        availability=runs(points),
        guardians=tuple(f"g{g}" for g in household.guardians),
        interpreter=need,
        preferred_days=preferred,
        time_of_day=time_of_day,
    )


# --- a run ------------------------------------------------------------------------------


def start(cycle: Cycle, *, by: User, time_limit: int) -> ScheduleRun:
    """A new run, queued for the worker."""
    from podium.conferences.tasks import run_schedule

    run = ScheduleRun.objects.create(cycle=cycle, created_by=by, time_limit=time_limit)
    transaction.on_commit(lambda: run_schedule.enqueue(run_id=run.pk))
    return run


def execute(run: ScheduleRun) -> ScheduleRun:
    """Run the scheduler for ``run``, writing its progress as it goes, then its draft."""
    try:
        built = build(run.cycle)
    except (PlacingError, InstanceError) as error:
        return fail(run, str(error))
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleRun.Status.RUNNING, students=len(built.instance.students)
    )
    last = [0.0]

    def progress(p: Progress) -> None:
        now = time.monotonic()
        if p.phase != "done" and now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        ScheduleRun.objects.filter(pk=run.pk).update(
            fraction=min(1.0, max(0.0, p.fraction)), placed=p.placed, phase=p.phase
        )

    try:
        result = schedule(built.instance, time_limit=run.time_limit, progress=progress)
    except InstanceError as error:
        return fail(run, str(error))
    draft = {
        "assignments": {
            a.student: {
                "slot": built.slots[a.staff[0], a.start],
                "interpreter": a.interpreter,
            }
            for a in result.solution.assignments
        },
        "unplaced": {u.student: u.reason for u in result.unplaced},
        "solver": {
            "placed_bound": result.placed_bound,
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "status": result.status,
            "seconds": round(result.seconds, 1),
        },
        "adjusted": False,
    }
    run.refresh_from_db()
    run.draft = draft
    run.status = ScheduleRun.Status.DONE
    run.fraction = 1.0
    run.phase = "done"
    run.placed = len(result.solution.assignments)
    run.finished_at = timezone.now()
    run.save()
    return run


def fail(run: ScheduleRun, message: str) -> ScheduleRun:
    run.status = ScheduleRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run


# --- the draft: review, adjust, publish --------------------------------------------------------


def solution_of(built: Built, draft: dict[str, Any]) -> Solution:
    """The draft as the scheduler's solution, on the instance as the database is now."""
    inst = built.instance
    assignments = []
    for key, placed in draft.get("assignments", {}).items():
        student = inst.student_by_id.get(key)
        at = built.slot_minute.get(placed["slot"])
        if student is None or at is None:
            continue
        assignments.append(
            Assignment(
                student=key,
                start=at,
                end=at + inst.minutes_for(student),
                staff=student.staff,
                interpreter=placed.get("interpreter"),
            )
        )
    placed_keys = {a.student for a in assignments}
    unplaced = tuple(
        Unplaced(s.id, draft.get("unplaced", {}).get(s.id, "taken"), "")
        for s in inst.students
        if s.id not in placed_keys
    )
    return Solution(tuple(assignments), unplaced)


@dataclass
class Row:
    """A placed conference of the draft."""

    student: Student
    slot: Slot
    interpreter: Staff | None
    locked: bool
    language: str | None
    siblings: list[Student]


@dataclass
class Left:
    """A student the draft leaves out, and why."""

    student: Student
    reason: str


@dataclass
class Review:
    """What the office reads before publishing."""

    built: Built
    report: Report
    rows: list[Row]  # every placed conference, by day and time
    unplaced: list[Left]
    problems: list[str]

    def figures(self) -> dict[str, Any]:
        m, grid = self.report.metrics, self.built.grid
        return {
            "students": m.students,
            "placed": m.placed,
            "placed_share": share(m.placed, m.students),
            "interpreted": m.interpreted_students,
            "interpreted_placed": m.interpreted_placed,
            "siblings": m.sibling_households,
            "siblings_seatable": m.sibling_households_seatable,
            "siblings_together": m.sibling_households_together,
            "siblings_share": share(m.sibling_households_together, m.sibling_households_seatable),
            "wait_total": grid.real_minutes(m.wait_minutes_total),
            "wait_worst": grid.real_minutes(m.wait_minutes_worst),
            "extra_trips": m.extra_trips,
            "interpreter_minutes": grid.real_minutes(m.interpreter_minutes_used),
            "interpreter_available": grid.real_minutes(m.interpreter_minutes_available),
            "interpreter_share": share(m.interpreter_minutes_used, m.interpreter_minutes_available),
            "not_answered": len(self.built.not_answered),
        }


def share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def review(run: ScheduleRun) -> Review:
    built = build(run.cycle)
    solution = solution_of(built, run.draft)
    report = validate(built.instance, solution)
    slots = {
        s.pk: s
        for s in Slot.objects.filter(
            pk__in=[a["slot"] for a in run.draft.get("assignments", {}).values()]
        ).select_related("advisor", "room", "day")
    }
    interpreters = {f"i{p.pk}": p for p in Staff.objects.filter(school=run.cycle.school)}
    locked = built.instance.locked_by_student
    rows = []
    for key, placed in run.draft.get("assignments", {}).items():
        student, slot = built.students.get(key), slots.get(placed["slot"])
        if student is None or slot is None:
            continue
        child = built.instance.student_by_id[key]
        household = built.households.get(child.family)
        rows.append(
            Row(
                student=student,
                slot=slot,
                interpreter=interpreters.get(placed.get("interpreter") or ""),
                locked=key in locked,
                language=built.instance.family_of(child).interpreter,
                siblings=[c for c in household.children if c.pk != student.pk] if household else [],
            )
        )
    rows.sort(key=lambda r: (r.slot.starts_at, r.slot.advisor.last_name))
    unplaced = [
        Left(built.students[u.student], str(REASONS.get(u.reason, u.reason)))
        for u in solution.unplaced
        if u.student in built.students
    ]
    problems = [problem_text(built, v.rule, v.message) for v in report.violations]
    return Review(built, report, rows, unplaced, problems)


def problem_text(built: Built, rule: str, message: str) -> str:
    names = [
        built.students[key].display_name
        for key in dict.fromkeys(STUDENT_KEY.findall(message))
        if key in built.students
    ]
    what = BROKEN.get(rule, _("A rule of the schedule is broken (%(rule)s).") % {"rule": rule})
    return f"{', '.join(names)}: {what}" if names else str(what)


class AdjustError(Exception):
    pass


def adjust(run: ScheduleRun, *, student: Student, slot: Slot | None) -> ScheduleRun:
    """Move one student of the draft to ``slot``, or leave them out (None); refuse a broken rule."""
    if run.status != ScheduleRun.Status.DONE:
        raise AdjustError(_("Only a finished run that is not published can be changed."))
    built = build(run.cycle)
    key = student_key(student.pk)
    if key not in built.students:
        raise AdjustError(_("This student is not part of the schedule."))
    if key in built.instance.locked_by_student:
        raise AdjustError(_("This conference was booked already; change it on the booking."))
    draft = dict(run.draft)
    assignments = dict(draft.get("assignments", {}))
    before = {
        (v.rule, v.message) for v in validate(built.instance, solution_of(built, draft)).violations
    }
    if slot is None:
        assignments.pop(key, None)
    else:
        at = built.slot_minute.get(slot.pk)
        child = built.instance.student_by_id[key]
        if at is None or built.slots.get((child.staff[0], at)) != slot.pk:
            raise AdjustError(_("Choose one of the advisor's times."))
        need = built.instance.family_of(child).interpreter
        assignments[key] = {
            "slot": slot.pk,
            "interpreter": free_interpreter(built, assignments, key, at, need) if need else None,
        }
    draft["assignments"] = assignments
    draft["adjusted"] = True
    after = validate(built.instance, solution_of(built, draft)).violations
    new = [v for v in after if (v.rule, v.message) not in before]
    if new:
        raise AdjustError(
            " ".join(dict.fromkeys(problem_text(built, v.rule, v.message) for v in new))
        )
    run.draft = draft
    run.placed = len(assignments)
    run.save(update_fields=["draft", "placed"])
    return run


def free_interpreter(
    built: Built, assignments: dict[str, Any], key: str, at: int, language: str
) -> str | None:
    busy = {
        placed.get("interpreter")
        for other, placed in assignments.items()
        if other != key and built.slot_minute.get(placed["slot"]) == at
    }
    for person in built.instance.interpreters:
        if (
            language in person.languages
            and person.id not in busy
            and any(w.contains(at, at + STEP) for w in person.availability)
        ):
            return person.id
    return None


class PublishError(Exception):
    pass


def publish(run: ScheduleRun, *, by: User) -> int:
    """Book every placed conference and tell every family, all or nothing; the bookings made."""
    if run.status != ScheduleRun.Status.DONE:
        raise PublishError(_("Only a finished run that is not published can be published."))
    try:
        found = review(run)
    except PlacingError as error:
        raise PublishError(str(error)) from None
    if found.problems:
        raise PublishError(
            _("The draft breaks a rule of the schedule; adjust it or run again: %(problems)s")
            % {"problems": " ".join(found.problems[:5])}
        )
    cycle = run.cycle
    locked = found.built.instance.locked_by_student
    made = []
    with transaction.atomic():
        fresh = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if fresh.published_at is not None:
            raise PublishError(_("A schedule for this cycle was published already."))
        for row in found.rows:
            key = student_key(row.student.pk)
            if key in locked:
                continue
            household = found.built.households.get(found.built.instance.student_by_id[key].family)
            times = household.times if household else None
            mode = times.mode if times and times.mode in cycle.modes() else cycle.modes()[0]
            try:
                with transaction.atomic():
                    booking = Booking.objects.create(
                        cycle=cycle,
                        slot=row.slot,
                        student=row.student,
                        mode=mode,
                        interpreter_language=row.language or "",
                        interpreter=row.interpreter,
                        booked_by=by,
                    )
            except IntegrityError:
                raise PublishError(
                    _(
                        "%(student)s's time (%(advisor)s) was booked since the run, or the "
                        "student has a conference already; run the schedule again."
                    )
                    % {
                        "student": row.student.display_name,
                        "advisor": row.slot.advisor.display_name,
                    }
                ) from None
            made.append(booking)
        for booking in made:
            tell(booking, Message.Kind.CONFIRMATION)
        now = timezone.now()
        fresh.published_at = now
        fresh.save(update_fields=["published_at"])
        run.status = ScheduleRun.Status.PUBLISHED
        run.published_at = now
        run.published_by = by
        run.save(update_fields=["status", "published_at", "published_by"])
    return len(made)
