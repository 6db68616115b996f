"""Proven bounds: the most that can be placed, and the least the comfort can cost.

The placement ceiling
---------------------

The linear relaxation of the placement model (GLOP) bounds placement, but
loosely where families, advisors and interpreters compete for the same few
evening slots. Its dual tells which students compete: those with an option on
a capacity row whose dual is positive, and their siblings (the *contested*
students, ``H``). For any set ``H`` of students,

    placement <= (weight of the students outside H) + (best placement of H alone)

because dropping every constraint between H and the others only helps, and a
student outside H contributes at most their own weight. CP-SAT solves "H
alone" exactly (it falls apart into independent pieces, most of them small;
a piece not proven in time counts with CP-SAT's bound). The argument holds
for any H, so it does not depend on the LP's floating point, only on
CP-SAT's proof; the ceiling reported is the lower of it and the relaxation's.

It also tells who must be placed: once a schedule reaches that split ceiling,
leaving out any student outside H would lose their weight, so every schedule
placing as many places all of them; and so does leaving out a student of a
piece of H whose best places all of its students.

The comfort floor
-----------------

The cost is a sum of terms that are never negative, each belonging to one
family or one staff member, so the least each family's terms can cost, each
family on its own, added up, bounds the total from below. The floor prices
each family alone (its preferences, and a household of students who must
all be placed either sits back to back in one of its possible blocks or
pays the siblings term and at least one wait or trip) and counts no staff
idle time. It is cheap and loose: it ignores that advisors and families
compete, which is most of the cost of a tight school.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from podium.scheduling.model import LinearExpr, Model, make_solver
from podium.scheduling.prepare import Choice, Option, Prepared

# Above this many option booleans, the relaxation leaves out the family and
# room rows from the start: with them GLOP takes minutes on a 5,000-student
# school, without them seconds, and the contested students solved exactly
# make up most of the difference.
FULL_RELAXATION_OPTIONS = 40000


def floor_of(value: float) -> int:
    """Round a bound from floating point down, with room for the LP's tolerance."""
    return math.floor(value + 1e-6 * max(1.0, abs(value)))


def ceil_of(value: float) -> int:
    return math.ceil(value - 1e-6 * max(1.0, abs(value)))


class PlacementLP:
    """The linear relaxation of the placement model (GLOP), near a given schedule.

    It maximises level1 and, among its optima, keeps as many students of
    ``near`` at their option as it can: ``n`` times level1 plus one per
    student kept, ``n`` above the number of students, so that keeping can
    never pay for less placement. ``without`` leaves out the capacity rows
    of some kinds (``"family"``, ``"room"``, ``"interpreter"``): looser, and
    much faster on a large school.
    """

    def __init__(
        self, model: Model, *, near: Choice | None = None, without: frozenset[str] = frozenset()
    ) -> None:
        prep = model.prep
        near = near or {}
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        self.n = len(model.x) + 1
        self.weight = {i: model.k1 + (1 if prep.language[i] else 0) for i in model.x}
        self.columns: dict[int, list[tuple[Option, pywraplp.Variable]]] = {}
        self.student_rows: dict[int, pywraplp.Constraint] = {}
        self.capacity_rows: list[tuple[pywraplp.Constraint, list[int]]] = []
        owner: dict[int, int] = {}
        column: dict[int, pywraplp.Variable] = {}
        objective = lp.Objective()
        for i, row in model.x.items():
            c = lp.Constraint(0.0, 1.0)
            self.student_rows[i] = c
            self.columns[i] = []
            for o, v in row:
                column[v.index] = var = lp.NumVar(0.0, 1.0, "")
                owner[v.index] = i
                c.SetCoefficient(var, 1.0)
                objective.SetCoefficient(var, float(self.n * self.weight[i] + (near.get(i) == o)))
                self.columns[i].append((o, var))
        objective.SetMaximization()
        for vs, cap, kind in model.rows:
            if kind == "student" or kind in without:
                continue
            c = lp.Constraint(0.0, float(cap))
            for v in vs:
                c.SetCoefficient(column[v.index], 1.0)
            self.capacity_rows.append((c, sorted({owner[v.index] for v in vs})))
        self.value: float | None = None

    def solve(self, seconds: float) -> bool:
        """False when GLOP does not finish within ``seconds``."""
        self.lp.SetTimeLimit(max(1, int(seconds * 1000)))
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return False
        # Any schedule's level1 is at most the optimum's, plus what keeping
        # students in place earned it (divided by n): less than one more.
        self.value = float(self.lp.Objective().Value()) / self.n
        return True

    def contested(self) -> frozenset[int]:
        """The students on a capacity row whose dual is worth a hundredth of a student or
        more, or whose own row's dual falls that much short of their weight."""
        least = 0.01 * self.n
        out: set[int] = set()
        for c, students in self.capacity_rows:
            if c.dual_value() > least:
                out.update(students)
        for i, c in self.student_rows.items():
            if c.dual_value() < self.n * self.weight[i] - least:
                out.add(i)
        return frozenset(out)

    def split(self) -> tuple[Choice, frozenset[int]]:
        """The students the optimum places whole, with their option, and those it splits."""
        whole: Choice = {}
        split: set[int] = set()
        for i, cols in self.columns.items():
            for o, var in cols:
                value = var.solution_value()
                if value > 1 - 1e-6:
                    whole[i] = o
                elif value > 1e-6:
                    split.add(i)
        return whole, frozenset(split - set(whole))


@dataclass(frozen=True)
class Ceiling:
    level1: int  # proven: no schedule places more (students, then interpreted students)
    contested: frozenset[int]  # H: outside it, every student counts in full
    split_level1: int  # the ceiling from H alone (the weight outside H plus H's best)
    proven: bool  # every piece of H was solved to optimality
    relaxation: PlacementLP | None  # solved, to be asked again (``PlacementLP.nearest``)
    # Students of H in pieces proven to place all of their students.
    full: frozenset[int] = frozenset()


def _pieces(prep: Prepared, students: frozenset[int]) -> list[list[int]]:
    """The students split into groups that share no staff member, family or shared resource."""
    parent = {i: i for i in students}

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(members: list[int]) -> None:
        for b in members[1:]:
            ra, rb = find(members[0]), find(b)
            if ra != rb:
                parent[ra] = rb

    keys: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i in students:
        keys["family", prep.family[i]].append(i)
        for k in prep.staff[i]:
            keys["staff", k].append(i)
        for o in prep.options[i]:
            if o.room_class >= 0 and prep.room_classes[o.room_class].capacity > 1:
                keys["room", o.room_class].append(i)
            if o.interpreter_class >= 0:
                keys["interpreter", o.interpreter_class].append(i)
    for members in keys.values():
        join(sorted(set(members)))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(students):
        groups[find(i)].append(i)
    return sorted(groups.values(), key=len)


def placement_ceiling(
    model: Model,
    *,
    open_students: list[int],
    near: Choice | None = None,
    lp_seconds: float,
    cp_seconds: float,
    workers: int,
    seed: int,
    log: bool = False,
) -> Ceiling:
    """The most that can be placed (level1), proven; see the module's docstring.

    ``near`` is a schedule for the relaxation to stay near (``PlacementLP``).
    """
    prep = model.prep
    weight = {i: model.k1 + (1 if prep.language[i] else 0) for i in open_students}
    everyone = sum(weight.values())
    relaxed = None
    tries: list[tuple[str, ...]] = [("family", "room"), ("family", "room", "interpreter")]
    if model.size <= FULL_RELAXATION_OPTIONS:
        tries.insert(0, ())
    for without in tries:
        relaxed = PlacementLP(model, near=near, without=frozenset(without))
        if relaxed.solve(lp_seconds):
            break
        relaxed = None
    if relaxed is None or relaxed.value is None:
        return Ceiling(everyone, frozenset(open_students), everyone, False, None)
    # Any H gives a ceiling, and a larger one a tighter ceiling (adding a
    # student to H can only lower "H alone" plus "the rest"): the siblings of
    # the contested come too, as families are what ties advisors into the odd
    # rings that fool the relaxation.
    contested = frozenset(
        j for i in relaxed.contested() for j in prep.households[prep.family[i]] if j in weight
    )
    level1 = everyone - sum(weight[i] for i in contested)
    proven = True
    full: set[int] = set()
    deadline = time.perf_counter() + cp_seconds
    for piece in _pieces(prep, contested):
        sub = Model(prep, piece, {})
        if len(piece) == 1:
            # One student alone: placed if they have an option.
            level1 += sum(weight[i] for i in piece if sub.x.get(i))
            full.update(i for i in piece if sub.x.get(i))
            continue
        sub.m.maximize(sub.level1)
        solver = make_solver(
            max(0.05, deadline - time.perf_counter()), workers=workers, seed=seed, log=log
        )
        status = solver.solve(sub.m)
        everyone_placed = sum(weight[i] for i in piece if sub.x.get(i))
        if status == cp_model.OPTIMAL:
            level1 += round(solver.objective_value)
            if round(solver.objective_value) == everyone_placed:
                full.update(i for i in piece if sub.x.get(i))
        elif status == cp_model.FEASIBLE:
            proven = False
            level1 += min(everyone_placed, floor_of(solver.best_objective_bound))
        else:
            # Stopped before any proof: only the trivial ceiling holds.
            proven = False
            level1 += everyone_placed
    return Ceiling(
        min(level1, floor_of(relaxed.value)), contested, level1, proven, relaxed, frozenset(full)
    )


def must_place(
    ceiling: Ceiling, weight: list[int], reached: int, open_students: list[int]
) -> set[int]:
    """Students every schedule of level1 >= ``reached`` places (see the module's docstring).

    Those of a piece of H that places all of its students count too: leaving
    one out loses their weight from that piece's best as well.
    """
    return {
        i
        for i in open_students
        if (i not in ceiling.contested or i in ceiling.full)
        and ceiling.split_level1 - weight[i] < reached
    }


def comfort_floor(
    prep: Prepared,
    must: set[int],
    *,
    apart: frozenset[int] = frozenset(),
    singles: bool = True,
) -> int:
    """A cost no schedule placing every student of ``must`` can go below, family by family.

    ``apart`` are households no such schedule seats together
    (``apart_for_sure``): they pay for it. With ``singles`` False, families
    of one child count nothing (``staff_floor`` prices their preferences).
    """
    w = prep.instance.weights
    step_wait = min(w.wait_minute * prep.step, w.extra_trip)
    total = 0
    for f, kids in enumerate(prep.households):
        if len(kids) < 2 and not singles:
            continue
        required = [i for i in kids if i in must or prep.locked_start[i] is not None]
        apart_cost = w.preference_miss * sum(_least_misses(prep, i) for i in required)
        if len(kids) >= 2:
            if prep.seatable(f):
                apart_cost += w.siblings_apart
            if len(required) == len(kids):
                # All of them there and not back to back: a gap, or a second trip.
                apart_cost += step_wait
            together = min(
                (
                    w.preference_miss * sum(prep.misses(i, p) for i, p in seat.items())
                    for seat in prep.blocks(f)
                ),
                default=apart_cost,
            )
            total += apart_cost if f in apart else min(apart_cost, together)
        else:
            total += apart_cost
    return total


def _least_misses(prep: Prepared, i: int) -> int:
    """The fewest preferences student ``i`` can miss, placed."""
    p = prep.locked_start[i]
    if p is not None:
        return prep.misses(i, p)
    return min((prep.misses(i, o.start) for o in prep.options[i]), default=0)


def _must_be_placed(sub: Model, must: set[int]) -> None:
    for i in sub.x:
        if i in must:
            sub.m.add(sub.placed[i] == 1)


def apart_for_sure(
    prep: Prepared,
    must: set[int],
    households: list[int],
    *,
    seconds: float,
    seed: int = 0,
) -> frozenset[int]:
    """Those of ``households`` that no schedule placing every student of ``must`` seats
    back to back.

    For each, CP-SAT looks for its children in one of its blocks with every
    student of their staff members placed (those of ``must``) and only the
    rules among those students: a relaxation, so when even that has no
    schedule (proven INFEASIBLE), none of the school's has. Stops at
    ``seconds``; what it has not proven by then counts as seatable.
    """
    deadline = time.perf_counter() + seconds
    out: set[int] = set()
    for f in households:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        kids = prep.households[f]
        staff = {k for i in kids for k in prep.staff[i]}
        sub = Model(prep, sorted({i for k in staff for i in prep.staff_students[k]}), {})
        sub.light = True
        _must_be_placed(sub, must)
        sub.cost  # noqa: B018 - builds the blocks
        seats = [b for seat, b in sub.blocks if set(seat) == set(kids)]
        if not seats:
            out.add(f)
            continue
        sub.m.add_exactly_one(seats)
        solver = make_solver(min(left, 0.5), workers=1, seed=seed)
        if solver.solve(sub.m) == cp_model.INFEASIBLE:
            out.add(f)
    return frozenset(out)


def staff_floor(
    prep: Prepared,
    must: set[int],
    *,
    seconds: float,
    workers: int = 1,
    seed: int = 0,
) -> tuple[int, int, int]:
    """A floor on idle time plus the preferences of only children, staff member by
    staff member.

    The cost splits into parts that share no term: each household with
    siblings (its preferences, waiting, trips and siblings apart, priced by
    ``comfort_floor``), and each staff member (their idle time, and the
    preferences of the only children they lead). The least of the whole is
    at least the least of each part on its own, added up. For a staff member
    CP-SAT places only the students they meet (each of ``must`` for sure, the
    others if it likes) under only the rules among those students, and
    minimises that part: a relaxation, so its least cost, or CP-SAT's bound
    on it when cut short, is a floor. Out of time, a part counts only the
    preferences its only children must miss. Returns (floor, parts solved
    to optimality, parts).
    """
    w = prep.instance.weights
    deadline = time.perf_counter() + seconds
    staff = [k for k, students in enumerate(prep.staff_students) if students]
    total = proven = 0
    for n, k in enumerate(staff):
        students = prep.staff_students[k]
        singles = [
            i
            for i in students
            if prep.staff[i][0] == k and len(prep.households[prep.family[i]]) == 1
        ]
        least = w.preference_miss * sum(
            _least_misses(prep, i) for i in singles if i in must or prep.locked_start[i] is not None
        )
        left = deadline - time.perf_counter()
        if left <= 0.01:
            total += least
            continue
        sub = Model(prep, students, {})
        _must_be_placed(sub, must)
        terms: list[LinearExpr] = []
        constant = 0
        for i in singles:
            p = prep.locked_start[i]
            if p is not None:
                constant += w.preference_miss * prep.misses(i, p)
            for o, v in sub.x.get(i, []):
                miss = prep.misses(i, o.start)
                if miss:
                    terms.append(w.preference_miss * miss * v)
        busy: dict[int, LinearExpr] = {}
        for (kk, p), vs in sub.staff_busy.items():
            if kk == k:
                busy[p] = sum(vs) + sub.fixed_staff.get((k, p), 0)
        for (kk, p), count in sub.fixed_staff.items():
            if kk == k:
                busy.setdefault(p, count)
        if w.idle_minute and busy:
            presence = sub.presence(f"s{k}", busy, one_arrival=True)
            available = prep.staff_raw[k]
            for t, pr in presence.present.items():
                if t in available:
                    terms.append(w.idle_minute * prep.step * (pr - busy.get(t, 0)))
        if not terms:
            total += constant
            proven += 1
            continue
        sub.m.minimize(sum(terms))
        solver = make_solver(left / (len(staff) - n), workers=workers, seed=seed)
        status = solver.solve(sub.m)
        if status == cp_model.OPTIMAL:
            total += round(solver.objective_value) + constant
            proven += 1
        elif status == cp_model.FEASIBLE:
            total += max(least, ceil_of(solver.best_objective_bound) + constant)
        else:
            total += least
    return total, proven, len(staff)
