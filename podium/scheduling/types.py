"""What the scheduler takes in and gives back: frozen dataclasses, no Django.

Time is a whole number of minutes from the start of the conference week
(Monday 00:00 of that week, in the school's time zone), so that minute 780 is
Monday 13:00 and minute 1440 + 1020 is Tuesday 17:00. Day ``d`` covers minutes
``[1440 * d, 1440 * (d + 1))``. Conferences start on a grid of
``Settings.step_minutes``; every availability window and every locked
conference must sit on that grid (the booking pages only offer grid times).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

MINUTES_PER_DAY = 1440

TimeOfDay = Literal["earlier", "later"]

ReasonCode = Literal[
    "family_unavailable",
    "no_interpreter_for_language",
    "no_common_time",
    "no_room_available",
    "no_interpreter_available",
    "taken",
]
REASON_CODES: tuple[ReasonCode, ...] = (
    "family_unavailable",
    "no_interpreter_for_language",
    "no_common_time",
    "no_room_available",
    "no_interpreter_available",
    "taken",
)


@dataclass(frozen=True)
class Window:
    """A stretch of time ``[start, end)`` in minutes from the start of the week."""

    start: int
    end: int

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    @property
    def day(self) -> int:
        return self.start // MINUTES_PER_DAY


@dataclass(frozen=True)
class Settings:
    """How conferences are laid out in time.

    The defaults are a 20-minute conference on a 20-minute grid, a double slot
    for a conference held through an interpreter (everything is said twice),
    and an hour as the longest a family waits at school between two
    conferences: a longer gap sends them home and back, a second trip.
    """

    step_minutes: int = 20
    conference_minutes: int = 20
    interpreted_minutes: int = 40
    max_wait_minutes: int = 60


@dataclass(frozen=True)
class Weights:
    """The price of each imperfection, in points; the scheduler minimises the sum.

    Placement comes before all of these, lexicographically: the scheduler
    first places as many students as can be placed, and among those as many
    students whose family needs an interpreter as it can (the families a
    school most often fails to reach); then, among schedules placing that
    many, it minimises this weighted cost. No comfort is worth a student's
    conference.

    - ``siblings_apart``: each household with two or more children that could
      have been seated back to back in one visit but was not;
    - ``extra_trip``: each visit to school beyond a family's first;
    - ``wait_minute``: each minute a family waits between two conferences of
      one visit;
    - ``preference_miss``: each conference off the family's preferred day, and
      each in the half of the day the family did not ask for;
    - ``idle_minute``: each minute a staff member is free between their first
      and last conference of a day (a compact day for advisors).

    Keep ``extra_trip >= wait_minute * Settings.max_wait_minutes`` so that a
    family would rather wait out any gap the settings call waiting.
    """

    siblings_apart: int = 300
    extra_trip: int = 120
    wait_minute: int = 2
    preference_miss: int = 30
    idle_minute: int = 1


@dataclass(frozen=True)
class Staff:
    """An advisor or another adult who takes part in conferences (counselor, specialist)."""

    id: str
    name: str
    availability: tuple[Window, ...]
    home_room: str | None = None
    role: str = "advisor"


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    availability: tuple[Window, ...]


@dataclass(frozen=True)
class Interpreter:
    id: str
    name: str
    languages: tuple[str, ...]
    availability: tuple[Window, ...]


@dataclass(frozen=True)
class Family:
    """A household: all its guardians and children come together, one conference at a time.

    ``interpreter`` is the language an interpreter must speak for this family,
    or None when the family needs none. ``preferred_days`` are day numbers
    (0 = Monday); ``time_of_day`` asks for the earlier or later half of the
    school's conference hours on a day.
    """

    id: str
    name: str
    availability: tuple[Window, ...]
    guardians: tuple[str, ...] = ()
    language: str = "en"
    interpreter: str | None = None
    preferred_days: tuple[int, ...] = ()
    time_of_day: TimeOfDay | None = None


@dataclass(frozen=True)
class Student:
    """A student who needs one conference with all of ``staff`` (the first is the advisor).

    ``rooms`` lists the rooms the conference may use; empty means the lead
    staff member's home room, or any room when they have none. ``minutes``
    overrides the conference length from the settings.
    """

    id: str
    name: str
    family: str
    staff: tuple[str, ...]
    rooms: tuple[str, ...] = ()
    minutes: int | None = None


@dataclass(frozen=True)
class Locked:
    """A conference already booked: it stays exactly here."""

    student: str
    start: int
    room: str | None = None
    interpreter: str | None = None


@dataclass(frozen=True)
class Instance:
    name: str
    staff: tuple[Staff, ...]
    families: tuple[Family, ...]
    students: tuple[Student, ...]
    rooms: tuple[Room, ...] = ()
    interpreters: tuple[Interpreter, ...] = ()
    locked: tuple[Locked, ...] = ()
    settings: Settings = field(default_factory=Settings)
    weights: Weights = field(default_factory=Weights)

    @cached_property
    def staff_by_id(self) -> dict[str, Staff]:
        return {s.id: s for s in self.staff}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def interpreter_by_id(self) -> dict[str, Interpreter]:
        return {i.id: i for i in self.interpreters}

    @cached_property
    def family_by_id(self) -> dict[str, Family]:
        return {f.id: f for f in self.families}

    @cached_property
    def student_by_id(self) -> dict[str, Student]:
        return {s.id: s for s in self.students}

    @cached_property
    def locked_by_student(self) -> dict[str, Locked]:
        return {lk.student: lk for lk in self.locked}

    @cached_property
    def children(self) -> dict[str, tuple[Student, ...]]:
        """Each family's students, in instance order."""
        kids: dict[str, list[Student]] = {f.id: [] for f in self.families}
        for s in self.students:
            kids.setdefault(s.family, []).append(s)
        return {f: tuple(ss) for f, ss in kids.items()}

    def family_of(self, student: Student) -> Family:
        return self.family_by_id[student.family]

    def minutes_for(self, student: Student) -> int:
        if student.minutes is not None:
            return student.minutes
        if self.family_of(student).interpreter:
            return self.settings.interpreted_minutes
        return self.settings.conference_minutes

    def allowed_rooms(self, student: Student) -> tuple[str, ...]:
        """The rooms this student's conference may use (empty when the instance has no rooms)."""
        if not self.rooms:
            return ()
        if student.rooms:
            return student.rooms
        lead = self.staff_by_id.get(student.staff[0]) if student.staff else None
        if lead is not None and lead.home_room is not None:
            return (lead.home_room,)
        return tuple(r.id for r in self.rooms)

    def needs_interpreter(self, student: Student) -> str | None:
        return self.family_of(student).interpreter


@dataclass(frozen=True)
class Assignment:
    """One placed conference."""

    student: str
    start: int
    end: int
    staff: tuple[str, ...]
    room: str | None = None
    interpreter: str | None = None


@dataclass(frozen=True)
class Unplaced:
    """A student the schedule leaves out, and why, in words an office can act on."""

    student: str
    reason: ReasonCode
    detail: str


@dataclass(frozen=True)
class Solution:
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...] = ()

    @cached_property
    def by_student(self) -> dict[str, Assignment]:
        return {a.student: a for a in self.assignments}


class InstanceError(ValueError):
    """The instance contradicts itself (unknown ids, windows off the grid, ...)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"invalid instance: {shown}{more}")


def check_instance(instance: Instance) -> list[str]:
    """Every way the instance contradicts itself, each naming the field path."""
    problems: list[str] = []
    st = instance.settings
    step = st.step_minutes
    if step <= 0:
        problems.append("settings.step_minutes: must be positive")
        return problems
    for name in ("conference_minutes", "interpreted_minutes", "max_wait_minutes"):
        value = getattr(st, name)
        if value <= 0 or value % step:
            problems.append(f"settings.{name}: {value} is not a positive multiple of {step}")

    def windows(path: str, ws: tuple[Window, ...]) -> None:
        for i, w in enumerate(ws):
            if w.end <= w.start:
                problems.append(f"{path}[{i}]: ends at {w.end}, not after its start {w.start}")
            for end_name, value in (("start", w.start), ("end", w.end)):
                if value % step:
                    problems.append(
                        f"{path}[{i}].{end_name}: {value} is off the {step}-minute grid"
                    )
            if w.start // MINUTES_PER_DAY != (w.end - 1) // MINUTES_PER_DAY:
                problems.append(f"{path}[{i}]: crosses midnight")

    def unique(kind: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, x in enumerate(ids):
            if x in seen:
                problems.append(f"{kind}[{i}].id: duplicate id {x!r}")
            seen.add(x)

    unique("staff", [s.id for s in instance.staff])
    unique("rooms", [r.id for r in instance.rooms])
    unique("interpreters", [i.id for i in instance.interpreters])
    unique("families", [f.id for f in instance.families])
    unique("students", [s.id for s in instance.students])
    for i, s in enumerate(instance.staff):
        windows(f"staff[{i}].availability", s.availability)
        if s.home_room is not None and s.home_room not in instance.room_by_id:
            problems.append(f"staff[{i}].home_room: unknown room {s.home_room!r}")
    for i, r in enumerate(instance.rooms):
        windows(f"rooms[{i}].availability", r.availability)
    for i, it in enumerate(instance.interpreters):
        windows(f"interpreters[{i}].availability", it.availability)
    for i, f in enumerate(instance.families):
        windows(f"families[{i}].availability", f.availability)
    for i, student in enumerate(instance.students):
        if student.family not in instance.family_by_id:
            problems.append(f"students[{i}].family: unknown family {student.family!r}")
        if not student.staff:
            problems.append(f"students[{i}].staff: needs at least one staff member")
        if len(set(student.staff)) != len(student.staff):
            problems.append(f"students[{i}].staff: lists a staff member twice")
        for j, sid in enumerate(student.staff):
            if sid not in instance.staff_by_id:
                problems.append(f"students[{i}].staff[{j}]: unknown staff member {sid!r}")
        for j, rid in enumerate(student.rooms):
            if rid not in instance.room_by_id:
                problems.append(f"students[{i}].rooms[{j}]: unknown room {rid!r}")
        if student.minutes is not None and (student.minutes <= 0 or student.minutes % step):
            problems.append(f"students[{i}].minutes: {student.minutes} is not a multiple of {step}")
    seen_locked: set[str] = set()
    for i, lk in enumerate(instance.locked):
        path = f"locked[{i}]"
        if lk.student not in instance.student_by_id:
            problems.append(f"{path}.student: unknown student {lk.student!r}")
        if lk.student in seen_locked:
            problems.append(f"{path}.student: {lk.student!r} is locked twice")
        seen_locked.add(lk.student)
        if lk.start % step:
            problems.append(f"{path}.start: {lk.start} is off the {step}-minute grid")
        if lk.room is not None and lk.room not in instance.room_by_id:
            problems.append(f"{path}.room: unknown room {lk.room!r}")
        if lk.interpreter is not None and lk.interpreter not in instance.interpreter_by_id:
            problems.append(f"{path}.interpreter: unknown interpreter {lk.interpreter!r}")
    return problems
