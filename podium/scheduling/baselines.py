"""Three simple ways to fill the schedule, to measure the solver against.

- ``fcfs_separate``: first come, first served, every child booked on its own:
  families arrive in a random order and each child takes the earliest time
  that fits (on the family's preferred day and half of the day if one fits);
- ``fcfs_block``: the same, but a family with several children first books a
  back-to-back block for all of them, as Podium's own booking page offers,
  and books them one by one only when no block is left;
- ``family_packing``: families needing the most conferences go first (ties in
  arrival order), and each is given the times with the least waiting.

Each runs over several arrival orders drawn from a seed.
"""

from __future__ import annotations

import itertools
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from podium.scheduling.prepare import Choice, Option, Prepared
from podium.scheduling.types import Instance, Solution
from podium.scheduling.validate import Report, validate


class Board:
    """Who is in which conference when, as conferences are booked (and moved)."""

    def __init__(self, prep: Prepared) -> None:
        self.prep = prep
        # (resource, point) -> the students there; resources are ("s", staff),
        # ("f", family), ("r", room class) and ("i", interpreter class).
        self.occupants: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        self.choice: Choice = {}
        self.log: list[tuple[int, Option | None]] = []  # (student, option it had before)

    def _uses(self, i: int, o: Option) -> list[tuple[tuple[str, int, int], int]]:
        """Each (resource, point) the option takes, with the resource's capacity there."""
        prep = self.prep
        out = []
        for p in prep.span(i, o.start):
            out.append((("f", prep.family[i], p), 1))
            out.extend((("s", k, p), 1) for k in prep.staff[i])
            if o.room_class >= 0:
                out.append((("r", o.room_class, p), prep.room_classes[o.room_class].capacity))
            if o.interpreter_class >= 0:
                cap = prep.interpreter_classes[o.interpreter_class].capacity
                out.append((("i", o.interpreter_class, p), cap))
        return out

    def fits(self, i: int, o: Option) -> bool:
        occupants = self.occupants
        return all(len(occupants.get(key, ())) < cap for key, cap in self._uses(i, o))

    def place(self, i: int, o: Option) -> None:
        for key, _ in self._uses(i, o):
            self.occupants[key].append(i)
        self.choice[i] = o
        self.log.append((i, None))

    def remove(self, i: int) -> Option:
        o = self.choice.pop(i)
        for key, _ in self._uses(i, o):
            self.occupants[key].remove(i)
        self.log.append((i, o))
        return o

    def rollback(self, mark: int) -> None:
        """Undo every place and remove since ``len(self.log)`` was ``mark``."""
        while len(self.log) > mark:
            i, before = self.log.pop()
            if before is None:
                o = self.choice.pop(i)
                for key, _ in self._uses(i, o):
                    self.occupants[key].remove(i)
            else:
                for key, _ in self._uses(i, before):
                    self.occupants[key].append(i)
                self.choice[i] = before

    def first_fit(self, i: int, start: int) -> Option | None:
        return next((o for o in self.prep.options[i] if o.start == start and self.fits(i, o)), None)


def _open_kids(prep: Prepared, family: int) -> list[int]:
    return [i for i in prep.households[family] if prep.locked_start[i] is None]


def _book_separately(board: Board, kids: list[int]) -> None:
    prep = board.prep
    for i in kids:
        best = min(
            (o for o in prep.options[i] if board.fits(i, o)),
            key=lambda o: (prep.misses(i, o.start), o.start),
            default=None,
        )
        if best is not None:
            board.place(i, best)


def _book_block(board: Board, family: int) -> bool:
    """Book the earliest back-to-back block that still fits; False when none does."""
    prep = board.prep
    best: tuple[tuple[int, int], dict[int, Option]] | None = None
    for seat in prep.blocks(family):
        picked: dict[int, Option] = {}
        for i, start in seat.items():
            if prep.locked_start[i] is not None:
                continue
            o = board.first_fit(i, start)
            if o is None:
                break
            picked[i] = o
        else:
            if not picked:
                continue
            key = (sum(prep.misses(i, o.start) for i, o in picked.items()), min(seat.values()))
            if best is None or key < best[0]:
                best = (key, picked)
    if best is None:
        return False
    for i, o in best[1].items():
        board.place(i, o)
    return True


def _family_cost(prep: Prepared, spans: list[tuple[int, int]]) -> int:
    """Waiting and extra trips of one family's conferences (grid points), in weight points."""
    w = prep.instance.weights
    wait = 0
    trips = 0
    last: tuple[int, int] | None = None
    for start, end in sorted(spans):
        if (
            last is not None
            and prep.day_of(last[0]) == prep.day_of(start)
            and start - last[1] <= prep.max_wait
        ):
            wait += start - last[1]
        else:
            trips += 1
        last = (start, end)
    return w.wait_minute * wait * prep.step + w.extra_trip * max(0, trips - 1)


def _book_least_waiting(board: Board, family: int) -> None:
    prep = board.prep
    kids = _open_kids(prep, family)
    if len(prep.households[family]) >= 2 and _book_block(board, family):
        return
    spans = [
        (p, p + prep.duration[i])
        for i in prep.households[family]
        if (p := prep.locked_start[i]) is not None
    ]
    w = prep.instance.weights
    for i in sorted(kids, key=lambda i: len(prep.options[i])):
        best: tuple[tuple[int, int], Option] | None = None
        base = _family_cost(prep, spans)
        for o in prep.options[i]:
            if not board.fits(i, o):
                continue
            new = (o.start, o.start + prep.duration[i])
            cost = _family_cost(prep, [*spans, new]) - base
            key = (cost + w.preference_miss * prep.misses(i, o.start), o.start)
            if best is None or key < best[0]:
                best = (key, o)
        if best is not None:
            board.place(i, best[1])
            spans.append((best[1].start, best[1].start + prep.duration[i]))


def fcfs_separate(prep: Prepared, order: list[int]) -> Choice:
    board = Board(prep)
    for f in order:
        _book_separately(board, _open_kids(prep, f))
    return board.choice


def fcfs_block(prep: Prepared, order: list[int]) -> Choice:
    board = Board(prep)
    for f in order:
        if len(prep.households[f]) < 2 or not _book_block(board, f):
            _book_separately(board, [i for i in _open_kids(prep, f) if i not in board.choice])
    return board.choice


def family_packing(prep: Prepared, order: list[int]) -> Choice:
    board = Board(prep)
    position = {f: n for n, f in enumerate(order)}
    for f in sorted(order, key=lambda f: (-len(_open_kids(prep, f)), position[f])):
        _book_least_waiting(board, f)
    return board.choice


BASELINES: dict[str, Callable[[Prepared, list[int]], Choice]] = {
    "fcfs_separate": fcfs_separate,
    "fcfs_block": fcfs_block,
    "family_packing": family_packing,
}


@dataclass(frozen=True)
class BaselineRun:
    method: str
    order_seed: int
    solution: Solution
    report: Report
    seconds: float

    @property
    def rank(self) -> tuple[int, int, int]:
        """Better runs sort first: most placed, most interpreted placed, lowest cost."""
        m = self.report.metrics
        return (-m.placed, -m.interpreted_placed, m.objective)


def arrival_order(families: int, *, seed: int, k: int) -> list[int]:
    """The ``k``-th random order in which families come to the booking page."""
    order = list(range(families))
    random.Random(seed * 1_000_003 + k).shuffle(order)  # noqa: S311 - not for security
    return order


def run_baseline(
    method: str,
    instance: Instance,
    *,
    orders: int = 5,
    seed: int = 0,
    prep: Prepared | None = None,
) -> list[BaselineRun]:
    """One run per arrival order; the orders come from ``seed``."""
    prep = prep or Prepared(instance)
    fill = BASELINES[method]
    runs = []
    for k in range(orders):
        order = arrival_order(len(instance.families), seed=seed, k=k)
        t0 = time.perf_counter()
        solution = prep.solution(fill(prep, order))
        seconds = time.perf_counter() - t0
        runs.append(BaselineRun(method, k, solution, validate(instance, solution), seconds))
    return runs


def best_run(runs: list[BaselineRun]) -> BaselineRun:
    return min(runs, key=lambda r: r.rank)


def seated_together(prep: Prepared, choice: Choice) -> set[int]:
    """Households (family indexes) with two or more children, all back to back on one day."""
    out = set()
    for f, kids in enumerate(prep.households):
        if len(kids) < 2:
            continue
        starts = []
        for i in kids:
            p = prep.locked_start[i]
            if p is None and i in choice:
                p = choice[i].start
            if p is None:
                break
            starts.append((p, p + prep.duration[i]))
        else:
            starts.sort()
            if all(
                a[1] == b[0] and prep.day_of(a[0]) == prep.day_of(b[0])
                for a, b in itertools.pairwise(starts)
            ):
                out.add(f)
    return out
