"""The school-wide scheduler: plain Python, dataclasses in, dataclasses out.

- ``types``: the instance (staff, rooms, interpreters, families, students,
  locked conferences, settings, weights) and the solution;
- ``jsonio``: both as JSON;
- ``validate``: every hard rule of a solution, and every objective term;
- ``prepare``: the instance on its time grid, and the cost of a schedule;
- ``model``, ``bounds``, ``search``, ``cpsat``: the OR-Tools CP-SAT
  scheduler, its proven bounds and its neighbourhood search;
- ``baselines``: three simple ways to compare it with;
- ``generate``: realistic schools for tests and the benchmark.

No Django here: ``podium.conferences`` builds instances from the database.

The one call the web app needs is ``schedule``::

    from podium.scheduling import schedule

    result = schedule(instance, time_limit=30, progress=lambda p: bar.update(p.fraction))
    result.solution.assignments   # every conference placed (Assignment)
    result.unplaced               # each student left out, with reason and detail
    result.placed, result.placed_bound
    result.objective, result.bound, result.gap

``progress``, when given, is called from the calling thread with a
``Progress`` (``fraction`` of the time limit spent, ``placed``, the best
``objective`` so far and the ``phase``) each time the search improves and at
each phase; the last call has ``phase == "done"``. The result always keeps
every hard rule (``result.report.ok``); an instance that contradicts itself
raises ``InstanceError`` naming each field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from podium.scheduling.types import (
    Assignment,
    Family,
    Instance,
    InstanceError,
    Interpreter,
    Locked,
    Room,
    Settings,
    Solution,
    Staff,
    Student,
    Unplaced,
    Weights,
    Window,
)

if TYPE_CHECKING:
    from podium.scheduling.cpsat import SolveResult
    from podium.scheduling.search import ProgressCallback


def schedule(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    progress: ProgressCallback | None = None,
) -> SolveResult:
    """The best schedule CP-SAT finds within ``time_limit`` seconds, on two cores.

    Places as many students as can be placed, then as many whose family
    needs an interpreter, then lowers the weighted comfort cost
    (``Weights``). Reports the proven bounds on both.
    """
    # OR-Tools loads only when a schedule is made, not with the types.
    from podium.scheduling.cpsat import solve

    return solve(instance, time_limit=time_limit, progress=progress)


__all__ = [
    "Assignment",
    "Family",
    "Instance",
    "InstanceError",
    "Interpreter",
    "Locked",
    "Room",
    "Settings",
    "Solution",
    "Staff",
    "Student",
    "Unplaced",
    "Weights",
    "Window",
    "schedule",
]
