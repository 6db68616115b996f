"""The school-wide scheduler: a time-indexed CP-SAT model, solved in two steps.

The model has one boolean per option of each student (a start on the grid, a
room class, an interpreter class; see ``prepare``). At every grid point, each
staff member and each family is in at most one conference, and each room or
interpreter class holds at most as many conferences as it has members.

1. Placement: maximise the students placed, then the students placed whose
   family needs an interpreter. The linear relaxation of this model, solved
   with GLOP, bounds it from above and enters the model as a (redundant) cut,
   so that CP-SAT can prove "the most that can be placed" as soon as it finds
   a schedule that reaches it.
2. Comfort: keep that placement and minimise the weighted cost of
   ``Weights``. Each term is modelled exactly, so that for the same
   conferences the model's objective equals the validator's:

   - siblings together: one boolean per back-to-back arrangement of a
     household (``Prepared.blocks``), each implying its conferences;
   - waiting and trips: a "present at school" boolean per family and grid
     point of a day, at least "busy"; a gap up to the wait limit must be
     waited out (leaving at ``t`` forbids a conference at ``t+2 .. t+1+G``)
     and no wait may be longer (a window of ``G + 1`` idle points is
     forbidden); each arrival is a trip;
   - compact staff days: the same "present" booleans per staff member and
     day, with a single arrival, so that presence spans the first to the last
     conference and every available point in between that is not a
     conference is idle.

The search, all within ``time_limit``:

- start from the best baseline schedule, with more students fitted in by
  augmenting chains (``baselines.augment``);
- bound placement by the linear relaxation (GLOP; at thousands of students
  a looser relaxation when the full one would take too long);
- a small school (up to ``WHOLE_MODEL_OPTIONS`` option booleans) is then
  solved as one CP-SAT model for placement; for comfort, neighbourhoods first
  find a good schedule fast, then the whole model improves on it and proves
  its bound;
- a large school is improved by large neighbourhood search only: a few
  advisors linked by siblings have their students set free, everyone else
  stays put, and CP-SAT re-optimises the free part exactly (placing more
  while moving as few as possible, then lowering the comfort cost). At that
  size no useful bound on the comfort cost is proven: the linear relaxation
  of the whole comfort model takes GLOP minutes, so the reported bound is 0.

Every CP-SAT call starts from a complete schedule given as a hint.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from podium.scheduling.baselines import augment, best_run, run_baseline, seated_together
from podium.scheduling.prepare import Choice, Option, Prepared
from podium.scheduling.types import Instance, Solution
from podium.scheduling.validate import Report, validate

LinearExpr = cp_model.LinearExpr | int
BoolVar = cp_model.IntVar

# Up to this many option booleans, the whole school is one CP-SAT model.
WHOLE_MODEL_OPTIONS = 12000
# Students set free in one neighbourhood of the search, to start with.
NEIGHBOURHOOD_STUDENTS = 60


@dataclass(frozen=True)
class SolveResult:
    solution: Solution
    report: Report
    placement_status: str  # OPTIMAL once "the most that can be placed" is proven
    placed_bound: int  # the most students that can be placed (proven upper bound)
    status: str  # of the comfort step: OPTIMAL once proven, else FEASIBLE
    objective: int  # the weighted comfort cost of the solution, as the validator computes it
    bound: int  # proven lower bound on that cost among schedules placing as many
    seconds: float
    hint: str | None  # the baseline the search started from
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return self.report.metrics.placed

    @property
    def placement_gap(self) -> int:
        return self.placed_bound - self.placed

    @property
    def gap(self) -> float:
        """Relative distance from the cost to its proven bound (0 when proven optimal)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)


@dataclass
class _Presence:
    """Present-at-school booleans of one family or staff member, by grid point."""

    present: dict[int, BoolVar] = field(default_factory=dict)
    arrival: dict[int, BoolVar] = field(default_factory=dict)
    first: set[int] = field(default_factory=set)  # the first point of each day's range


class _Model:
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
        self.family_presence: dict[int, tuple[_Presence, BoolVar]] = {}
        self.staff_presence: dict[int, _Presence] = {}
        # Which cost terms to build: None means all of them.
        self.cost_families: set[int] | None = None
        self.cost_staff: set[int] | None = None

    def level1_of(self, choice: Choice) -> int:
        prep = self.prep
        return sum(self.k1 + (1 if prep.language[i] else 0) for i in choice if i in self.x)

    @property
    def cost(self) -> LinearExpr:
        """The comfort cost, built on first use (the placement step does not need it)."""
        if self._cost is None:
            self._cost = self._build_cost()
        return self._cost

    def _presence(self, name: str, busy: dict[int, LinearExpr], one_arrival: bool) -> _Presence:
        """Presence booleans over each day's span of ``busy`` (point -> busy expression)."""
        prep, m = self.prep, self.m
        by_day: dict[int, list[int]] = defaultdict(list)
        for p in busy:
            by_day[prep.day_of(p)].append(p)
        out = _Presence()
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
            if self.cost_families is not None and prep.family[i] not in self.cost_families:
                continue
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
        if self.cost_families is not None:
            touched &= self.cost_families
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
            busy = family_points[f]
            pres = self._presence(f"f{f}", busy, one_arrival=False)
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
        if w.idle_minute:
            staff_points: dict[int, dict[int, LinearExpr]] = defaultdict(dict)
            for (k, p), vs in self.staff_busy.items():
                staff_points[k][p] = sum(vs) + self.fixed_staff.get((k, p), 0)
            touched = set(staff_points)
            if self.whole:
                touched.update(k for k, _ in self.fixed_staff)
            for (k, p), n in self.fixed_staff.items():
                if k in touched:
                    staff_points[k].setdefault(p, n)
            if self.cost_staff is not None:
                touched &= self.cost_staff
            for k in sorted(touched):
                busy_k = staff_points[k]
                pres = self._presence(f"s{k}", busy_k, one_arrival=True)
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

    def _hint_presence(self, pres: _Presence, on: set[int]) -> None:
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


def placement_relaxation(
    model: _Model, *, seconds: float, without: frozenset[str] = frozenset()
) -> float | None:
    """The optimum of the placement model's linear relaxation (GLOP), or None.

    Any schedule's placement (``level1``) is at most this, so its floor is a
    proven ceiling on the integer optimum. Leaving out the rows of some kinds
    (``without``) loosens it but stays a ceiling. None when GLOP does not
    finish within ``seconds``.
    """
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None
    lp.SetTimeLimit(max(1, int(seconds * 1000)))
    column: dict[int, pywraplp.Variable] = {}
    objective = lp.Objective()
    for i, row in model.x.items():
        weight = model.k1 + (1 if model.prep.language[i] else 0)
        for _, v in row:
            column[v.index] = var = lp.NumVar(0.0, 1.0, "")
            objective.SetCoefficient(var, weight)
    for vs, cap, kind in model.rows:
        if kind in without:
            continue
        c = lp.Constraint(0.0, float(cap))
        for v in vs:
            c.SetCoefficient(column[v.index], 1.0)
    objective.SetMaximization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return float(objective.Value())


# The CP-SAT worker that keeps the full linear relaxation (at-most-ones and the
# presence constraints included): it proves these models far faster than the
# default worker, whose relaxation is too weak here. The second core runs the
# interleaved neighbourhood searches.
DEFAULT_PARAMETERS: dict[str, object] = {"subsolvers": ["max_lp"]}


def _solver(
    seconds: float, workers: int, seed: int, log: bool, extra: dict[str, object] | None = None
) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    for name, value in (extra or {}).items():
        field_ = getattr(solver.parameters, name)
        if isinstance(value, list):
            for item in value:
                field_.append(item)
        else:
            setattr(solver.parameters, name, value)
    return solver


def _floor(value: float) -> int:
    """Round a bound from floating point down, with room for the LP's tolerance."""
    return math.floor(value + 1e-6 * max(1.0, abs(value)))


def _ceil(value: float) -> int:
    return math.ceil(value - 1e-6 * max(1.0, abs(value)))


class _Search:
    """One solve: the grid view, the clock, and how CP-SAT is called."""

    def __init__(
        self,
        instance: Instance,
        *,
        time_limit: float,
        workers: int,
        seed: int,
        log: bool,
        parameters: dict[str, object] | None,
    ) -> None:
        self.t0 = time.perf_counter()
        self.time_limit = time_limit
        self.workers = workers
        self.seed = seed
        self.log = log
        self.parameters = DEFAULT_PARAMETERS if parameters is None else parameters
        self.rng = random.Random(seed)  # noqa: S311 - search diversification, not security
        self.prep = Prepared(instance)
        self.open = [i for i, opts in enumerate(self.prep.options) if opts]
        self.stats: dict[str, float] = {}
        # Set when a neighbourhood held every student and CP-SAT proved it.
        self.proven: set[str] = set()

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def remaining(self) -> float:
        return self.time_limit - self.elapsed()

    def solver(self, seconds: float) -> cp_model.CpSolver:
        return _solver(
            min(seconds, self.remaining()), self.workers, self.seed, self.log, self.parameters
        )

    def mark(self, name: str) -> None:
        self.stats[name] = round(self.elapsed(), 3)


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    hint_orders: int = 1,
    log: bool = False,
    parameters: dict[str, object] | None = None,
    whole_model_options: int = WHOLE_MODEL_OPTIONS,
) -> SolveResult:
    """Schedule every family at once; ``time_limit`` covers everything, in seconds.

    ``parameters`` are CP-SAT parameters (by name) for every solve, replacing
    ``DEFAULT_PARAMETERS``. Up to ``whole_model_options`` option booleans the
    school is solved as one model; above, by neighbourhood search.
    """
    search = _Search(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        log=log,
        parameters=parameters,
    )
    prep = search.prep
    n_locked = sum(1 for p in prep.locked_start if p is not None)

    # A complete schedule to start from: the best baseline, with more
    # students fitted in by augmenting chains.
    incumbent: Choice = {}
    hint_name: str | None = None
    if hint_orders > 0:
        runs = [
            r
            for method in ("family_packing", "fcfs_block")
            for r in run_baseline(method, instance, orders=hint_orders, seed=seed, prep=prep)
        ]
        best = best_run(runs)
        hint_name = best.method
        incumbent = _choice_of(prep, best.solution)
    together = seated_together(prep, incumbent)
    keep = frozenset(i for f in together for i in prep.households[f])
    incumbent = augment(prep, incumbent, deadline=search.t0 + 0.2 * time_limit, frozen=keep)
    incumbent = augment(prep, incumbent, deadline=search.t0 + 0.25 * time_limit)
    search.mark("start_seconds")
    search.stats["start_placed"] = len(incumbent) + n_locked

    # Step 1: placement, with the linear relaxation as a proven ceiling.
    whole = _Model(prep, search.open, {}, whole=True)
    small = whole.size <= whole_model_options
    level1_bound = whole.k1 * len(search.open) + len(search.open)
    # The full relaxation is the tightest ceiling; at thousands of students
    # GLOP can take long over it, and leaving out the family and room rows
    # (which rarely bind placement), then the interpreters', is much faster.
    relaxed = None
    for without in ((), ("family", "room"), ("family", "room", "interpreter")):
        relaxed = placement_relaxation(whole, seconds=0.08 * time_limit, without=frozenset(without))
        if relaxed is not None:
            break
    if relaxed is not None:
        level1_bound = min(level1_bound, _floor(relaxed))
    search.mark("placement_lp_seconds")
    if small:
        whole.m.add(whole.level1 <= level1_bound)
        whole.m.maximize(whole.level1)
        whole.hint(incumbent)
        solver = search.solver(search.remaining() * 0.4)
        status = solver.solve(whole.m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = whole.choice(solver)
            if whole.level1_of(found) >= whole.level1_of(incumbent):
                incumbent = found
            level1_bound = min(level1_bound, _floor(solver.best_objective_bound))
    elif whole.level1_of(incumbent) < level1_bound:
        incumbent = _neighbourhoods(
            search,
            incumbent,
            level1_bound=level1_bound,
            placing=True,
            until=search.elapsed() + 0.45 * search.remaining(),
        )
    level1 = whole.level1_of(incumbent)
    if "placement" in search.proven:
        level1_bound = min(level1_bound, level1)
    placement_status = "OPTIMAL" if level1 >= level1_bound else "FEASIBLE"
    search.mark("placement_seconds")
    search.stats["placement_placed"] = len(incumbent) + n_locked

    # Step 2: comfort, placing as many.
    cost_bound = 0
    comfort_status = "FEASIBLE"
    if small:
        # Neighbourhoods find good schedules fast; the whole model then
        # improves on the best of them and proves its bound.
        incumbent = _neighbourhoods(
            search,
            incumbent,
            level1_bound=level1_bound,
            placing=False,
            until=search.elapsed() + 0.5 * search.remaining(),
        )
        if "comfort" in search.proven:
            comfort_status = "OPTIMAL"
        else:
            whole.m.clear_objective()
            whole.m.add(whole.level1 >= level1)
            whole.m.minimize(whole.cost)
            whole.hint(incumbent)
            solver = search.solver(search.remaining())
            status = solver.solve(whole.m)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = whole.choice(solver)
                if whole.level1_of(found) >= level1 and _cost(prep, found) <= _cost(
                    prep, incumbent
                ):
                    incumbent = found
                cost_bound = max(0, _ceil(solver.best_objective_bound))
                if status == cp_model.OPTIMAL:
                    comfort_status = "OPTIMAL"
    else:
        # Leave time to hand out rooms and interpreters and check the result.
        reserve = 0.02 * time_limit + len(prep.students) / 5000
        incumbent = _neighbourhoods(
            search,
            incumbent,
            level1_bound=level1_bound,
            placing=False,
            until=time_limit - reserve,
        )
    search.mark("comfort_seconds")

    solution = prep.solution(incumbent)
    report = validate(instance, solution)
    objective = report.metrics.objective
    if comfort_status == "OPTIMAL":
        cost_bound = objective
    placed_bound = (level1_bound // whole.k1) + n_locked
    return SolveResult(
        solution=solution,
        report=report,
        placement_status=placement_status,
        placed_bound=max(placed_bound, report.metrics.placed),
        status=comfort_status,
        objective=objective,
        bound=min(cost_bound, objective),
        seconds=time.perf_counter() - search.t0,
        hint=hint_name,
        stats=search.stats,
    )


def _neighbourhoods(
    search: _Search, incumbent: Choice, *, level1_bound: int, placing: bool, until: float
) -> Choice:
    """Large neighbourhood search: free a few advisors' students at a time.

    A neighbourhood is an advisor and advisors linked to them through
    siblings, grown until it holds about ``size`` students, plus the students
    of those advisors not yet placed; everyone else stays put. ``placing``
    rounds maximise placement, the others lower the comfort cost without
    placing fewer. The size grows while CP-SAT proves each neighbourhood
    quickly and shrinks when it cannot.
    """
    prep = search.prep
    by_staff: dict[int, list[int]] = defaultdict(list)
    for i in search.open:
        by_staff[prep.staff[i][0]].append(i)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for kids in prep.households:
        leads = {prep.staff[i][0] for i in kids}
        for k in leads:
            neighbours[k].update(leads - {k})
    staff = sorted(by_staff)
    k1 = sum(1 for i in prep.index.values() if prep.language[i]) + 1
    size = NEIGHBOURHOOD_STUDENTS
    rounds = accepted = 0
    while staff and search.elapsed() < until - 0.3 and search.remaining() > 0.3:
        if placing and _level1(prep, k1, incumbent) >= level1_bound:
            break
        rounds += 1
        if placing:
            seeds = [k for k in staff if any(i not in incumbent for i in by_staff[k])]
            chosen = [search.rng.choice(seeds or staff)]
        else:
            # Every other round, start from a household that could sit together
            # and does not, with all its children's advisors.
            troubled = _troubled(prep, incumbent) if rounds % 2 else []
            chosen = search.rng.choice(troubled) if troubled else [search.rng.choice(staff)]
        frontier = sorted({k for c in chosen for k in neighbours[c]})
        total = sum(len(by_staff[k]) for k in chosen)
        while total < size:
            pool = [k for k in frontier if k not in chosen]
            if not pool:
                pool = [k for k in staff if k not in chosen]
            if not pool:
                break
            k = search.rng.choice(pool)
            chosen.append(k)
            total += len(by_staff[k])
            frontier.extend(neighbours[k])
        free = sorted({i for k in chosen for i in by_staff[k]})
        free_set = set(free)
        everyone = len(free) == len(search.open)
        pinned = {i: o for i, o in incumbent.items() if i not in free_set}
        current = {i: o for i, o in incumbent.items() if i in free_set}
        sub = _Model(prep, free, pinned)
        before = sub.level1_of(current)
        sub.m.add(sub.level1 >= before)
        if placing:
            # Place more if possible, moving as few of the others as possible.
            keep = [v for i, row in sub.x.items() for o, v in row if current.get(i) == o]
            sub.m.maximize((len(keep) + 1) * sub.level1 + sum(keep))
            sub.hint(current)
            solver = search.solver(min(1.0, until - search.elapsed()))
            status = solver.solve(sub.m)
            if status == cp_model.OPTIMAL and solver.wall_time < 0.5:
                size = min(int(size * 1.15) + 1, 1500)
            elif status != cp_model.OPTIMAL:
                size = max(30, int(size * 0.8))
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = sub.choice(solver)
                if sub.level1_of(found) >= before:
                    incumbent = {**pinned, **found}
            if everyone and status == cp_model.OPTIMAL:
                search.proven.add("placement")
                break
            continue
        sub.m.minimize(sub.cost)
        sub.hint(current)
        seconds = min(1.0, until - search.elapsed(), search.remaining())
        if seconds < 0.1:
            break
        solver = search.solver(seconds)
        status = solver.solve(sub.m)
        proven = status == cp_model.OPTIMAL
        if proven and solver.wall_time < 0.5 * seconds:
            size = min(int(size * 1.15) + 1, 1500)
        elif not proven:
            size = max(30, int(size * 0.8))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            current = sub.choice(solver)
        incumbent = {**pinned, **current}
        accepted += 1
        if everyone and proven:
            search.proven.add("comfort")
            break
    kind = "placement" if placing else "comfort"
    search.stats[f"{kind}_rounds"] = rounds
    search.stats[f"{kind}_neighbourhood_students"] = size
    return incumbent


def _troubled(prep: Prepared, choice: Choice) -> list[list[int]]:
    """The advisors of each household that could sit together and does not."""
    together = seated_together(prep, choice)
    out = []
    for f, kids in enumerate(prep.households):
        if len(kids) >= 2 and f not in together and prep.blocks(f):
            leads = sorted({prep.staff[i][0] for i in kids if prep.locked_start[i] is None})
            if leads:
                out.append(leads)
    return out


def _cost(prep: Prepared, choice: Choice) -> int:
    return validate(prep.instance, prep.solution(choice)).metrics.objective


def _level1(prep: Prepared, k1: int, choice: Choice) -> int:
    return sum(k1 + (1 if prep.language[i] else 0) for i in choice)


def _choice_of(prep: Prepared, solution: Solution) -> Choice:
    """The options a solution (made from ``prep``) uses, for a hint."""
    room_class = {m: c for c, rc in enumerate(prep.room_classes) for m in rc.members}
    interp_class = {m: c for c, ic in enumerate(prep.interpreter_classes) for m in ic.members}
    choice: Choice = {}
    for a in solution.assignments:
        i = prep.index[a.student]
        if prep.locked_start[i] is not None:
            continue
        choice[i] = Option(
            a.start // prep.step,
            room_class.get(a.room, -1) if a.room else -1,
            interp_class.get(a.interpreter, -1) if a.interpreter else -1,
        )
    return choice
