"""Large neighbourhood search: set a few advisors' students free, re-solve them exactly.

Everyone else stays put. A neighbourhood is the advisors of a household that
waits, comes twice or sits apart (drawn by what that costs), or an advisor
at random, with advisors linked to them through siblings, grown until it
holds about ``size`` students; to place more, the advisors of an unplaced
student, and for one whose family needs an interpreter, whoever holds an
interpreter they could have near the times they could come. CP-SAT
re-optimises the free part exactly: placing more while moving as few as
possible, or lowering the comfort cost without placing fewer. The size grows
while CP-SAT proves each neighbourhood quickly and shrinks when it cannot.

Comfort rounds start, and every few seconds pause, to seat households apart
back to back by hand (``seat_households``) and move single students to a
cheaper free time (``move_by_hand``), which is far cheaper than a
neighbourhood. Placing rounds keep siblings together and preferences met
once they place the most (``place_keeping_comfort``).

With two workers, two neighbourhoods are solved at once, one CP-SAT worker
each (CP-SAT releases Python's lock while it searches). Each result is taken
only if it still fits the schedule as it is by then and costs no more.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from ortools.sat.python import cp_model

from podium.scheduling.baselines import Board, seated_together
from podium.scheduling.model import NEIGHBOURHOOD_PARAMETERS, Model, make_solver
from podium.scheduling.prepare import Choice, Option, Prepared
from podium.scheduling.types import Instance

# Students set free in one neighbourhood, to start with, and the limits.
NEIGHBOURHOOD_STUDENTS = 60
SMALLEST_NEIGHBOURHOOD = 20
LARGEST_NEIGHBOURHOOD = 1500
# Seconds between two rounds of seating households and moving students by hand.
BY_HAND_EVERY = 3.0


@dataclass(frozen=True)
class Progress:
    """How far a solve has come, for a progress bar.

    ``fraction`` is the share of the time limit spent (0 to 1); ``placed``
    and ``objective`` describe the best schedule so far (``objective`` is its
    weighted comfort cost, lower is better); ``phase`` is ``"start"``,
    ``"placing"``, ``"comfort"`` or ``"done"``.
    """

    fraction: float
    placed: int
    objective: int
    phase: str


ProgressCallback = Callable[[Progress], None]


class Search:
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
        progress: ProgressCallback | None,
    ) -> None:
        self.t0 = time.perf_counter()
        self.time_limit = time_limit
        self.workers = max(1, workers)
        self.seed = seed
        self.log = log
        self.parameters = parameters
        self.progress = progress
        self.rng = random.Random(seed)  # noqa: S311 - search diversification, not security
        self.prep = prep = Prepared(instance)
        self.open = [i for i, opts in enumerate(prep.options) if opts]
        self.n_locked = sum(1 for p in prep.locked_start if p is not None)
        self.k1 = sum(1 for lang in prep.language if lang) + 1
        self.weight = [self.k1 + (1 if lang else 0) for lang in prep.language]
        self.stats: dict[str, float] = {}
        # Set when a neighbourhood held every student and CP-SAT proved it.
        self.proven: set[str] = set()
        for f in range(len(prep.households)):
            prep.blocks(f)  # filled now: the worker threads only read them

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def remaining(self) -> float:
        return self.time_limit - self.elapsed()

    def solver(
        self, seconds: float, workers: int | None = None, *, small: bool = False
    ) -> cp_model.CpSolver:
        """A CP-SAT solver for what is left of ``seconds``; ``small`` for a neighbourhood."""
        parameters = self.parameters
        if parameters is None and small:
            parameters = NEIGHBOURHOOD_PARAMETERS
        return make_solver(
            min(seconds, self.remaining()),
            workers=workers or self.workers,
            seed=self.seed,
            log=self.log,
            parameters=parameters,
        )

    def mark(self, name: str) -> None:
        self.stats[name] = round(self.elapsed(), 3)

    def level1(self, choice: Choice) -> int:
        return sum(self.weight[i] for i in choice)

    def tell(self, phase: str, incumbent: Incumbent) -> None:
        if self.progress is not None:
            self.progress(
                Progress(
                    fraction=min(1.0, max(0.0, self.elapsed() / self.time_limit)),
                    placed=len(incumbent.choice) + self.n_locked,
                    objective=incumbent.cost,
                    phase=phase,
                )
            )


class Incumbent:
    """The best schedule so far: its choice, who is where, its placement and cost."""

    def __init__(self, search: Search, choice: Choice) -> None:
        self.search = search
        self.prep = search.prep
        self.board = Board(self.prep)
        for i, o in choice.items():
            self.board.place(i, o)
        self.board.log.clear()
        self.level1 = search.level1(choice)
        self.cost = self.prep.cost(self.board.choice)

    @property
    def choice(self) -> Choice:
        return self.board.choice

    def snapshot(self) -> Choice:
        return dict(self.board.choice)

    def _local_cost(self, families: set[int], staff: set[int]) -> int:
        prep, choice = self.prep, self.board.choice
        return sum(
            prep.family_cost(f, prep.starts(choice, prep.households[f])) for f in families
        ) + sum(prep.staff_cost(k, prep.starts(choice, prep.staff_students[k])) for k in staff)

    def offer(self, free: set[int], found: Choice) -> bool:
        """Take ``found`` for the ``free`` students if it fits now and is no worse."""
        prep, board = self.prep, self.board
        before_level1 = sum(self.search.weight[i] for i in free if i in board.choice)
        after_level1 = sum(self.search.weight[i] for i in found)
        if after_level1 < before_level1:
            return False
        families = {prep.family[i] for i in free}
        staff = {k for i in free for k in prep.staff[i]}
        before = self._local_cost(families, staff)
        mark = len(board.log)
        for i in free:
            if i in board.choice:
                board.remove(i)
        for i, o in found.items():
            if not board.fits(i, o):
                board.rollback(mark)
                return False
            board.place(i, o)
        after = self._local_cost(families, staff)
        if after_level1 == before_level1 and after > before:
            board.rollback(mark)
            return False
        board.log.clear()
        self.level1 += after_level1 - before_level1
        self.cost += after - before
        return True


def seat_households(search: Search, incumbent: Incumbent, *, until: float) -> int:
    """Seat households that sit apart back to back, one block at a time, by hand.

    For each household apart (that could sit together), each of its blocks
    is tried: its children go there, whoever those times belonged to (with
    the same staff) moves to the free time that suits them best, and the
    block is taken when the whole change costs less. Far cheaper than a
    neighbourhood, so it runs over every household apart in a fraction of a
    second; the neighbourhoods then do the rest. Returns the blocks taken.
    """
    prep = search.prep
    taken = 0
    together = seated_together(prep, incumbent.choice)
    households = [f for f in range(len(prep.households)) if prep.seatable(f) and f not in together]
    search.rng.shuffle(households)
    for f in households:
        if search.elapsed() > until:
            break
        best: tuple[int, set[int], Choice] | None = None
        for seat in prep.blocks(f):
            move = _try_block(incumbent, seat)
            if move is not None and move[0] < 0 and (best is None or move[0] < best[0]):
                best = move
        if best is not None and incumbent.offer(best[1], best[2]):
            taken += 1
    return taken


def move_by_hand(search: Search, incumbent: Incumbent, *, until: float) -> int:
    """Move single students, one at a time, to the free time that lowers the cost most.

    Fills gaps in staff days and shortens waits at no more than the price of
    pricing each free time of each student; returns the moves taken.
    """
    prep, board = search.prep, incumbent.board
    students = [i for i in search.open if i in board.choice]
    search.rng.shuffle(students)
    taken = 0
    for j in students:
        if search.elapsed() > until:
            break
        families = {prep.family[j]}
        staff = set(prep.staff[j])
        now = board.choice[j]
        before = incumbent._local_cost(families, staff)
        best: tuple[int, Option] | None = None
        mark = len(board.log)
        board.remove(j)
        for o in prep.options[j]:
            if o == now or not board.fits(j, o):
                continue
            board.place(j, o)
            cost = incumbent._local_cost(families, staff)
            board.rollback(len(board.log) - 1)
            if cost < before and (best is None or cost < best[0]):
                best = (cost, o)
        board.rollback(mark)
        if best is not None and incumbent.offer({j}, {j: best[1]}):
            taken += 1
    return taken


def place_by_hand(search: Search, incumbent: Incumbent, *, until: float) -> int:
    """Place students left out where a time is free, or where one other student of the
    same staff sits who can move elsewhere (in a chain of ``EJECTIONS``): of those
    ways, the one that costs least. Returns how many it places.

    The baselines leave out students a short chain of moves could seat; this
    finds most of them in a fraction of a second, keeping the households
    together that it can, so that CP-SAT has only the hard ones left.
    """
    prep, board = search.prep, incumbent.board
    placed = 0
    for j in search.open:
        if j in board.choice:
            continue
        if search.elapsed() > until:
            break
        best: tuple[int, set[int], Choice] | None = None
        for o in prep.options[j]:
            holders = {
                e
                for t in prep.span(j, o.start)
                for k in prep.staff[j]
                for e in board.occupants.get(("s", k, t), ())
            }
            if len(holders) > 1 or any(prep.locked_start[e] is not None for e in holders):
                continue
            moved = {j} | holders
            mark = len(board.log)
            try:
                for e in holders:
                    board.remove(e)
                if not board.fits(j, o):
                    continue
                board.place(j, o)
                if not all(_relocate(incumbent, e, moved, depth=EJECTIONS - 1) for e in holders):
                    continue
                families = {prep.family[i] for i in moved}
                staff = {k for i in moved for k in prep.staff[i]}
                after = incumbent._local_cost(families, staff)
                found = {i: board.choice[i] for i in moved}
            finally:
                board.rollback(mark)
            change = after - incumbent._local_cost(families, staff)
            if best is None or change < best[0]:
                best = (change, moved, found)
        if best is not None and incumbent.offer(best[1], best[2]):
            placed += 1
    return placed


def _try_block(incumbent: Incumbent, seat: dict[int, int]) -> tuple[int, set[int], Choice] | None:
    """The change of cost, the students moved and where, for seating ``seat``; None if
    it does not fit or leaves someone out."""
    prep, board = incumbent.prep, incumbent.board
    kids = {i: p for i, p in seat.items() if prep.locked_start[i] is None}
    if any(i not in board.choice for i in kids):
        return None
    displaced: set[int] = set()
    for i, p in kids.items():
        for t in prep.span(i, p):
            for k in prep.staff[i]:
                displaced.update(j for j in board.occupants.get(("s", k, t), ()) if j not in kids)
    if any(prep.locked_start[j] is not None for j in displaced):
        return None
    moved = set(kids) | displaced
    mark = len(board.log)
    try:
        for i in moved:
            board.remove(i)
        for i, p in kids.items():
            o = board.first_fit(i, p)
            if o is None:
                return None
            board.place(i, o)
        for j in sorted(displaced):
            if not _relocate(incumbent, j, moved, depth=EJECTIONS):
                return None
        families = {prep.family[i] for i in moved}
        staff = {k for i in moved for k in prep.staff[i]}
        after = incumbent._local_cost(families, staff)
        found = {i: board.choice[i] for i in moved}
    finally:
        board.rollback(mark)
    return after - incumbent._local_cost(families, staff), moved, found


# How many students in a row seating a household by hand may move to make room.
EJECTIONS = 2


def _relocate(incumbent: Incumbent, j: int, moved: set[int], *, depth: int) -> bool:
    """Put ``j`` (off the board) at the free time that suits them best; with none free,
    at a time only one other student of the same staff holds, who moves in turn
    (``depth`` times at most). Everyone moved is added to ``moved``."""
    prep, board = incumbent.prep, incumbent.board
    family, siblings = prep.family[j], prep.households[prep.family[j]]
    best: tuple[int, Option] | None = None
    for o in prep.options[j]:
        if not board.fits(j, o):
            continue
        board.place(j, o)
        cost = prep.family_cost(family, prep.starts(board.choice, siblings)) + sum(
            prep.staff_cost(k, prep.starts(board.choice, prep.staff_students[k]))
            for k in prep.staff[j]
        )
        board.rollback(len(board.log) - 1)
        if best is None or cost < best[0]:
            best = (cost, o)
    if best is not None:
        board.place(j, best[1])
        return True
    if depth <= 0:
        return False
    for o in prep.options[j]:
        holders = {
            e
            for t in prep.span(j, o.start)
            for k in prep.staff[j]
            for e in board.occupants.get(("s", k, t), ())
        }
        if len(holders) != 1:
            continue
        (e,) = holders
        if e in moved or prep.locked_start[e] is not None:
            continue
        mark = len(board.log)
        board.remove(e)
        if board.fits(j, o):
            board.place(j, o)
            moved.add(e)
            if _relocate(incumbent, e, moved, depth=depth - 1):
                return True
            moved.discard(e)
        board.rollback(mark)
    return False


@dataclass(frozen=True)
class _Outcome:
    free: frozenset[int]
    status: cp_model.CpSolverStatus
    found: Choice | None
    seconds: float
    wall: float


def solve_neighbourhood(
    search: Search,
    snapshot: Choice,
    free: frozenset[int],
    *,
    seconds: float,
    placing: bool,
    workers: int = 1,
) -> _Outcome:
    """Re-solve ``free`` with everyone else where ``snapshot`` has them."""
    pinned = {i: o for i, o in snapshot.items() if i not in free}
    current = {i: o for i, o in snapshot.items() if i in free}
    sub = Model(search.prep, free, pinned)
    before = sub.level1_of(current)
    sub.m.add(sub.level1 >= before)
    if placing:
        t0 = time.perf_counter()
        status, found = place_keeping_comfort(
            search, sub, current, seconds=seconds, comfort_share=0.3, workers=workers
        )
        return _Outcome(free, status, found, seconds, time.perf_counter() - t0)
    sub.m.minimize(sub.cost)
    sub.hint(current)
    solver = search.solver(seconds, workers=workers, small=True)
    status = solver.solve(sub.m)
    found = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = sub.choice(solver)
    return _Outcome(free, status, found, seconds, solver.wall_time)


def place_keeping_comfort(
    search: Search,
    sub: Model,
    current: Choice,
    *,
    seconds: float,
    comfort_share: float = 0.5,
    workers: int | None = None,
    small: bool = True,
    comfort_seconds: float = float("inf"),
) -> tuple[cp_model.CpSolverStatus, Choice | None]:
    """Place the most of ``sub``'s students, moving as few as possible from ``current``;
    then, placing as many, keep siblings together and preferences met.

    Placing a few more students must not scatter the households already
    seated back to back: comfort lost there takes the rest of the search to
    win back. Two solves, as CP-SAT does far better on each objective alone
    than on one lexicographic sum; the second gets ``comfort_share`` of what
    is left of ``seconds``.
    """
    t0 = time.perf_counter()
    sub.light = True
    keep = [v for i, row in sub.x.items() for o, v in row if current.get(i) == o]
    sub.m.maximize((len(keep) + 1) * sub.level1 + sum(keep))
    sub.hint(current)
    solver = search.solver(seconds * (1 - comfort_share), workers=workers, small=small)
    status = solver.solve(sub.m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    placed = sub.choice(solver)
    # A student kept in place is worth a third of a preference miss.
    per_keep = max(1, search.prep.instance.weights.preference_miss // 3)
    sub.m.clear_objective()
    sub.m.add(sub.level1 >= sub.level1_of(placed))
    sub.m.minimize(sub.cost - per_keep * sum(keep))
    sub.hint(placed)
    left = min(seconds - (time.perf_counter() - t0), comfort_seconds)
    solver = search.solver(left, workers=workers, small=small)
    if left > 0.05 and solver.solve(sub.m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        placed = sub.choice(solver)
    return status, placed


class Neighbourhoods:
    """Picks the students to set free, advisor by advisor."""

    def __init__(self, search: Search) -> None:
        self.search = search
        prep = search.prep
        self.by_staff: dict[int, list[int]] = defaultdict(list)
        for i in search.open:
            self.by_staff[prep.staff[i][0]].append(i)
        self.neighbours: dict[int, set[int]] = defaultdict(set)
        for kids in prep.households:
            leads = {prep.staff[i][0] for i in kids}
            for k in leads:
                self.neighbours[k].update(leads - {k})
        self.staff = sorted(self.by_staff)
        self.size = NEIGHBOURHOOD_STUDENTS
        self.rounds = 0

    def around(self, seeds: list[int], avoid: set[int]) -> frozenset[int]:
        """Students of ``seeds`` and advisors linked to them, about ``size`` of them."""
        rng = self.search.rng
        chosen = list(dict.fromkeys(seeds))
        frontier = sorted({k for c in chosen for k in self.neighbours[c]})
        total = sum(len(self.by_staff[k]) for k in chosen)
        while total < self.size:
            pool = [k for k in frontier if k not in chosen and k not in avoid]
            if not pool:
                pool = [k for k in self.staff if k not in chosen and k not in avoid]
            if not pool:
                break
            k = rng.choice(pool)
            chosen.append(k)
            total += len(self.by_staff[k])
            frontier.extend(self.neighbours[k])
        return frozenset(i for k in chosen for i in self.by_staff[k])

    def leads(self, students: frozenset[int]) -> set[int]:
        prep = self.search.prep
        return {prep.staff[i][0] for i in students}

    def for_placing(self, choice: Choice, avoid: set[int]) -> frozenset[int]:
        """An unplaced student's advisors and linked ones; for an interpreted student, also
        whoever holds an interpreter they could have, near the times they could come."""
        prep, rng = self.search.prep, self.search.rng
        waiting = [i for i in self.search.open if i not in choice and prep.staff[i][0] not in avoid]
        if not waiting:
            return self.around([rng.choice(self.staff)], avoid)
        student = rng.choice(waiting)
        free = set(self.around([prep.staff[student][0]], avoid))
        if prep.language[student]:
            classes = {o.interpreter_class for o in prep.options[student]}
            starts = {o.start for o in prep.options[student]}
            near = {p + d for p in starts for d in range(-3, 4)}
            free.update(
                i for i, o in choice.items() if o.interpreter_class in classes and o.start in near
            )
        # Their siblings come too: a family is placed as a whole.
        free.update(
            j for i in list(free) for j in prep.households[prep.family[i]] if prep.options[j]
        )
        return frozenset(free)

    def for_comfort(self, choice: Choice, avoid: set[int]) -> frozenset[int]:
        """Mostly the advisors of a household that waits, comes twice or sits apart, drawn
        by what that costs; one round in four, an advisor at random (for idle time and
        preferences)."""
        self.rounds += 1
        rng = self.search.rng
        if self.rounds % 4:
            troubled = [
                (leads, cost)
                for leads, cost in _troubled(self.search.prep, choice)
                if not set(leads) & avoid
            ]
            if troubled:
                leads = rng.choices(
                    [leads for leads, _ in troubled], weights=[c for _, c in troubled]
                )[0]
                return self.around(leads, avoid)
        pool = [k for k in self.staff if k not in avoid] or self.staff
        return self.around([rng.choice(pool)], avoid)

    def adapt(self, outcome: _Outcome) -> None:
        if outcome.status == cp_model.OPTIMAL and outcome.wall < 0.5 * outcome.seconds:
            self.size = min(int(self.size * 1.15) + 1, LARGEST_NEIGHBOURHOOD)
        elif outcome.status != cp_model.OPTIMAL:
            self.size = max(SMALLEST_NEIGHBOURHOOD, int(self.size * 0.8))


def _troubled(prep: Prepared, choice: Choice) -> list[tuple[list[int], int]]:
    """The advisors of each household that waits, comes twice or sits apart, and what
    that costs it."""
    w = prep.instance.weights
    out = []
    for f, kids in enumerate(prep.households):
        if len(kids) < 2:
            continue
        starts = prep.starts(choice, kids)
        cost = prep.family_cost(f, starts) - w.preference_miss * sum(
            prep.misses(i, p) for i, p in starts.items()
        )
        if cost > 0:
            leads = sorted({prep.staff[i][0] for i in kids if prep.locked_start[i] is None})
            if leads:
                out.append((leads, cost))
    return out


def improve(
    search: Search,
    incumbent: Incumbent,
    *,
    placing: bool,
    until: float,
    target: int | None = None,
    seconds: float = 1.0,
) -> None:
    """Run neighbourhoods until ``until`` (seconds from the start), ``workers`` at a time.

    ``placing`` rounds maximise placement (stopping at ``target``); the
    others lower the comfort cost without placing fewer.
    """
    picker = Neighbourhoods(search)
    if not picker.staff:
        return
    everyone = frozenset(search.open)
    rounds = accepted = 0
    phase = "placing" if placing else "comfort"

    def done() -> bool:
        if placing and target is not None and incumbent.level1 >= target:
            return True
        return search.elapsed() > until - 0.2 or search.remaining() < 0.2

    by_hand = [0, 0]  # households seated, students moved

    def work_by_hand(deadline: float) -> bool:
        seated = seat_households(search, incumbent, until=deadline)
        moved = move_by_hand(search, incumbent, until=deadline)
        by_hand[0] += seated
        by_hand[1] += moved
        return bool(seated or moved)

    if not placing:
        # Seating households and moving students by hand first gains in a
        # second what neighbourhoods take many to find.
        window = until - search.elapsed()
        while search.elapsed() < until - 0.8 * window:
            if not work_by_hand(until - 0.8 * window):
                break
        search.tell(phase, incumbent)
    last_by_hand = search.elapsed()
    with ThreadPoolExecutor(max_workers=search.workers) as pool:
        running: dict[Future[_Outcome], set[int]] = {}
        while True:
            if not placing and search.elapsed() - last_by_hand > BY_HAND_EVERY:
                # While CP-SAT works on the neighbourhoods, with what they changed.
                work_by_hand(min(until, search.elapsed() + 0.5))
                last_by_hand = search.elapsed()
            while len(running) < search.workers and not done():
                avoid = set().union(*running.values()) if running else set()
                choice = incumbent.choice
                if placing:
                    free = picker.for_placing(choice, avoid)
                else:
                    free = picker.for_comfort(choice, avoid)
                limit = min(seconds, until - search.elapsed(), search.remaining())
                if limit < 0.1:
                    break
                future = pool.submit(
                    solve_neighbourhood,
                    search,
                    incumbent.snapshot(),
                    free,
                    seconds=limit,
                    placing=placing,
                )
                running[future] = picker.leads(free)
                rounds += 1
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                del running[future]
                outcome = future.result()
                picker.adapt(outcome)
                if outcome.found is not None and incumbent.offer(set(outcome.free), outcome.found):
                    accepted += 1
                    search.tell(phase, incumbent)
                    if outcome.free == everyone and outcome.status == cp_model.OPTIMAL:
                        search.proven.add(phase)
            if search.proven & {phase}:
                break
    if not placing:
        search.stats["households_seated_by_hand"] = by_hand[0]
        search.stats["students_moved_by_hand"] = by_hand[1]
    search.stats[f"{phase}_rounds"] = rounds
    search.stats[f"{phase}_accepted"] = accepted
    search.stats[f"{phase}_neighbourhood_students"] = picker.size
