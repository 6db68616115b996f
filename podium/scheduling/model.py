"""The CP-SAT model of a schedule: time-indexed, over some students, with the rest fixed.

One boolean per option of each free student (a start on the grid, a room
class, an interpreter class; see ``prepare``). At every grid point, each
staff member and each family is in at most one conference, and each room or
interpreter class holds at most as many conferences as it has members.

``level1`` is placement, lexicographically: students first, then students
whose family needs an interpreter. ``cost`` is the weighted comfort cost of
``Weights``, each term modelled exactly, so that for the same conferences the
model's cost equals the validator's:

- siblings together: one boolean per back-to-back arrangement of a household
  (``Prepared.blocks``), each implying its conferences;
- waiting and trips: a "present at school" boolean per family and grid point
  of a day, at least "busy"; a gap up to the wait limit must be waited out
  (leaving at ``t`` forbids a conference at ``t+2 .. t+1+G``) and no wait may
  be longer (a window of ``G + 1`` idle points is forbidden); each arrival is
  a trip;
- compact staff days: the same "present" booleans per staff member and day,
  with a single arrival, so that presence spans the first to the last
  conference and every available point in between that is not a conference
  is idle.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from podium.scheduling.prepare import Choice, Option, Prepared

LinearExpr = cp_model.LinearExpr | int
BoolVar = cp_model.IntVar


@dataclass
class Presence:
    """Present-at-school booleans of one family or staff member, by grid point."""

    present: dict[int, BoolVar] = field(default_factory=dict)
    arrival: dict[int, BoolVar] = field(default_factory=dict)
    first: set[int] = field(default_factory=set)  # the first point of each day's range


class Model:
    """The model over ``free`` students, with ``pinned`` ones (and locked ones) fixed.

    With ``whole`` set, every student is free and the objective includes the
    constant cost of the locked conferences, so that it equals the validator's.
    """

    def __init__(
        self, prep: Prepared, free: Iterable[int], pinned: Choice, *, whole: bool = False
    ) -> None:
        self.prep = prep
        self.whole = whole
        self.pinned = pinned
        self.m = cp_model.CpModel()
        self.fixed_start: dict[int, int] = {i: o.start for i, o in pinned.items()}
        for i, p in enumerate(prep.locked_start):
            if p is not None:
                self.fixed_start[i] = p
        self.fixed_staff: dict[tuple[int, int], int] = defaultdict(int)
        self.fixed_family: dict[tuple[int, int], int] = defaultdict(int)
        fixed_rooms: dict[tuple[int, int], int] = defaultdict(int)
        fixed_interp: dict[tuple[int, int], int] = defaultdict(int)
        for i, p0 in self.fixed_start.items():
            for p in prep.span(i, p0):
                for k in prep.staff[i]:
                    self.fixed_staff[k, p] += 1
                self.fixed_family[prep.family[i], p] += 1
        for i, o in pinned.items():  # locked ones are already out of the classes' time
            for p in prep.span(i, o.start):
                if o.room_class >= 0:
                    fixed_rooms[o.room_class, p] += 1
                if o.interpreter_class >= 0:
                    fixed_interp[o.interpreter_class, p] += 1

        self.x: dict[int, list[tuple[Option, BoolVar]]] = {}
        self.staff_busy: dict[tuple[int, int], list[BoolVar]] = defaultdict(list)
        self.family_busy: dict[tuple[int, int], list[BoolVar]] = defaultdict(list)
        self.by_start: dict[tuple[int, int], list[BoolVar]] = defaultdict(list)
        room_use: dict[tuple[int, int], list[BoolVar]] = defaultdict(list)
        interp_use: dict[tuple[int, int], list[BoolVar]] = defaultdict(list)
        # Every capacity row of the placement model, for its linear relaxation.
        self.rows: list[tuple[list[BoolVar], int, str]] = []
        m = self.m
        for i in free:
            if i in self.fixed_start:
                continue
            row = []
            fam = prep.family[i]
            for o in prep.options[i]:
                span = prep.span(i, o.start)
                if any(
                    self.fixed_family.get((fam, p))
                    or any(self.fixed_staff.get((k, p)) for k in prep.staff[i])
                    or (
                        o.room_class >= 0
                        and fixed_rooms.get((o.room_class, p), 0)
                        >= prep.room_classes[o.room_class].capacity
                    )
                    or (
                        o.interpreter_class >= 0
                        and fixed_interp.get((o.interpreter_class, p), 0)
                        >= prep.interpreter_classes[o.interpreter_class].capacity
                    )
                    for p in span
                ):
                    continue
                v = m.new_bool_var(f"x{i}_{o.start}_{o.room_class}_{o.interpreter_class}")
                row.append((o, v))
                self.by_start[i, o.start].append(v)
                for p in span:
                    for k in prep.staff[i]:
                        self.staff_busy[k, p].append(v)
                    self.family_busy[fam, p].append(v)
                    if o.room_class >= 0:
                        room_use[o.room_class, p].append(v)
                    if o.interpreter_class >= 0:
                        interp_use[o.interpreter_class, p].append(v)
            self.x[i] = row
            if len(row) > 1:
                m.add_at_most_one(v for _, v in row)
                self.rows.append(([v for _, v in row], 1, "student"))
        for kind, table in (("staff", self.staff_busy), ("family", self.family_busy)):
            for vs in table.values():
                if len(vs) > 1:
                    m.add_at_most_one(vs)
                    self.rows.append((vs, 1, kind))
        for (c, p), vs in room_use.items():
            cap = prep.room_classes[c].capacity - fixed_rooms.get((c, p), 0)
            if len(vs) > cap:
                m.add(sum(vs) <= cap)
                self.rows.append((vs, cap, "room"))
        for (c, p), vs in interp_use.items():
            cap = prep.interpreter_classes[c].capacity - fixed_interp.get((c, p), 0)
            if len(vs) > cap:
                m.add(sum(vs) <= cap)
                self.rows.append((vs, cap, "interpreter"))

        self.placed: dict[int, LinearExpr] = {
            i: sum(v for _, v in row) for i, row in self.x.items()
        }
        interpreted = [i for i in self.x if prep.language[i]]
        # Placement, lexicographically: students first, then interpreted students.
        self.k1 = sum(1 for i in prep.index.values() if prep.language[i]) + 1
        self.level1: LinearExpr = self.k1 * sum(self.placed.values()) + sum(
            self.placed[i] for i in interpreted
        )
        self._cost: LinearExpr | None = None
        self.blocks: list[tuple[dict[int, int], BoolVar]] = []
        self.family_presence: dict[int, tuple[Presence, BoolVar]] = {}
        self.staff_presence: dict[int, Presence] = {}
        # Only preferences and siblings apart, none of the presence booleans:
        # a cheap guide for large neighbourhoods.
        self.light = False

    def level1_of(self, choice: Choice) -> int:
        prep = self.prep
        return sum(self.k1 + (1 if prep.language[i] else 0) for i in choice if i in self.x)

    @property
    def cost(self) -> LinearExpr:
        """The comfort cost, built on first use (the placement step does not need it)."""
        if self._cost is None:
            self._cost = self._build_cost()
        return self._cost

    def presence(self, name: str, busy: dict[int, LinearExpr], one_arrival: bool) -> Presence:
        """Presence booleans over each day's span of ``busy`` (point -> busy expression)."""
        prep, m = self.prep, self.m
        by_day: dict[int, list[int]] = defaultdict(list)
        for p in busy:
            by_day[prep.day_of(p)].append(p)
        out = Presence()
        for pts in by_day.values():
            lo, hi = min(pts), max(pts)
            out.first.add(lo)
            day_arrivals = []
            prev: BoolVar | None = None
            for t in range(lo, hi + 1):
                pr = m.new_bool_var(f"{name}_p{t}")
                out.present[t] = pr
                if t in busy:
                    m.add(pr >= busy[t])
                a = m.new_bool_var(f"{name}_a{t}")
                m.add(a >= (pr if prev is None else pr - prev))
                out.arrival[t] = a
                day_arrivals.append(a)
                prev = pr
            if one_arrival:
                m.add(sum(day_arrivals) <= 1)
        return out

    def _build_cost(self) -> LinearExpr:
        prep, m = self.prep, self.m
        w = prep.instance.weights
        step = prep.step
        g = prep.max_wait
        terms: list[LinearExpr] = []
        constant = 0

        # Preferences.
        for i, row in self.x.items():
            for o, v in row:
                miss = prep.misses(i, o.start)
                if miss:
                    terms.append(w.preference_miss * miss * v)
        if self.whole:
            for i, p in enumerate(prep.locked_start):
                if p is not None:
                    constant += w.preference_miss * prep.misses(i, p)

        # Families: siblings together, waiting, trips.
        family_points: dict[int, dict[int, LinearExpr]] = defaultdict(dict)
        for (f, p), vs in self.family_busy.items():
            family_points[f][p] = sum(vs) + self.fixed_family.get((f, p), 0)
        touched = set(family_points)
        if self.whole:
            touched.update(f for f, _ in self.fixed_family)
        for (f, p), n in self.fixed_family.items():
            if f in touched:
                family_points[f].setdefault(p, n)
        for f in sorted(touched):
            kids = prep.households[f]
            if len(kids) < 2:
                continue
            blocks = prep.blocks(f)
            if blocks:
                bs: list[BoolVar] = []
                for seat in blocks:
                    if not all(
                        self.fixed_start.get(i) == start
                        if i in self.fixed_start
                        else bool(self.by_start.get((i, start)))
                        for i, start in seat.items()
                    ):
                        continue
                    b = m.new_bool_var(f"block{f}_{len(bs)}")
                    for i, start in seat.items():
                        if i not in self.fixed_start:
                            m.add(b <= sum(self.by_start[i, start]))
                    bs.append(b)
                    self.blocks.append((seat, b))
                if bs:
                    m.add_at_most_one(bs)
                    terms.append(w.siblings_apart * (1 - sum(bs)))
                elif self.whole:
                    constant += w.siblings_apart
            if self.light:
                continue
            busy = family_points[f]
            pres = self.presence(f"f{f}", busy, one_arrival=False)
            present = pres.present
            for t, pr in present.items():
                nxt = present.get(t + 1)
                if nxt is not None:
                    # Leaving at t: no conference in the next G + 1 points after t + 1.
                    for k in range(2, g + 2):
                        if (t + k) in busy and (t + k) in present:
                            m.add(busy[t + k] + pr - nxt <= 1)
                if all((t + j) in present for j in range(g + 1)):
                    m.add(sum(present[t + j] - busy.get(t + j, 0) for j in range(g + 1)) <= g)
                terms.append(w.wait_minute * step * (pr - busy.get(t, 0)))
            anyone = m.new_bool_var(f"any{f}")
            n_fixed = sum(1 for i in kids if i in self.fixed_start)
            m.add(anyone <= sum(self.placed[i] for i in kids if i in self.placed) + n_fixed)
            # Redundant, but keeps the linear relaxation from paying a negative extra trip.
            m.add(anyone <= sum(pres.arrival.values()))
            terms.append(w.extra_trip * (sum(pres.arrival.values()) - anyone))
            self.family_presence[f] = (pres, anyone)

        # Staff: compact days.
        if w.idle_minute and not self.light:
            staff_points: dict[int, dict[int, LinearExpr]] = defaultdict(dict)
            for (k, p), vs in self.staff_busy.items():
                staff_points[k][p] = sum(vs) + self.fixed_staff.get((k, p), 0)
            touched = set(staff_points)
            if self.whole:
                touched.update(k for k, _ in self.fixed_staff)
            for (k, p), n in self.fixed_staff.items():
                if k in touched:
                    staff_points[k].setdefault(p, n)
            for k in sorted(touched):
                busy_k = staff_points[k]
                pres = self.presence(f"s{k}", busy_k, one_arrival=True)
                self.staff_presence[k] = pres
                available = prep.staff_raw[k]
                for t, pr in pres.present.items():
                    if t in available:
                        terms.append(w.idle_minute * step * (pr - busy_k.get(t, 0)))
        return sum(terms) + constant

    def choice(self, solver: cp_model.CpSolver) -> Choice:
        out: Choice = {}
        for i, row in self.x.items():
            for o, v in row:
                if solver.boolean_value(v):
                    out[i] = o
        return out

    def hint(self, choice: Choice) -> None:
        """Hint every variable from a schedule of the free students, auxiliaries included."""
        prep, m = self.prep, self.m
        m.clear_hints()
        for i, row in self.x.items():
            for o, v in row:
                m.add_hint(v, choice.get(i) == o)
        if self._cost is None:
            return
        start: dict[int, int] = dict(self.fixed_start)
        for i, o in choice.items():
            if i in self.x:
                start[i] = o.start
        family_busy: dict[int, set[int]] = defaultdict(set)
        staff_busy: dict[int, set[int]] = defaultdict(set)
        for i, p in start.items():
            span = prep.span(i, p)
            family_busy[prep.family[i]].update(span)
            for k in prep.staff[i]:
                staff_busy[k].update(span)
        for seat, b in self.blocks:
            m.add_hint(b, all(start.get(i) == p for i, p in seat.items()))
        for f, (pres, anyone) in self.family_presence.items():
            busy = family_busy[f]
            on = set(busy)
            for day_points in _by_day(prep, busy):
                for p, q in itertools.pairwise(day_points):
                    if q - p - 1 <= prep.max_wait:
                        on.update(range(p + 1, q))
            self._hint_presence(pres, on)
            m.add_hint(anyone, bool(busy))
        for k, pres in self.staff_presence.items():
            on = set()
            for day_points in _by_day(prep, staff_busy[k]):
                on.update(range(day_points[0], day_points[-1] + 1))
            self._hint_presence(pres, on)

    def _hint_presence(self, pres: Presence, on: set[int]) -> None:
        for t, pr in pres.present.items():
            self.m.add_hint(pr, t in on)
            came = t in on and (t in pres.first or (t - 1) not in on)
            self.m.add_hint(pres.arrival[t], came)

    @property
    def size(self) -> int:
        return sum(len(row) for row in self.x.values())


def _by_day(prep: Prepared, points: set[int]) -> list[list[int]]:
    days: dict[int, list[int]] = defaultdict(list)
    for p in sorted(points):
        days[prep.day_of(p)].append(p)
    return list(days.values())


# The CP-SAT worker that keeps the full linear relaxation (at-most-ones and
# the presence constraints included) proves these models far faster than the
# default one, whose relaxation is too weak here. With two workers, the
# second runs CP-SAT's own neighbourhood searches.
DEFAULT_PARAMETERS: dict[str, object] = {"subsolvers": ["max_lp"]}
# On the small models of a neighbourhood, probing and symmetry detection
# take longer than they save.
NEIGHBOURHOOD_PARAMETERS: dict[str, object] = {
    **DEFAULT_PARAMETERS,
    "cp_model_probing_level": 0,
    "symmetry_level": 0,
}


def make_solver(
    seconds: float,
    *,
    workers: int,
    seed: int,
    log: bool = False,
    parameters: dict[str, object] | None = None,
) -> cp_model.CpSolver:
    """A CP-SAT solver with ``parameters`` (by name; ``DEFAULT_PARAMETERS`` when None)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    for name, value in (DEFAULT_PARAMETERS if parameters is None else parameters).items():
        field_ = getattr(solver.parameters, name)
        if isinstance(value, list):
            for item in value:
                field_.append(item)
        else:
            setattr(solver.parameters, name, value)
    return solver
