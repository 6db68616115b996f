"""Realistic school instances from a seed, for tests and the benchmark.

A school of ``size`` students of one type (K-5, 6-12 or K-12), in households
with two or more enrolled children at the rate usual for the type (about 30 %
of households at K-5, 35 % at 6-12, 45 % at K-12). Siblings are in different
grades, so nearly always with different advisors. About 10 % of families need
an interpreter, about three quarters of them in Spanish and the rest spread
over four other languages; the number of interpreters per language is given
(or follows a default rule) and the demand against the supply is reported.
Some families can only come on an evening, in a narrow window. A few already
booked on the booking page: their conferences are locked.

Two formats:

- ``generous``: a week of conference days, Monday to Friday 12:00-16:00,
  with evenings on Tuesday and Thursday 17:00-20:00;
- ``tight``: two short days, Thursday 13:00-19:00 and Friday 12:00-15:20,
  where an advisor's advisees barely fit and not every family fits with every
  constraint.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from typing import Literal

from podium.scheduling.baselines import Board
from podium.scheduling.prepare import Prepared
from podium.scheduling.types import (
    MINUTES_PER_DAY,
    Family,
    Instance,
    Interpreter,
    Locked,
    Room,
    Settings,
    Staff,
    Student,
    TimeOfDay,
    Window,
)

SchoolType = Literal["K-5", "6-12", "K-12"]
Format = Literal["generous", "tight"]

SIBLING_RATE: dict[str, float] = {"K-5": 0.30, "6-12": 0.35, "K-12": 0.45}
GRADES: dict[str, range] = {"K-5": range(6), "6-12": range(6, 13), "K-12": range(13)}
# The most students an advisor has: a K-5 class, a secondary advisory.
ADVISORY_SIZE: dict[str, int] = {"K-5": 25, "6-12": 20, "K-12": 22}
OTHER_LANGUAGES = ("vi", "zh", "ar", "so")
LANGUAGE_NAMES = {
    "es": "Spanish",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "ar": "Arabic",
    "so": "Somali",
}

FIRST = (
    *("Ana", "Ben", "Chloe", "Dario", "Elif", "Farah", "Gabe", "Hana", "Ivan", "Jada", "Kofi"),
    *("Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Vera"),
    *("Wei", "Ximena", "Yusuf", "Zoe", "Lupe", "Minh", "Layla", "Noah"),
)
LAST = (
    *("Garcia", "Nguyen", "Chen", "Haddad", "Johnson", "Delgado", "Okafor", "Rivera", "Smith"),
    *("Patel", "Kim", "Lopez", "Ali", "Brown", "Tran", "Martinez", "Wilson", "Ahmed", "Lee"),
    *("Hernandez", "Cohen", "Jones", "Moore", "Silva", "Park", "Diaz", "Ortiz", "Farah"),
    *("Warsame", "Li"),
)


def _at(day: int, hour: int, minute: int = 0) -> int:
    return day * MINUTES_PER_DAY + hour * 60 + minute


def sessions(fmt: Format) -> tuple[Window, ...]:
    """When the school holds conferences in this format."""
    if fmt == "generous":
        days = [Window(_at(d, 12), _at(d, 16)) for d in range(5)]
        evenings = [Window(_at(d, 17), _at(d, 20)) for d in (1, 3)]
        return tuple(sorted(days + evenings, key=lambda w: w.start))
    return (Window(_at(3, 13), _at(3, 19)), Window(_at(4, 12), _at(4, 15, 20)))


def evenings(fmt: Format) -> tuple[Window, ...]:
    if fmt == "generous":
        return (Window(_at(1, 17), _at(1, 20)), Window(_at(3, 17), _at(3, 20)))
    return (Window(_at(3, 17), _at(3, 19)),)


@dataclass(frozen=True)
class Generated:
    instance: Instance
    school: SchoolType
    format: Format
    seed: int
    households: int
    sibling_households: int
    interpreters: dict[str, int]
    # Per language: conference minutes needed and interpreter minutes offered.
    demand_minutes: dict[str, int]
    supply_minutes: dict[str, int]

    def describe(self) -> str:
        inst = self.instance
        lines = [
            f"{inst.name}: {len(inst.students)} students in {self.households} households "
            f"({self.sibling_households} with two or more children, "
            f"{self.sibling_households / max(1, self.households):.0%}), "
            f"{sum(1 for s in inst.staff if s.role == 'advisor')} advisors, "
            f"{len(inst.rooms)} rooms, {len(inst.locked)} conferences already booked",
        ]
        for lang, n in sorted(self.interpreters.items(), key=lambda x: -x[1]):
            need = self.demand_minutes.get(lang, 0)
            offer = self.supply_minutes.get(lang, 0)
            lines.append(
                f"  {LANGUAGE_NAMES.get(lang, lang)}: {n} interpreter(s), demand {need} min, "
                f"supply {offer} min ({need / max(1, offer):.0%} of supply)"
            )
        return "\n".join(lines)


def _grid_windows(
    rng: random.Random, session: Window, min_len: int, max_len: int, step: int
) -> Window:
    length = rng.randrange(min_len, max_len + step, step)
    length = min(length, session.end - session.start)
    start = session.start + rng.randrange(0, session.end - session.start - length + step, step)
    return Window(start, start + length)


def default_interpreters(demand_minutes: dict[str, int], fmt: Format) -> dict[str, int]:
    """Enough interpreters to cover demand at a comfortable (generous) or full (tight) load."""
    hours = sum(w.end - w.start for w in sessions(fmt))
    load = 0.45 if fmt == "generous" else 0.9
    return {
        lang: max(1, round(need / (hours * load))) for lang, need in demand_minutes.items() if need
    }


def generate(
    *,
    seed: int,
    size: int,
    school: SchoolType = "K-12",
    fmt: Format = "generous",
    interpreters: dict[str, int] | None = None,
    locked_rate: float = 0.05,
) -> Generated:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    step = 20
    settings = Settings(step_minutes=step)
    days = sessions(fmt)
    evening = evenings(fmt)
    grades = list(GRADES[school])

    # Households and their children.
    families: list[Family] = []
    students: list[Student] = []
    grade_of: dict[str, int] = {}
    needs: dict[str, str | None] = {}
    households = 0
    siblings = 0
    while len(students) < size:
        households += 1
        fid = f"f{households:05d}"
        if rng.random() < SIBLING_RATE[school]:
            n_kids = rng.choices((2, 3, 4), weights=(75, 20, 5))[0]
        else:
            n_kids = 1
        n_kids = min(n_kids, size - len(students))
        siblings += n_kids >= 2
        last = rng.choice(LAST)
        lang: str | None = None
        if rng.random() < 0.10:
            lang = "es" if rng.random() < 0.75 else rng.choice(OTHER_LANGUAGES)
        needs[fid] = lang
        first_grade = rng.choice(grades)
        kid_grades = [first_grade]
        while len(kid_grades) < n_kids:
            if rng.random() < 0.05:
                kid_grades.append(kid_grades[-1])  # twins
                continue
            options = [g for g in grades if g not in kid_grades]
            kid_grades.append(rng.choice(options) if options else rng.choice(grades))
        for g in kid_grades:
            sid = f"s{len(students) + 1:05d}"
            students.append(Student(sid, f"{rng.choice(FIRST)} {last}", fid, ()))
            grade_of[sid] = g
        families.append(
            Family(
                id=fid,
                name=last,
                availability=(),
                guardians=(f"{rng.choice(FIRST)} {last}",),
                language=lang or "en",
                interpreter=lang,
            )
        )

    # Advisors: each grade split into advisories (classes at K-5) of even size.
    staff: list[Staff] = []
    rooms: list[Room] = []
    advisor_of: dict[str, str] = {}
    floating: list[str] = []
    for g in grades:
        kids = [s.id for s in students if grade_of[s.id] == g]
        if not kids:
            continue
        rng.shuffle(kids)
        n_adv = max(1, math.ceil(len(kids) / ADVISORY_SIZE[school]))
        for a in range(n_adv):
            tid = f"t{len(staff) + 1:03d}"
            room_id: str | None = f"r{len(rooms) + 1:03d}"
            if rng.random() < 0.1:
                room_id = None  # shares the conference rooms
                floating.append(tid)
            else:
                assert room_id is not None
                rooms.append(Room(room_id, f"Room {100 + len(rooms) + 1}", days))
            availability = days
            if rng.random() < 0.15:
                # Away one afternoon of the week, or leaving an hour early on a short day.
                away = rng.choice(days)
                if fmt == "generous":
                    availability = tuple(w for w in days if w != away)
                else:
                    availability = tuple(
                        Window(w.start, w.end - 60) if w == away else w for w in days
                    )
            staff.append(Staff(tid, f"Ms. {rng.choice(LAST)}", availability, home_room=room_id))
            for sid in kids[a::n_adv]:
                advisor_of[sid] = tid
    shared = [
        Room(f"r{len(rooms) + 1 + k:03d}", f"Conference room {chr(65 + k)}", days)
        for k in range(len(floating))
    ]
    rooms.extend(shared)
    n_specialists = max(1, round(size / 400))
    specialists = [
        Staff(f"t{len(staff) + 1 + k:03d}", f"Mr. {rng.choice(LAST)}", days, role="specialist")
        for k in range(n_specialists)
    ]
    staff.extend(specialists)
    floating_set = set(floating)
    students = [
        replace(
            s,
            staff=(advisor_of[s.id],)
            + ((rng.choice(specialists).id,) if rng.random() < 0.03 else ()),
            rooms=tuple(r.id for r in shared) if advisor_of[s.id] in floating_set else (),
        )
        for s in students
    ]

    # What families can do.
    kids_of: dict[str, int] = {}
    for s in students:
        kids_of[s.family] = kids_of.get(s.family, 0) + 1
    placed_families = []
    for f in families:
        draw = rng.random()
        need = kids_of[f.id] * (40 if f.interpreter else 20)
        if draw < 0.005:
            windows: tuple[Window, ...] = ()
        elif draw < 0.15:
            # Evening only, narrow.
            ev = rng.choice(evening)
            windows = (_grid_windows(rng, ev, max(need, 60), max(need, 100), step),)
        elif draw < 0.30:
            windows = days
        else:
            chosen = rng.sample(list(days), k=min(len(days), rng.choice((1, 2, 2, 3))))
            windows = tuple(
                sorted(
                    (_grid_windows(rng, d, max(need, 60), max(need, 180), step) for d in chosen),
                    key=lambda w: w.start,
                )
            )
        preferred: tuple[int, ...] = ()
        if windows and rng.random() < 0.35:
            preferred = (rng.choice(windows).day,)
        time_of_day: TimeOfDay | None = None
        if rng.random() < 0.25:
            time_of_day = "earlier" if rng.random() < 0.5 else "later"
        placed_families.append(
            replace(f, availability=windows, preferred_days=preferred, time_of_day=time_of_day)
        )
    families = placed_families

    # Interpreters: demand against supply.
    interp_minutes = settings.interpreted_minutes
    demand: dict[str, int] = {}
    for s in students:
        lang = needs[s.family]
        if lang:
            demand[lang] = demand.get(lang, 0) + interp_minutes
    counts = dict(interpreters) if interpreters is not None else default_interpreters(demand, fmt)
    interps: list[Interpreter] = []
    for lang, n in sorted(counts.items()):
        for k in range(n):
            availability = days
            if k > 0 and rng.random() < 0.4:
                keep = rng.sample(list(days), k=max(1, len(days) // 2))
                availability = tuple(w for w in days if w in keep)
            interps.append(
                Interpreter(
                    f"i{len(interps) + 1:03d}",
                    f"{LANGUAGE_NAMES.get(lang, lang)} interpreter {k + 1}",
                    (lang,),
                    availability,
                )
            )
    supply: dict[str, int] = {}
    for it in interps:
        for lang in it.languages:
            supply[lang] = supply.get(lang, 0) + sum(w.end - w.start for w in it.availability)

    instance = Instance(
        name=f"{school} school, {size} students, {fmt} format, seed {seed}",
        staff=tuple(staff),
        families=tuple(families),
        students=tuple(students),
        rooms=tuple(rooms),
        interpreters=tuple(interps),
        settings=settings,
    )

    # Some families booked already: their conferences are locked.
    if locked_rate > 0:
        prep = Prepared(instance)
        board = Board(prep)
        order = list(range(len(families)))
        rng.shuffle(order)
        for fam in order[: round(locked_rate * len(families))]:
            for i in prep.households[fam]:
                opts = [o for o in prep.options[i] if board.fits(i, o)]
                if opts:
                    board.place(i, rng.choice(opts))
        booked = prep.solution(board.choice)
        instance = replace(
            instance,
            locked=tuple(
                Locked(a.student, a.start, a.room, a.interpreter) for a in booked.assignments
            ),
        )

    return Generated(
        instance=instance,
        school=school,
        format=fmt,
        seed=seed,
        households=households,
        sibling_households=siblings,
        interpreters=counts,
        demand_minutes=demand,
        supply_minutes=supply,
    )
