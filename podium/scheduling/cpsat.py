"""The school-wide scheduler: CP-SAT within a time limit, with proven bounds.

The model is in ``model``, the bounds in ``bounds``, the neighbourhood search
in ``search``. A solve, all within ``time_limit``:

1. Start from the best baseline schedule (family packing, or the booking
   page's siblings-first), one arrival order.
2. Prove a ceiling on placement (students, then students whose family needs
   an interpreter): the linear relaxation picks out the contested students,
   and CP-SAT solves them alone exactly (``bounds.placement_ceiling``).
3. Place as many as that ceiling. A small school (up to
   ``WHOLE_MODEL_OPTIONS`` option booleans) is one CP-SAT model. On a large
   one, the students the relaxation places whole (at an optimum as near the
   baseline as it allows) stay there, and CP-SAT places everyone else, then
   keeps siblings together and preferences met among them; neighbourhoods
   around the students still unplaced follow if that falls short.
4. Keep that placement and lower the comfort cost: neighbourhoods, two at a
   time on two cores; on a small school the whole model then improves on the
   result and proves its bound.
5. Report the cost and its proven bound: CP-SAT's on a small school, and in
   any case at least a floor priced family by family
   (``bounds.comfort_floor``, with the households apart that no schedule
   placing as many can seat together paying for it) or family by family
   and staff member by staff member (``bounds.staff_floor``), whichever is
   higher. It is still far below the cost of a tight school: it does not
   see advisors and families competing across the school.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from podium.scheduling.baselines import BASELINES, Board, arrival_order, seated_together
from podium.scheduling.bounds import (
    Ceiling,
    apart_for_sure,
    ceil_of,
    comfort_floor,
    floor_of,
    must_place,
    placement_ceiling,
    staff_floor,
)
from podium.scheduling.model import Model
from podium.scheduling.prepare import Choice, Option, Prepared
from podium.scheduling.search import (
    Incumbent,
    ProgressCallback,
    Search,
    improve,
    place_by_hand,
    place_keeping_comfort,
)
from podium.scheduling.types import Instance, Solution, Unplaced
from podium.scheduling.validate import Report, validate

# Up to this many option booleans, the whole school is one CP-SAT model.
WHOLE_MODEL_OPTIONS = 12000
# The share of the time limit a large school keeps for proving a floor under
# the cost.
BOUND_SHARE = 0.03


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
    def unplaced(self) -> tuple[Unplaced, ...]:
        """Each student left out, with the reason."""
        return self.solution.unplaced

    @property
    def placement_gap(self) -> int:
        return self.placed_bound - self.placed

    @property
    def gap(self) -> float:
        """Relative distance from the cost to its proven bound (0 when proven optimal)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)


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
    progress: ProgressCallback | None = None,
) -> SolveResult:
    """Schedule every family at once; ``time_limit`` covers everything, in seconds.

    ``workers`` is the number of cores CP-SAT uses. ``parameters`` are CP-SAT
    parameters (by name) for every solve, replacing
    ``model.DEFAULT_PARAMETERS``. Up to ``whole_model_options`` option
    booleans the school is solved as one model; above, by neighbourhood
    search. ``progress`` is called as the search improves (see
    ``search.Progress``).
    """
    search = Search(
        instance,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        log=log,
        parameters=parameters,
        progress=progress,
    )
    prep = search.prep

    start: Choice = {}
    hint_name: str | None = None
    best_rank: tuple[int, int] | None = None
    for method in ("family_packing", "fcfs_block"):
        for k in range(hint_orders):
            choice = BASELINES[method](prep, arrival_order(len(prep.households), seed=seed, k=k))
            rank = (-search.level1(choice), prep.cost(choice))
            if best_rank is None or rank < best_rank:
                start, hint_name, best_rank = choice, method, rank
    incumbent = Incumbent(search, start)
    search.stats["placed_by_hand"] = place_by_hand(search, incumbent, until=0.05 * time_limit)
    search.mark("start_seconds")
    search.stats["start_placed"] = len(incumbent.choice) + search.n_locked
    search.tell("start", incumbent)

    # Placement: a proven ceiling, then as many as it.
    whole = Model(prep, search.open, {}, whole=True)
    small = whole.size <= whole_model_options
    search.mark("model_seconds")
    ceiling = placement_ceiling(
        whole,
        open_students=search.open,
        near=incumbent.choice,
        lp_seconds=0.2 * time_limit,
        cp_seconds=0.15 * time_limit,
        workers=search.workers,
        seed=seed,
        log=log,
    )
    level1_bound = ceiling.level1
    search.stats["placement_ceiling_proven"] = ceiling.proven
    search.mark("placement_bound_seconds")
    search.stats["contested_students"] = len(ceiling.contested)
    if incumbent.level1 < level1_bound:
        if small:
            whole.m.add(whole.level1 <= level1_bound)
            # Place more, moving as few as possible from the baseline's places.
            keep = [v for i, row in whole.x.items() for o, v in row if incumbent.choice.get(i) == o]
            whole.m.maximize((len(keep) + 1) * whole.level1 + sum(keep))
            whole.hint(incumbent.choice)
            solver = search.solver(search.remaining() * 0.4)
            status = solver.solve(whole.m)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                incumbent.offer(set(search.open), whole.choice(solver))
                level1_bound = min(
                    level1_bound, floor_of(solver.best_objective_bound) // (len(keep) + 1)
                )
        else:
            _place_nearest(search, incumbent, ceiling)
            # Less time when only students whose family needs an interpreter
            # are missing: they are rarely found this way.
            short = level1_bound // search.k1 > incumbent.level1 // search.k1
            improve(
                search,
                incumbent,
                placing=True,
                until=search.elapsed() + (0.4 if short else 0.1) * search.remaining(),
                target=level1_bound,
            )
    if "placing" in search.proven:
        level1_bound = min(level1_bound, incumbent.level1)
    placement_status = "OPTIMAL" if incumbent.level1 >= level1_bound else "FEASIBLE"
    search.mark("placement_seconds")
    search.stats["placement_placed"] = len(incumbent.choice) + search.n_locked
    search.tell("placing", incumbent)

    # Comfort: keep that placement, lower the cost.
    cost_bound = 0
    comfort_status = "FEASIBLE"
    if small:
        # Neighbourhoods find good schedules fast; the whole model then
        # improves on the best of them and proves its bound.
        improve(search, incumbent, placing=False, until=search.elapsed() + 0.5 * search.remaining())
        if "comfort" in search.proven:
            comfort_status = "OPTIMAL"
        elif search.remaining() > 0.1:
            whole.m.clear_objective()
            whole.m.add(whole.level1 >= incumbent.level1)
            whole.m.minimize(whole.cost)
            whole.hint(incumbent.choice)
            solver = search.solver(search.remaining())
            status = solver.solve(whole.m)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                incumbent.offer(set(search.open), whole.choice(solver))
                cost_bound = max(0, ceil_of(solver.best_objective_bound))
                if status == cp_model.OPTIMAL:
                    comfort_status = "OPTIMAL"
    else:
        # Leave time to hand out rooms and interpreters, check the result and
        # prove a floor under its cost.
        reserve = (0.03 + BOUND_SHARE) * time_limit + len(prep.students) / 4000
        improve(search, incumbent, placing=False, until=time_limit - reserve)
    search.mark("comfort_seconds")

    if incumbent.level1 >= level1_bound:
        # Comfort neighbourhoods may place more, never fewer.
        placement_status = "OPTIMAL"
    must = must_place(ceiling, search.weight, incumbent.level1, search.open)
    floor = _comfort_floor(search, incumbent, must)
    solution = prep.solution(incumbent.choice)
    report = validate(instance, solution)
    objective = report.metrics.objective
    bound = objective if comfort_status == "OPTIMAL" else max(cost_bound, floor)
    placed_bound = level1_bound // search.k1 + search.n_locked
    search.tell("done", incumbent)
    return SolveResult(
        solution=solution,
        report=report,
        placement_status=placement_status,
        placed_bound=placed_bound,
        status=comfort_status,
        objective=objective,
        bound=bound,
        seconds=time.perf_counter() - search.t0,
        hint=hint_name,
        stats=search.stats,
    )


def _comfort_floor(search: Search, incumbent: Incumbent, must: set[int]) -> int:
    """A floor under the cost of every schedule placing as many, from what time is left.

    Family by family (``bounds.comfort_floor``), with the households apart
    in the schedule that no such schedule can seat together
    (``bounds.apart_for_sure``) paying for it, plus staff member by staff
    member (``bounds.staff_floor``): idle time and only children's
    preferences.
    """
    prep = search.prep
    # What is left after handing out rooms and interpreters and checking.
    seconds = max(0.0, search.remaining() - 0.02 * search.time_limit - len(prep.students) / 4000)
    t0 = time.perf_counter()
    together = seated_together(prep, incumbent.choice)
    households = [f for f in range(len(prep.households)) if prep.seatable(f) and f not in together]
    apart = apart_for_sure(prep, must, households, seconds=0.3 * seconds, seed=search.seed)
    families = comfort_floor(prep, must, apart=apart)
    staff, proven, parts = staff_floor(
        prep, must, seconds=seconds - (time.perf_counter() - t0), seed=search.seed
    )
    floor = max(families, comfort_floor(prep, must, apart=apart, singles=False) + staff)
    search.stats.update(
        {
            "comfort_floor": floor,
            "floor_families": families,
            "floor_households_apart_for_sure": len(apart),
            "floor_households_tried": len(households),
            "floor_staff": staff,
            "floor_staff_proven": proven,
            "floor_staff_parts": parts,
            "floor_seconds": round(time.perf_counter() - t0, 3),
        }
    )
    return floor


def _place_nearest(search: Search, incumbent: Incumbent, ceiling: Ceiling) -> None:
    """Place as many as the relaxation, staying as near the incumbent as it allows.

    The relaxation (an optimum keeping as much of the incumbent as it can)
    places most students whole; they stay there, and CP-SAT places
    the rest (those it splits or leaves out, the contested, and their
    families), moving as few of them as it can from where the incumbent has
    them.
    """
    prep = search.prep
    relaxation = ceiling.relaxation
    if relaxation is None or search.remaining() < 0.5:
        return
    whole, _split = relaxation.split()
    # A relaxation without some rows may seat students where they collide:
    # keep those who fit, in turn.
    board = Board(prep)
    for i, o in whole.items():
        if board.fits(i, o):
            board.place(i, o)
    whole = board.choice
    # Those it moves come free too, with their families: a student pinned
    # where the relaxation moved them would split a household seated together.
    moved = {i for i, o in whole.items() if incumbent.choice.get(i, o) != o}
    core = {i for i in search.open if i not in whole} | set(ceiling.contested) | moved
    free = {j for i in core for j in prep.households[prep.family[i]] if prep.options[j]}
    pinned = {i: o for i, o in whole.items() if i not in free}
    current = {i: o for i, o in incumbent.choice.items() if i in free}
    sub = Model(prep, free, pinned)
    # Placement comes first, so it may take a while.
    _status, placed = place_keeping_comfort(
        search,
        sub,
        current,
        seconds=0.4 * search.remaining(),
        comfort_share=0.0,
        small=False,
        comfort_seconds=0.0,
    )
    if placed is None:
        return
    incumbent.offer(set(search.open), {**pinned, **placed})
    search.stats["nearest_free_students"] = len(free)
    search.mark("nearest_seconds")
    search.tell("placing", incumbent)


def choice_of(prep: Prepared, solution: Solution) -> Choice:
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
