"""Small scheduling instances with the shared cast, built by hand.

Riverside's conference evening is Thursday 16:00-18:00. Ms. Rivera advises
Mateo; his little sister Lupe is in Mr. Chen's class; their mother Sofía
needs a Spanish interpreter, and Mr. Haddad interprets Spanish and Arabic.
Mr. Okafor advises Linh, whose father Minh can only come after 17:00.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from podium.scheduling.types import (
    MINUTES_PER_DAY,
    Assignment,
    Family,
    Instance,
    Interpreter,
    Room,
    Solution,
    Staff,
    Student,
    Unplaced,
    Window,
)
from podium.scheduling.validate import measure, validate

THURSDAY = 3


def at(hour: int, minute: int = 0, day: int = THURSDAY) -> int:
    return day * MINUTES_PER_DAY + hour * 60 + minute


EVENING = (Window(at(16), at(18)),)


def riverside(**changes: Any) -> Instance:
    instance = Instance(
        name="Riverside, Thursday evening",
        staff=(
            Staff("rivera", "Ms. Rivera", EVENING, home_room="r101"),
            Staff("chen", "Mr. Chen", EVENING, home_room="r102"),
            Staff("okafor", "Mr. Okafor", EVENING, home_room="r103"),
        ),
        rooms=(
            Room("r101", "Room 101", EVENING),
            Room("r102", "Room 102", EVENING),
            Room("r103", "Room 103", EVENING),
        ),
        interpreters=(Interpreter("haddad", "Mr. Haddad", ("es", "ar"), EVENING),),
        families=(
            Family(
                "garcia",
                "García",
                EVENING,
                guardians=("Sofía García",),
                language="es",
                interpreter="es",
            ),
            Family("tran", "Tran", (Window(at(17), at(18)),), guardians=("Minh Tran",)),
        ),
        students=(
            Student("mateo", "Mateo García", "garcia", ("rivera",)),
            Student("lupe", "Lupe García", "garcia", ("chen",)),
            Student("linh", "Linh Tran", "tran", ("okafor",)),
        ),
    )
    return replace(instance, **changes)


def good_schedule() -> Solution:
    """Mateo then Lupe back to back with Mr. Haddad, and Linh after five."""
    return Solution(
        (
            Assignment("mateo", at(16), at(16, 40), ("rivera",), "r101", "haddad"),
            Assignment("lupe", at(16, 40), at(17, 20), ("chen",), "r102", "haddad"),
            Assignment("linh", at(17), at(17, 20), ("okafor",), "r103", None),
        )
    )


def every_schedule(instance: Instance) -> Iterator[list[Assignment]]:
    """Every schedule that keeps the hard rules, placed or not, by trying them all.

    Works in minutes straight from the instance, with no code of the solver.
    """
    step = instance.settings.step_minutes
    candidates: list[list[Assignment | None]] = []
    for s in instance.students:
        family = instance.family_of(s)
        minutes = instance.minutes_for(s)
        locked = instance.locked_by_student.get(s.id)
        if locked is not None:
            candidates.append(
                [
                    Assignment(
                        s.id,
                        locked.start,
                        locked.start + minutes,
                        s.staff,
                        locked.room,
                        locked.interpreter,
                    )
                ]
            )
            continue
        rooms: list[str | None] = list(instance.allowed_rooms(s)) or [None]
        interpreters: list[str | None] = [None]
        if family.interpreter:
            interpreters = [
                i.id for i in instance.interpreters if family.interpreter in i.languages
            ]
        options: list[Assignment | None] = [None]
        for w in family.availability:
            for start in range(w.start, w.end - minutes + 1, step):
                for room, interp in itertools.product(rooms, interpreters):
                    a = Assignment(s.id, start, start + minutes, s.staff, room, interp)
                    if _fits_alone(instance, a):
                        options.append(a)
        candidates.append(options)

    def overlaps(a: Assignment, b: Assignment) -> bool:
        return a.start < b.end and b.start < a.end

    def clash(a: Assignment, chosen: list[Assignment]) -> bool:
        s = instance.student_by_id[a.student]
        for b in chosen:
            if not overlaps(a, b):
                continue
            t = instance.student_by_id[b.student]
            if (
                set(s.staff) & set(t.staff)
                or s.family == t.family
                or (a.room is not None and a.room == b.room)
                or (a.interpreter is not None and a.interpreter == b.interpreter)
            ):
                return True
        return False

    def search(n: int, chosen: list[Assignment]) -> Iterator[list[Assignment]]:
        if n == len(candidates):
            yield chosen
            return
        for a in candidates[n]:
            if a is None:
                yield from search(n + 1, chosen)
            elif not clash(a, chosen):
                yield from search(n + 1, [*chosen, a])

    yield from search(0, [])


def brute_force(instance: Instance) -> tuple[int, int, int]:
    """(placed, interpreted placed, cost) of the best schedule, by trying them all."""
    best: tuple[int, int, int] | None = None
    for chosen in every_schedule(instance):
        m = measure(instance, chosen)
        key = (m.placed, m.interpreted_placed, -m.objective)
        if best is None or key > (best[0], best[1], -best[2]):
            best = (m.placed, m.interpreted_placed, m.objective)
    assert best is not None
    return best


def placed_by_every_best_schedule(instance: Instance) -> set[str]:
    """The students every schedule placing the most (then the most interpreted) places."""
    best: tuple[int, int] | None = None
    common: set[str] = set()
    for chosen in every_schedule(instance):
        m = measure(instance, chosen)
        key = (m.placed, m.interpreted_placed)
        placed = {a.student for a in chosen}
        if best is None or key > best:
            best, common = key, placed
        elif key == best:
            common &= placed
    return common


def _fits_alone(instance: Instance, a: Assignment) -> bool:
    """Whether one conference keeps every rule on an otherwise empty schedule."""
    student = instance.student_by_id[a.student]
    others = tuple(Unplaced(s.id, "taken", "") for s in instance.students if s.id != student.id)
    return validate(instance, Solution((a,), others)).ok
