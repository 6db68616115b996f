"""Instances and solutions as JSON, with errors that name the field.

An instance file looks like this (times are minutes from Monday 00:00 of
the conference week; see ``types``)::

    {
      "format": "podium.scheduling.instance", "version": 1,
      "name": "Riverside, fall conferences",
      "settings": {"step_minutes": 20, "conference_minutes": 20,
                   "interpreted_minutes": 40, "max_wait_minutes": 60},
      "weights": {"siblings_apart": 300, "extra_trip": 120, "wait_minute": 2,
                  "preference_miss": 30, "idle_minute": 1},
      "staff": [{"id": "t1", "name": "Ms. Rivera", "home_room": "r1",
                 "availability": [{"start": 4380, "end": 4740}]}],
      "rooms": [{"id": "r1", "name": "Room 101", "availability": [...]}],
      "interpreters": [{"id": "i1", "name": "Mr. Haddad", "languages": ["ar"],
                        "availability": [...]}],
      "families": [{"id": "f1", "name": "García", "guardians": ["Sofía García"],
                    "language": "es", "interpreter": "es",
                    "availability": [...], "preferred_days": [3],
                    "time_of_day": "later"}],
      "students": [{"id": "s1", "name": "Mateo García", "family": "f1",
                    "staff": ["t1"]}],
      "locked": [{"student": "s1", "start": 4440, "room": "r1", "interpreter": "i1"}]
    }

Only ``name``, ``staff``, ``families`` and ``students`` are required at the
top; optional fields take the defaults of the dataclasses. Unknown fields
are refused, so that a misspelt one does not pass silently.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, TypeVar, cast

from podium.scheduling.types import (
    REASON_CODES,
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
    TimeOfDay,
    Unplaced,
    Weights,
    Window,
    check_instance,
)

INSTANCE_FORMAT = "podium.scheduling.instance"
SOLUTION_FORMAT = "podium.scheduling.solution"
VERSION = 1

T = TypeVar("T")


class SchemaError(ValueError):
    """The JSON does not have the shape of an instance or a solution."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


def _describe(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Reader:
    """Reads one JSON object, remembering where it is for error messages."""

    def __init__(self, value: Any, path: str, allowed: set[str]) -> None:
        if not isinstance(value, dict):
            raise SchemaError(path, f"expected an object, got {_describe(value)}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            where = f"{path}." if path else ""
            raise SchemaError(f"{where}{unknown[0]}", "unknown field")
        self.value = value
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return self.value.get(key) is not None

    def raw(self, key: str) -> Any:
        if key not in self.value:
            raise SchemaError(self.at(key), "missing")
        return self.value[key]

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.value:
            return default
        value = self.raw(key)
        if not isinstance(value, str) or not value:
            raise SchemaError(self.at(key), f"expected a non-empty string, got {_describe(value)}")
        return value

    def optional_text(self, key: str) -> str | None:
        if not self.has(key):
            return None
        return self.text(key)

    def whole(self, key: str, what: str = "a whole number", default: int | None = None) -> int:
        if default is not None and key not in self.value:
            return default
        return _int(self.raw(key), self.at(key), what)

    def optional_whole(self, key: str, what: str = "a whole number") -> int | None:
        if not self.has(key):
            return None
        return self.whole(key, what)

    def items(self, key: str, required: bool = False) -> list[tuple[Any, str]]:
        if key not in self.value and not required:
            return []
        value = self.raw(key)
        if not isinstance(value, list):
            raise SchemaError(self.at(key), f"expected a list, got {_describe(value)}")
        return [(item, f"{self.at(key)}[{n}]") for n, item in enumerate(value)]

    def texts(self, key: str) -> tuple[str, ...]:
        out = []
        for item, path in self.items(key):
            if not isinstance(item, str) or not item:
                raise SchemaError(path, f"expected a non-empty string, got {_describe(item)}")
            out.append(item)
        return tuple(out)

    def wholes(self, key: str, what: str) -> tuple[int, ...]:
        return tuple(_int(item, path, what) for item, path in self.items(key))

    def windows(self, key: str) -> tuple[Window, ...]:
        out = []
        for item, path in self.items(key):
            r = _Reader(item, path, {"start", "end"})
            out.append(Window(r.whole("start", "minutes"), r.whole("end", "minutes")))
        return tuple(out)


def _int(value: Any, path: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SchemaError(path, f"expected {what}, got {_describe(value)}")
    return value


def _numbers(cls: type[T], value: Any, path: str) -> T:
    """Settings or Weights: an object of whole numbers, each optional."""
    names = {f.name for f in fields(cast(Any, cls))}
    if value is None:
        return cls()
    r = _Reader(value, path, names)
    return cls(**{name: r.whole(name) for name in names if name in r.value})


def instance_from_dict(data: Any) -> Instance:
    top = _Reader(
        data,
        "",
        {
            "format",
            "version",
            "name",
            "settings",
            "weights",
            "staff",
            "rooms",
            "interpreters",
            "families",
            "students",
            "locked",
        },
    )
    if top.has("format") and top.text("format") != INSTANCE_FORMAT:
        raise SchemaError("format", f"expected {INSTANCE_FORMAT!r}")
    if top.has("version") and top.whole("version") != VERSION:
        raise SchemaError("version", f"this reader knows version {VERSION}")
    staff = []
    for item, path in top.items("staff", required=True):
        r = _Reader(item, path, {"id", "name", "availability", "home_room", "role"})
        staff.append(
            Staff(
                id=r.text("id"),
                name=r.text("name"),
                availability=r.windows("availability"),
                home_room=r.optional_text("home_room"),
                role=r.text("role", default="advisor"),
            )
        )
    rooms = []
    for item, path in top.items("rooms"):
        r = _Reader(item, path, {"id", "name", "availability"})
        rooms.append(Room(r.text("id"), r.text("name"), r.windows("availability")))
    interpreters = []
    for item, path in top.items("interpreters"):
        r = _Reader(item, path, {"id", "name", "languages", "availability"})
        interpreters.append(
            Interpreter(
                r.text("id"), r.text("name"), r.texts("languages"), r.windows("availability")
            )
        )
    families = []
    for item, path in top.items("families", required=True):
        r = _Reader(
            item,
            path,
            {
                "id",
                "name",
                "guardians",
                "language",
                "interpreter",
                "availability",
                "preferred_days",
                "time_of_day",
            },
        )
        time_of_day = r.optional_text("time_of_day")
        if time_of_day not in (None, "earlier", "later"):
            raise SchemaError(
                r.at("time_of_day"), f"expected 'earlier' or 'later', got {_describe(time_of_day)}"
            )
        families.append(
            Family(
                id=r.text("id"),
                name=r.text("name"),
                availability=r.windows("availability"),
                guardians=r.texts("guardians"),
                language=r.text("language", default="en"),
                interpreter=r.optional_text("interpreter"),
                preferred_days=r.wholes("preferred_days", "a day number (0 = Monday)"),
                time_of_day=cast(TimeOfDay | None, time_of_day),
            )
        )
    students = []
    for item, path in top.items("students", required=True):
        r = _Reader(item, path, {"id", "name", "family", "staff", "rooms", "minutes"})
        students.append(
            Student(
                id=r.text("id"),
                name=r.text("name"),
                family=r.text("family"),
                staff=r.texts("staff"),
                rooms=r.texts("rooms"),
                minutes=r.optional_whole("minutes", "minutes"),
            )
        )
    locked = []
    for item, path in top.items("locked"):
        r = _Reader(item, path, {"student", "start", "room", "interpreter"})
        locked.append(
            Locked(
                r.text("student"),
                r.whole("start", "minutes"),
                r.optional_text("room"),
                r.optional_text("interpreter"),
            )
        )
    instance = Instance(
        name=top.text("name"),
        staff=tuple(staff),
        families=tuple(families),
        students=tuple(students),
        rooms=tuple(rooms),
        interpreters=tuple(interpreters),
        locked=tuple(locked),
        settings=_numbers(Settings, data.get("settings"), "settings"),
        weights=_numbers(Weights, data.get("weights"), "weights"),
    )
    problems = check_instance(instance)
    if problems:
        raise InstanceError(problems)
    return instance


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    def windows(ws: tuple[Window, ...]) -> list[dict[str, int]]:
        return [{"start": w.start, "end": w.end} for w in ws]

    return {
        "format": INSTANCE_FORMAT,
        "version": VERSION,
        "name": instance.name,
        "settings": asdict(instance.settings),
        "weights": asdict(instance.weights),
        "staff": [
            {
                "id": s.id,
                "name": s.name,
                "availability": windows(s.availability),
                "home_room": s.home_room,
                "role": s.role,
            }
            for s in instance.staff
        ],
        "rooms": [
            {"id": r.id, "name": r.name, "availability": windows(r.availability)}
            for r in instance.rooms
        ],
        "interpreters": [
            {
                "id": i.id,
                "name": i.name,
                "languages": list(i.languages),
                "availability": windows(i.availability),
            }
            for i in instance.interpreters
        ],
        "families": [
            {
                "id": f.id,
                "name": f.name,
                "guardians": list(f.guardians),
                "language": f.language,
                "interpreter": f.interpreter,
                "availability": windows(f.availability),
                "preferred_days": list(f.preferred_days),
                "time_of_day": f.time_of_day,
            }
            for f in instance.families
        ],
        "students": [
            {
                "id": s.id,
                "name": s.name,
                "family": s.family,
                "staff": list(s.staff),
                "rooms": list(s.rooms),
                "minutes": s.minutes,
            }
            for s in instance.students
        ],
        "locked": [
            {
                "student": lk.student,
                "start": lk.start,
                "room": lk.room,
                "interpreter": lk.interpreter,
            }
            for lk in instance.locked
        ],
    }


def solution_from_dict(data: Any) -> Solution:
    top = _Reader(data, "", {"format", "version", "assignments", "unplaced"})
    if top.has("format") and top.text("format") != SOLUTION_FORMAT:
        raise SchemaError("format", f"expected {SOLUTION_FORMAT!r}")
    if top.has("version") and top.whole("version") != VERSION:
        raise SchemaError("version", f"this reader knows version {VERSION}")
    assignments = []
    for item, path in top.items("assignments", required=True):
        r = _Reader(item, path, {"student", "start", "end", "staff", "room", "interpreter"})
        assignments.append(
            Assignment(
                student=r.text("student"),
                start=r.whole("start", "minutes"),
                end=r.whole("end", "minutes"),
                staff=r.texts("staff"),
                room=r.optional_text("room"),
                interpreter=r.optional_text("interpreter"),
            )
        )
    unplaced = []
    for item, path in top.items("unplaced"):
        r = _Reader(item, path, {"student", "reason", "detail"})
        reason = r.text("reason")
        if reason not in REASON_CODES:
            raise SchemaError(
                r.at("reason"), f"expected one of {', '.join(REASON_CODES)}, got {reason!r}"
            )
        unplaced.append(Unplaced(r.text("student"), reason, r.text("detail", default="-")))
    return Solution(tuple(assignments), tuple(unplaced))


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    return {
        "format": SOLUTION_FORMAT,
        "version": VERSION,
        "assignments": [
            {
                "student": a.student,
                "start": a.start,
                "end": a.end,
                "staff": list(a.staff),
                "room": a.room,
                "interpreter": a.interpreter,
            }
            for a in solution.assignments
        ],
        "unplaced": [
            {"student": u.student, "reason": u.reason, "detail": u.detail}
            for u in solution.unplaced
        ],
    }


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SchemaError("", f"not JSON: {e.msg} at line {e.lineno}, column {e.colno}") from e


def loads_instance(text: str) -> Instance:
    return instance_from_dict(_parse(text))


def dumps_instance(instance: Instance) -> str:
    return json.dumps(instance_to_dict(instance), ensure_ascii=False, indent=1)


def loads_solution(text: str) -> Solution:
    return solution_from_dict(_parse(text))


def dumps_solution(solution: Solution) -> str:
    return json.dumps(solution_to_dict(solution), ensure_ascii=False, indent=1)


def read_instance(path: str | Path) -> Instance:
    return loads_instance(Path(path).read_text(encoding="utf-8"))


def write_instance(instance: Instance, path: str | Path) -> None:
    Path(path).write_text(dumps_instance(instance), encoding="utf-8")


def read_solution(path: str | Path) -> Solution:
    return loads_solution(Path(path).read_text(encoding="utf-8"))


def write_solution(solution: Solution, path: str | Path) -> None:
    Path(path).write_text(dumps_solution(solution), encoding="utf-8")
