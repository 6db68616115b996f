"""The school-wide scheduler: plain Python, dataclasses in, dataclasses out.

- ``types``: the instance (staff, rooms, interpreters, families, students,
  locked conferences, settings, weights) and the solution;
- ``jsonio``: both as JSON;
- ``validate``: every hard rule of a solution, and every objective term;
- ``cpsat``: the OR-Tools CP-SAT scheduler;
- ``baselines``: three simple ways to compare it with;
- ``generate``: realistic schools for tests and the benchmark.

No Django here: ``podium.conferences`` builds instances from the database.
"""

from __future__ import annotations

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
]
