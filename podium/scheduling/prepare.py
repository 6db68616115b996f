"""The instance on its time grid, as the solver and the baselines both see it.

Time becomes grid points (``minute // step``). Each student who is not
locked gets the list of options that fit everyone's availability on an empty
schedule: a start point, a room class and an interpreter class. Rooms (and
interpreters) that are interchangeable for every conference, because they have
the same free time and serve the same students (speak the same languages),
form one class with a capacity: that removes the symmetry of "which of the
four Spanish interpreters" from the search, and a class's members are handed
out afterwards by interval colouring, which always succeeds when no point of
time holds more conferences than the class has members.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from podium.scheduling.types import (
    MINUTES_PER_DAY,
    Assignment,
    Instance,
    InstanceError,
    ReasonCode,
    Solution,
    Unplaced,
    Window,
    check_instance,
)
from podium.scheduling.validate import validate


@dataclass(frozen=True)
class Option:
    start: int  # grid point
    room_class: int  # -1: the instance has no rooms
    interpreter_class: int  # -1: the family needs no interpreter


@dataclass(frozen=True)
class ResourceClass:
    members: tuple[str, ...]
    points: frozenset[int]

    @property
    def capacity(self) -> int:
        return len(self.members)


Choice = dict[int, Option]  # student index -> chosen option (students not locked)


def _points(windows: tuple[Window, ...], step: int) -> set[int]:
    pts: set[int] = set()
    for w in windows:
        pts.update(range(w.start // step, w.end // step))
    return pts


class Prepared:
    """Grid view of an instance; student ``i`` is ``instance.students[i]``."""

    def __init__(self, instance: Instance) -> None:
        problems = check_instance(instance)
        if problems:
            raise InstanceError(problems)
        self.instance = instance
        st = instance.settings
        self.step = step = st.step_minutes
        self.points_per_day = MINUTES_PER_DAY // step
        self.max_wait = st.max_wait_minutes // step
        self.students = instance.students
        n = len(self.students)
        self.index = {s.id: i for i, s in enumerate(self.students)}
        self.duration = [instance.minutes_for(s) // step for s in self.students]
        fam_index = {f.id: i for i, f in enumerate(instance.families)}
        self.family = [fam_index[s.family] for s in self.students]
        self.households: list[list[int]] = [[] for _ in instance.families]
        for i in range(n):
            self.households[self.family[i]].append(i)
        staff_index = {m.id: i for i, m in enumerate(instance.staff)}
        self.staff = [tuple(staff_index[x] for x in s.staff) for s in self.students]
        self.language = [instance.family_of(s).interpreter for s in self.students]
        self.staff_students: list[list[int]] = [[] for _ in instance.staff]
        for i in range(n):
            for k in self.staff[i]:
                self.staff_students[k].append(i)

        # Locked conferences are fixed points in time; they come out of the
        # free time of every person and room they involve.
        self.locked_start: list[int | None] = [None] * n
        self.locked_room: list[str | None] = [None] * n
        self.locked_interpreter: list[str | None] = [None] * n
        locked_busy: dict[str, set[int]] = defaultdict(set)
        for lk in instance.locked:
            i = self.index[lk.student]
            p = lk.start // step
            self.locked_start[i] = p
            self.locked_room[i] = lk.room
            self.locked_interpreter[i] = lk.interpreter
            span = range(p, p + self.duration[i])
            for k in self.staff[i]:
                locked_busy[f"staff:{k}"].update(span)
            locked_busy[f"family:{self.family[i]}"].update(span)
            if lk.room is not None:
                locked_busy[f"room:{lk.room}"].update(span)
            if lk.interpreter is not None:
                locked_busy[f"interpreter:{lk.interpreter}"].update(span)
        self._check_locked()

        self.staff_raw = [_points(m.availability, step) for m in instance.staff]
        self.staff_free = [
            self.staff_raw[k] - locked_busy[f"staff:{k}"] for k in range(len(instance.staff))
        ]
        self.family_raw = [_points(f.availability, step) for f in instance.families]
        self.family_free = [
            self.family_raw[f] - locked_busy[f"family:{f}"] for f in range(len(instance.families))
        ]

        # Room classes: same free time, and allowed for exactly the same students.
        allowed = [instance.allowed_rooms(s) for s in self.students]
        room_groups = sorted({a for a in allowed if a})
        signature: dict[tuple[frozenset[int], tuple[int, ...]], list[str]] = defaultdict(list)
        for r in instance.rooms:
            free = frozenset(_points(r.availability, step) - locked_busy[f"room:{r.id}"])
            groups = tuple(g for g, members in enumerate(room_groups) if r.id in members)
            signature[free, groups].append(r.id)
        self.room_classes = [ResourceClass(tuple(m), pts) for (pts, _), m in signature.items()]
        room_class_of = {m: c for c, rc in enumerate(self.room_classes) for m in rc.members}
        self.allowed_room_classes = [
            sorted({room_class_of[r] for r in a}) if a else [] for a in allowed
        ]

        isig: dict[tuple[frozenset[int], frozenset[str]], list[str]] = defaultdict(list)
        for it in instance.interpreters:
            free = frozenset(_points(it.availability, step) - locked_busy[f"interpreter:{it.id}"])
            isig[free, frozenset(it.languages)].append(it.id)
        self.interpreter_classes = [ResourceClass(tuple(m), pts) for (pts, _), m in isig.items()]
        self.interpreter_languages = [langs for (_, langs) in isig]

        # Preferences, per day: the school's conference hours decide what
        # "earlier" and "later" mean.
        self.hours: dict[int, tuple[int, int]] = {}
        for member in instance.staff:
            for w in member.availability:
                lo, hi = self.hours.get(w.day, (w.start, w.end))
                self.hours[w.day] = (min(lo, w.start), max(hi, w.end))

        self._blocks: dict[int, list[dict[int, int]]] = {}
        self.options: list[list[Option]] = []
        self.reasons: dict[int, tuple[ReasonCode, str]] = {}
        for i in range(n):
            if self.locked_start[i] is not None:
                self.options.append([])
                continue
            opts = self._options_for(i)
            self.options.append(opts)
            if not opts:
                self.reasons[i] = self._why_no_option(i)

    # -- building ---------------------------------------------------------

    def _check_locked(self) -> None:
        inst = self.instance
        fixed = []
        for lk in inst.locked:
            s = inst.student_by_id[lk.student]
            fixed.append(
                Assignment(
                    s.id, lk.start, lk.start + inst.minutes_for(s), s.staff, lk.room, lk.interpreter
                )
            )
        others = tuple(
            Unplaced(s.id, "taken", "") for s in inst.students if s.id not in inst.locked_by_student
        )
        report = validate(inst, Solution(tuple(fixed), others))
        if report.violations:
            raise InstanceError([f"locked conferences: {v.message}" for v in report.violations])

    def span(self, i: int, start: int) -> range:
        return range(start, start + self.duration[i])

    def day_of(self, point: int) -> int:
        return point // self.points_per_day

    def _fits(self, points: set[int] | frozenset[int], span: range) -> bool:
        return all(p in points for p in span)

    def _common_starts(self, i: int, family_pts: set[int], staff_sets: list[set[int]]) -> list[int]:
        out = []
        d = self.duration[i]
        for p in sorted(family_pts):
            if self.day_of(p) != self.day_of(p + d - 1):
                continue
            span = range(p, p + d)
            if self._fits(family_pts, span) and all(self._fits(ss, span) for ss in staff_sets):
                out.append(p)
        return out

    def _interpreter_classes_for(self, i: int) -> list[int]:
        lang = self.language[i]
        return [c for c, langs in enumerate(self.interpreter_languages) if lang in langs]

    def _options_for(self, i: int) -> list[Option]:
        starts = self._common_starts(
            i, self.family_free[self.family[i]], [self.staff_free[k] for k in self.staff[i]]
        )
        rooms = [-1]
        if self.instance.rooms:
            rooms = self.allowed_room_classes[i]
        interpreters = [-1]
        if self.language[i]:
            interpreters = self._interpreter_classes_for(i)
        opts: list[Option] = []
        for p in starts:
            span = self.span(i, p)
            rs = [r for r in rooms if r < 0 or self._fits(self.room_classes[r].points, span)]
            its = [
                c
                for c in interpreters
                if c < 0 or self._fits(self.interpreter_classes[c].points, span)
            ]
            opts.extend(Option(p, r, c) for r in rs for c in its)
        return opts

    def _who(self, i: int) -> str:
        staff = self.instance.staff
        return " and ".join(staff[k].name for k in self.staff[i])

    def _why_no_option(self, i: int) -> tuple[ReasonCode, str]:
        inst = self.instance
        family = inst.families[self.family[i]]
        lang = self.language[i]
        if not family.availability:
            return "family_unavailable", f"The {family.name} family gave no time they can come."
        if lang and not self._interpreter_classes_for(i):
            return (
                "no_interpreter_for_language",
                f"No interpreter speaks {lang}, the language the {family.name} family needs.",
            )
        raw = self._common_starts(
            i, self.family_raw[self.family[i]], [self.staff_raw[k] for k in self.staff[i]]
        )
        if not raw:
            return (
                "no_common_time",
                f"None of the times the {family.name} family can come is a time "
                f"{self._who(i)} can meet.",
            )
        free = self._common_starts(
            i, self.family_free[self.family[i]], [self.staff_free[k] for k in self.staff[i]]
        )
        if not free:
            return (
                "taken",
                f"Every time that suits the {family.name} family and {self._who(i)} "
                "is already booked.",
            )
        if inst.rooms and not any(
            self._fits(self.room_classes[r].points, self.span(i, p))
            for p in free
            for r in self.allowed_room_classes[i]
        ):
            return (
                "no_room_available",
                f"No room {self._who(i)} may use is free at a time that suits the "
                f"{family.name} family.",
            )
        return (
            "no_interpreter_available",
            f"No {lang} interpreter is free at a time that suits the {family.name} family "
            f"and {self._who(i)}.",
        )

    # -- objective pieces -------------------------------------------------

    def misses(self, i: int, start: int) -> int:
        """Preference misses of student ``i`` starting at grid point ``start``."""
        family = self.instance.families[self.family[i]]
        minute = start * self.step
        day = minute // MINUTES_PER_DAY
        misses = 0
        if family.preferred_days and day not in family.preferred_days:
            misses += 1
        if family.time_of_day is not None:
            lo, hi = self.hours.get(day, (minute, minute))
            if (2 * minute < lo + hi) != (family.time_of_day == "earlier"):
                misses += 1
        return misses

    def start_sets(self, i: int) -> set[int]:
        lk = self.locked_start[i]
        if lk is not None:
            return {lk}
        return {o.start for o in self.options[i]}

    def blocks(self, family: int) -> list[dict[int, int]]:
        """Every way to seat the family's children back to back on one day (student -> start)."""
        if family not in self._blocks:
            self._blocks[family] = self._find_blocks(family)
        return self._blocks[family]

    def _find_blocks(self, family: int) -> list[dict[int, int]]:
        kids = self.households[family]
        if len(kids) < 2:
            return []
        sets = {i: self.start_sets(i) for i in kids}
        if any(not s for s in sets.values()):
            return []
        total = sum(self.duration[i] for i in kids)
        found: dict[tuple[tuple[int, int], ...], dict[int, int]] = {}
        for order in itertools.permutations(kids):
            first = order[0]
            for p in sorted(sets[first]):
                if self.day_of(p) != self.day_of(p + total - 1):
                    continue
                at = p
                seat = {}
                for i in order:
                    if at not in sets[i]:
                        break
                    seat[i] = at
                    at += self.duration[i]
                else:
                    found[tuple(sorted(seat.items()))] = seat
        return list(found.values())

    def seatable(self, family: int) -> bool:
        return bool(self.blocks(family))

    # -- the cost of a schedule, piece by piece -----------------------------
    #
    # The same figures as ``validate.measure``, on the grid, one family or
    # one staff member at a time, so that a change to a few students can be
    # priced without measuring the whole school.

    def starts(self, choice: Choice, students: Iterable[int]) -> dict[int, int]:
        """Where each of ``students`` starts (locked ones included); the unplaced are left out."""
        out = {}
        for i in students:
            p = self.locked_start[i]
            if p is None and i in choice:
                p = choice[i].start
            if p is not None:
                out[i] = p
        return out

    def family_cost(self, family: int, starts: dict[int, int]) -> int:
        """Preferences, waiting, extra trips and siblings apart of one family, in points."""
        w = self.instance.weights
        cost = sum(w.preference_miss * self.misses(i, p) for i, p in starts.items())
        kids = self.households[family]
        if len(kids) < 2:
            return cost
        spans = sorted((p, p + self.duration[i]) for i, p in starts.items())
        trips = wait = 0
        together = len(spans) == len(kids)
        for n, (start, _end) in enumerate(spans):
            if n == 0:
                trips = 1
                continue
            last_end = spans[n - 1][1]
            same_day = self.day_of(spans[n - 1][0]) == self.day_of(start)
            if same_day and start - last_end <= self.max_wait:
                wait += start - last_end
            else:
                trips += 1
            together = together and same_day and start == last_end
        cost += w.extra_trip * max(0, trips - 1) + w.wait_minute * self.step * wait
        if not together and self.seatable(family):
            cost += w.siblings_apart
        return cost

    def staff_cost(self, member: int, starts: dict[int, int]) -> int:
        """Idle time of one staff member between their first and last conference of each day."""
        w = self.instance.weights
        busy_by_day: dict[int, set[int]] = defaultdict(set)
        for i, p in starts.items():
            busy_by_day[self.day_of(p)].update(self.span(i, p))
        available = self.staff_raw[member]
        idle = 0
        for busy in busy_by_day.values():
            idle += sum(
                1 for t in range(min(busy), max(busy) + 1) if t in available and t not in busy
            )
        return w.idle_minute * self.step * idle

    def cost(self, choice: Choice) -> int:
        """The weighted comfort cost of a whole schedule (``validate`` agrees)."""
        total = 0
        for f, kids in enumerate(self.households):
            total += self.family_cost(f, self.starts(choice, kids))
        for k, students in enumerate(self.staff_students):
            total += self.staff_cost(k, self.starts(choice, students))
        return total

    # -- turning a choice into a solution ---------------------------------

    def solution(self, choice: Choice) -> Solution:
        """Hand out class members by interval colouring, and explain who is left out."""
        inst = self.instance
        room_of: dict[int, str | None] = {}
        interpreter_of: dict[int, str | None] = {}
        for attr, classes, out in (
            ("room_class", self.room_classes, room_of),
            ("interpreter_class", self.interpreter_classes, interpreter_of),
        ):
            by_class: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for i, o in choice.items():
                c = getattr(o, attr)
                if c >= 0:
                    by_class[c].append((o.start, i))
                else:
                    out[i] = None
            for c, items in by_class.items():
                free_at = dict.fromkeys(classes[c].members, -1)
                for start, i in sorted(items):
                    member = next((m for m, t in free_at.items() if t <= start), None)
                    if member is None:
                        raise AssertionError(f"class {c} over capacity at point {start}")
                    out[i] = member
                    free_at[member] = start + self.duration[i]
        assignments = []
        for i, s in enumerate(self.students):
            lk = self.locked_start[i]
            if lk is not None:
                start, room, interp = lk, self.locked_room[i], self.locked_interpreter[i]
            elif i in choice:
                start, room, interp = choice[i].start, room_of[i], interpreter_of[i]
            else:
                continue
            minute = start * self.step
            assignments.append(
                Assignment(s.id, minute, minute + inst.minutes_for(s), s.staff, room, interp)
            )
        use = _Use(self, choice)
        unplaced = tuple(
            Unplaced(s.id, *self.explain(i, choice, use))
            for i, s in enumerate(self.students)
            if self.locked_start[i] is None and i not in choice
        )
        return Solution(tuple(assignments), unplaced)

    def explain(self, i: int, choice: Choice, use: _Use | None = None) -> tuple[ReasonCode, str]:
        """Why student ``i`` is not in ``choice``: no fitting time at all, or each one taken.

        ``use`` is ``choice``'s ``_Use``, when several students are explained.
        """
        if i in self.reasons:
            return self.reasons[i]
        use = use or _Use(self, choice)
        staff_busy, room_use, interp_use = use.staff, use.rooms, use.interpreters
        f = self.family[i]
        family_busy = use.families[f]
        starts = sorted({o.start for o in self.options[i]})
        blocked: dict[str, int] = defaultdict(int)
        for p in starts:
            span = self.span(i, p)
            for k in self.staff[i]:
                if any(q in staff_busy[k] for q in span):
                    blocked[f"{self.instance.staff[k].name} is busy"] += 1
            if any(q in family_busy for q in span):
                blocked["the family is at another of its conferences"] += 1
            opts = [o for o in self.options[i] if o.start == p]
            if opts and all(
                o.room_class >= 0
                and any(
                    room_use[o.room_class, q] >= self.room_classes[o.room_class].capacity
                    for q in span
                )
                for o in opts
            ):
                blocked["every room is in use"] += 1
            if opts and all(
                o.interpreter_class >= 0
                and any(
                    interp_use[o.interpreter_class, q]
                    >= self.interpreter_classes[o.interpreter_class].capacity
                    for q in span
                )
                for o in opts
            ):
                blocked[f"every {self.language[i]} interpreter is busy"] += 1
        family = self.instance.families[f]
        why = ", ".join(
            f"{what} at {n}" for what, n in sorted(blocked.items(), key=lambda x: -x[1])
        )
        noun = "time" if len(starts) == 1 else "times"
        return (
            "taken",
            f"All {len(starts)} {noun} that suit the {family.name} family and {self._who(i)} "
            f"are taken ({why}).",
        )


class _Use:
    """Who is busy when in a choice: staff and families by grid point, rooms and
    interpreters by class and grid point."""

    def __init__(self, prep: Prepared, choice: Choice) -> None:
        self.staff: dict[int, set[int]] = defaultdict(set)
        self.families: dict[int, set[int]] = defaultdict(set)
        self.rooms: dict[tuple[int, int], int] = defaultdict(int)
        self.interpreters: dict[tuple[int, int], int] = defaultdict(int)
        for j, o in choice.items():
            span = prep.span(j, o.start)
            for k in prep.staff[j]:
                self.staff[k].update(span)
            self.families[prep.family[j]].update(span)
            for p in span:
                if o.room_class >= 0:
                    self.rooms[o.room_class, p] += 1
                if o.interpreter_class >= 0:
                    self.interpreters[o.interpreter_class, p] += 1
