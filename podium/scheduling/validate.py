"""Check any solution against every hard rule, and measure it.

This module works in plain minutes straight from the instance and shares no
code with the solver or the baselines, so that it can judge them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from podium.scheduling.types import (
    MINUTES_PER_DAY,
    Assignment,
    Instance,
    Solution,
    Student,
    Window,
)

# The hard rules, each with the name a violation carries.
RULES = (
    "unknown_student",  # an assignment or an unplaced entry names no student of the instance
    "student_twice",  # a student placed twice, or placed and listed as unplaced
    "student_missing",  # a student neither placed nor listed as unplaced
    "wrong_length",  # end - start is not the student's conference length
    "off_grid",  # start off the step grid
    "wrong_staff",  # staff differ from the student's staff
    "staff_unavailable",  # outside a staff member's availability
    "family_unavailable",  # outside the family's stated availability
    "staff_double_booked",
    "family_double_booked",
    "room_missing",  # the instance has rooms and the conference has none
    "room_not_allowed",  # a room the student may not use, or a room when the instance has none
    "room_unavailable",
    "room_double_booked",
    "interpreter_missing",  # the family needs an interpreter and has none
    "interpreter_not_needed",  # an interpreter given to a family that needs none
    "interpreter_language",  # the interpreter does not speak the family's language
    "interpreter_unavailable",
    "interpreter_double_booked",
    "locked_moved",  # a locked conference not exactly where it was booked
)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


@dataclass(frozen=True)
class Metrics:
    students: int
    placed: int
    interpreted_students: int
    interpreted_placed: int
    sibling_households: int
    sibling_households_seatable: int
    sibling_households_together: int
    wait_minutes_total: int
    wait_minutes_worst: int
    extra_trips: int
    idle_minutes: int
    preference_misses: int
    interpreter_minutes_used: int
    interpreter_minutes_available: int
    cost_terms: dict[str, int] = field(default_factory=dict)

    @property
    def objective(self) -> int:
        """The weighted comfort cost (lower is better), which comes after placement."""
        return sum(self.cost_terms.values())

    @property
    def interpreter_use(self) -> float:
        if not self.interpreter_minutes_available:
            return 0.0
        return self.interpreter_minutes_used / self.interpreter_minutes_available


@dataclass(frozen=True)
class Report:
    violations: tuple[Violation, ...]
    metrics: Metrics

    @property
    def ok(self) -> bool:
        return not self.violations

    def rules_broken(self) -> set[str]:
        return {v.rule for v in self.violations}


def _merge(windows: tuple[Window, ...]) -> list[tuple[int, int]]:
    """Windows sorted, with touching or overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for w in sorted(windows, key=lambda w: w.start):
        if out and w.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], w.end))
        else:
            out.append((w.start, w.end))
    return out


def _inside(windows: tuple[Window, ...], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in _merge(windows))


def _overlaps(items: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """Pairs of labels whose intervals overlap."""
    found = []
    items = sorted(items)
    for i, (_start, end, label) in enumerate(items):
        for start2, _end2, label2 in items[i + 1 :]:
            if start2 >= end:
                break
            found.append((label, label2))
    return found


def validate(instance: Instance, solution: Solution) -> Report:
    violations: list[Violation] = []

    def bad(rule: str, message: str) -> None:
        violations.append(Violation(rule, message))

    st = instance.settings
    students = instance.student_by_id
    locked = instance.locked_by_student
    seen: set[str] = set()
    valid: list[tuple[Assignment, Student]] = []
    for a in solution.assignments:
        s = students.get(a.student)
        if s is None:
            bad("unknown_student", f"assignment for unknown student {a.student!r}")
            continue
        if a.student in seen:
            bad("student_twice", f"{a.student} is placed twice")
            continue
        seen.add(a.student)
        valid.append((a, s))
    for u in solution.unplaced:
        if u.student not in students:
            bad("unknown_student", f"unplaced entry for unknown student {u.student!r}")
        elif u.student in seen:
            bad("student_twice", f"{u.student} is both placed and listed as unplaced")
        else:
            seen.add(u.student)
    for s in instance.students:
        if s.id not in seen:
            bad("student_missing", f"{s.id} is neither placed nor listed as unplaced")

    by_staff: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    by_family: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    by_room: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    by_interpreter: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for a, s in valid:
        family = instance.family_of(s)
        lk = locked.get(s.id)
        if a.end - a.start != instance.minutes_for(s):
            bad(
                "wrong_length",
                f"{s.id} runs {a.end - a.start} minutes, not {instance.minutes_for(s)}",
            )
        if a.start % st.step_minutes:
            bad("off_grid", f"{s.id} starts at {a.start}, off the {st.step_minutes}-minute grid")
        if tuple(a.staff) != tuple(s.staff):
            bad("wrong_staff", f"{s.id} is with {list(a.staff)}, not {list(s.staff)}")
        if lk is not None and (
            lk.start != a.start or lk.room != a.room or lk.interpreter != a.interpreter
        ):
            bad("locked_moved", f"{s.id} was booked at {lk.start} and is now at {a.start}")
        for sid in s.staff:
            member = instance.staff_by_id.get(sid)
            if (
                member is not None
                and lk is None
                and not _inside(member.availability, a.start, a.end)
            ):
                bad("staff_unavailable", f"{sid} is not available {a.start}-{a.end} for {s.id}")
            by_staff[sid].append((a.start, a.end, s.id))
        if lk is None and not _inside(family.availability, a.start, a.end):
            bad("family_unavailable", f"{family.id} is not available {a.start}-{a.end} for {s.id}")
        by_family[family.id].append((a.start, a.end, s.id))

        allowed = instance.allowed_rooms(s)
        if a.room is None:
            if instance.rooms:
                bad("room_missing", f"{s.id} has no room")
        elif a.room not in allowed:
            bad("room_not_allowed", f"{s.id} may not use room {a.room!r}")
        else:
            room = instance.room_by_id[a.room]
            if lk is None and not _inside(room.availability, a.start, a.end):
                bad("room_unavailable", f"room {a.room} is not available {a.start}-{a.end}")
            by_room[a.room].append((a.start, a.end, s.id))

        need = family.interpreter
        if a.interpreter is None:
            if need:
                bad("interpreter_missing", f"{s.id}'s family needs a {need} interpreter")
        elif not need:
            bad("interpreter_not_needed", f"{s.id} has an interpreter the family does not need")
        else:
            it = instance.interpreter_by_id.get(a.interpreter)
            if it is None:
                bad("interpreter_language", f"{s.id}: unknown interpreter {a.interpreter!r}")
            else:
                if need not in it.languages:
                    bad("interpreter_language", f"{it.id} does not speak {need} for {s.id}")
                if lk is None and not _inside(it.availability, a.start, a.end):
                    bad(
                        "interpreter_unavailable",
                        f"{it.id} is not available {a.start}-{a.end} for {s.id}",
                    )
                by_interpreter[it.id].append((a.start, a.end, s.id))

    for rule, table in (
        ("staff_double_booked", by_staff),
        ("family_double_booked", by_family),
        ("room_double_booked", by_room),
        ("interpreter_double_booked", by_interpreter),
    ):
        for key, items in table.items():
            for x, y in _overlaps(items):
                bad(rule, f"{key} is in two conferences at once: {x} and {y}")

    metrics = measure(instance, [a for a, _ in valid])
    return Report(tuple(violations), metrics)


def school_hours(instance: Instance) -> dict[int, tuple[int, int]]:
    """Per day, the first and last minute any staff member is available."""
    spans: dict[int, tuple[int, int]] = {}
    for member in instance.staff:
        for w in member.availability:
            lo, hi = spans.get(w.day, (w.start, w.end))
            spans[w.day] = (min(lo, w.start), max(hi, w.end))
    return spans


def preference_misses(
    instance: Instance,
    student: Student,
    start: int,
    hours: dict[int, tuple[int, int]] | None = None,
) -> int:
    family = instance.family_of(student)
    misses = 0
    day = start // MINUTES_PER_DAY
    if family.preferred_days and day not in family.preferred_days:
        misses += 1
    if family.time_of_day is not None:
        if hours is None:
            hours = school_hours(instance)
        lo, hi = hours.get(day, (start, start))
        early = 2 * start < lo + hi
        if early != (family.time_of_day == "earlier"):
            misses += 1
    return misses


def visits(instance: Instance, times: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A family's conferences grouped into visits: same day, gaps no longer than the wait limit."""
    out: list[list[tuple[int, int]]] = []
    for start, end in sorted(times):
        if out:
            last = out[-1][-1]
            same_day = last[0] // MINUTES_PER_DAY == start // MINUTES_PER_DAY
            if same_day and start - last[1] <= instance.settings.max_wait_minutes:
                out[-1].append((start, end))
                continue
        out.append([(start, end)])
    return out


def measure(instance: Instance, assignments: list[Assignment]) -> Metrics:
    """Every objective term of a set of conferences (assumed to follow the hard rules)."""
    w = instance.weights
    students = instance.student_by_id
    placed = {a.student: a for a in assignments}
    interpreted = [s for s in instance.students if instance.family_of(s).interpreter]
    interpreted_placed = sum(1 for s in interpreted if s.id in placed)

    wait_total = 0
    wait_worst = 0
    extra_trips = 0
    sibling = 0
    together = 0
    seatable_ids = seatable_households(instance)
    for family in instance.families:
        kids = instance.children.get(family.id, ())
        times = [(placed[k.id].start, placed[k.id].end) for k in kids if k.id in placed]
        groups = visits(instance, times)
        wait = sum(b[0] - a[1] for g in groups for a, b in itertools.pairwise(g))
        wait_total += wait
        wait_worst = max(wait_worst, wait)
        extra_trips += max(0, len(groups) - 1)
        if len(kids) >= 2:
            sibling += 1
            if len(times) == len(kids) and len(groups) == 1 and wait == 0:
                together += 1

    idle = 0
    by_staff_day: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for a in assignments:
        for sid in a.staff:
            by_staff_day[sid, a.start // MINUTES_PER_DAY].append((a.start, a.end))
    for (sid, _day), times in by_staff_day.items():
        first = min(t[0] for t in times)
        last = max(t[1] for t in times)
        busy = _merge(tuple(Window(s, e) for s, e in times))
        for lo, hi in _merge(instance.staff_by_id[sid].availability):
            lo, hi = max(lo, first), min(hi, last)
            if lo < hi:
                # The free minutes of this stretch of their hours: a conference
                # outside their hours (one booked by hand) takes none of them.
                idle += (hi - lo) - sum(max(0, min(hi, e) - max(lo, s)) for s, e in busy)

    hours = school_hours(instance)
    misses = sum(
        preference_misses(instance, students[a.student], a.start, hours) for a in assignments
    )
    used = sum(a.end - a.start for a in assignments if a.interpreter is not None)
    available_minutes = sum(
        b - a for it in instance.interpreters for a, b in _merge(it.availability)
    )
    apart = len(seatable_ids) - sum(
        1
        for fid in seatable_ids
        if all(k.id in placed for k in instance.children[fid])
        and _together(instance, [placed[k.id] for k in instance.children[fid]])
    )
    terms = {
        "siblings_apart": w.siblings_apart * apart,
        "extra_trips": w.extra_trip * extra_trips,
        "waiting": w.wait_minute * wait_total,
        "preferences": w.preference_miss * misses,
        "idle": w.idle_minute * idle,
    }
    return Metrics(
        students=len(instance.students),
        placed=len(placed),
        interpreted_students=len(interpreted),
        interpreted_placed=interpreted_placed,
        sibling_households=sibling,
        sibling_households_seatable=len(seatable_ids),
        sibling_households_together=together,
        wait_minutes_total=wait_total,
        wait_minutes_worst=wait_worst,
        extra_trips=extra_trips,
        idle_minutes=idle,
        preference_misses=misses,
        interpreter_minutes_used=used,
        interpreter_minutes_available=available_minutes,
        cost_terms=terms,
    )


def _together(instance: Instance, conferences: list[Assignment]) -> bool:
    times = sorted((a.start, a.end) for a in conferences)
    return all(
        a[1] == b[0] and a[0] // MINUTES_PER_DAY == b[0] // MINUTES_PER_DAY
        for a, b in itertools.pairwise(times)
    )


def seatable_households(instance: Instance) -> set[str]:
    """Families with two or more children who could be seated back to back in one visit.

    "Could" means on an otherwise empty schedule: only the conferences already
    booked (locked) and everyone's availability stand in the way.
    """
    busy: dict[str, list[tuple[int, int]]] = defaultdict(list)  # resource key -> locked times
    for lk in instance.locked:
        s = instance.student_by_id[lk.student]
        end = lk.start + instance.minutes_for(s)
        for sid in s.staff:
            busy["staff:" + sid].append((lk.start, end))
        if lk.room is not None:
            busy["room:" + lk.room].append((lk.start, end))
        if lk.interpreter is not None:
            busy["interpreter:" + lk.interpreter].append((lk.start, end))

    def free(key: str, windows: tuple[Window, ...], start: int, end: int) -> bool:
        if not _inside(windows, start, end):
            return False
        return all(end <= b0 or b1 <= start for b0, b1 in busy.get(key, ()))

    def fits(s: Student, start: int) -> bool:
        end = start + instance.minutes_for(s)
        lk = instance.locked_by_student.get(s.id)
        if lk is not None:
            return lk.start == start
        family = instance.family_of(s)
        if not _inside(family.availability, start, end):
            return False
        for sid in s.staff:
            if not free("staff:" + sid, instance.staff_by_id[sid].availability, start, end):
                return False
        if instance.rooms and not any(
            free("room:" + r, instance.room_by_id[r].availability, start, end)
            for r in instance.allowed_rooms(s)
        ):
            return False
        need = family.interpreter
        return not need or any(
            need in it.languages and free("interpreter:" + it.id, it.availability, start, end)
            for it in instance.interpreters
        )

    step = instance.settings.step_minutes
    found: set[str] = set()
    for family in instance.families:
        kids = instance.children.get(family.id, ())
        if len(kids) < 2:
            continue
        total = sum(instance.minutes_for(k) for k in kids)
        starts: set[int] = set()
        for win in family.availability:
            starts.update(range(win.start - total, win.end, step))
        for kid in kids:
            booked = instance.locked_by_student.get(kid.id)
            if booked is not None:
                starts.update(range(booked.start - total, booked.start + 1, step))
        if _any_block(instance, list(kids), sorted(starts), fits):
            found.add(family.id)
    return found


def _any_block(
    instance: Instance,
    kids: list[Student],
    starts: list[int],
    fits: Callable[[Student, int], bool],
) -> bool:
    for order in itertools.permutations(kids):
        for t in starts:
            if t < 0:
                continue
            day = t // MINUTES_PER_DAY
            at = t
            ok = True
            for k in order:
                if not fits(k, at):
                    ok = False
                    break
                at += instance.minutes_for(k)
            if ok and (at - 1) // MINUTES_PER_DAY == day:
                return True
    return False
