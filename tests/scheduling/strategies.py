"""Random small schools for property-based tests: small enough to try every schedule."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from podium.scheduling.prepare import Prepared
from podium.scheduling.types import (
    Family,
    Instance,
    Interpreter,
    Locked,
    Room,
    Settings,
    Staff,
    Student,
    Window,
)
from tests.scheduling.factory import at

SLOTS = 4  # 16:00-17:20, in 20-minute slots


def _window(draw: st.DrawFn, day: int) -> Window:
    first = draw(st.integers(0, SLOTS - 1))
    last = draw(st.integers(first + 1, SLOTS))
    return Window(at(16, 20 * first, day), at(16, 20 * last, day))


def _windows(draw: st.DrawFn, days: tuple[int, ...], *, full: float) -> tuple[Window, ...]:
    out = []
    for day in days:
        if draw(st.floats(0, 1)) < full:
            out.append(Window(at(16, 0, day), at(16, 20 * SLOTS, day)))
        elif draw(st.booleans()):
            out.append(_window(draw, day))
    return tuple(out)


@st.composite
def small_schools(draw: st.DrawFn, max_students: int = 4) -> Instance:
    days = draw(st.sampled_from([(3,), (3, 4)]))
    with_rooms = draw(st.booleans())
    staff = []
    rooms = []
    for n in range(draw(st.integers(1, 2))):
        room = f"r{n}" if with_rooms else None
        staff.append(Staff(f"t{n}", f"Advisor {n}", _windows(draw, days, full=0.6), room))
        if room is not None:
            rooms.append(Room(room, f"Room {n}", _windows(draw, days, full=0.8)))
    interpreters = [
        Interpreter(
            f"i{n}",
            f"Interpreter {n}",
            tuple(draw(st.sampled_from([("es",), ("vi",), ("es", "vi")]))),
            _windows(draw, days, full=0.5),
        )
        for n in range(draw(st.integers(0, 2)))
    ]
    families = []
    students: list[Student] = []
    for n in range(draw(st.integers(1, 3))):
        if len(students) >= max_students:
            break
        need = draw(st.sampled_from([None, None, None, "es", "vi", "so"]))
        families.append(
            Family(
                f"f{n}",
                f"Family {n}",
                _windows(draw, days, full=0.4),
                language=need or "en",
                interpreter=need,
                preferred_days=draw(st.sampled_from([(), (days[-1],)])),
                time_of_day=draw(st.sampled_from([None, "earlier", "later"])),
            )
        )
        for k in range(draw(st.integers(1, 2))):
            if len(students) >= max_students:
                break
            team = len(staff) > 1 and draw(st.integers(0, 5)) == 0
            lead = draw(st.sampled_from([s.id for s in staff]))
            who = tuple(s.id for s in staff) if team else (lead,)
            students.append(Student(f"s{n}{k}", f"Student {n}{k}", f"f{n}", who))
    instance = Instance(
        name="small school",
        staff=tuple(staff),
        families=tuple(families),
        students=tuple(students),
        rooms=tuple(rooms),
        interpreters=tuple(interpreters),
        settings=Settings(step_minutes=20, max_wait_minutes=40),
    )
    if draw(st.booleans()):
        instance = _lock_one(instance, draw(st.integers(0, len(students) - 1)))
    return instance


def _lock_one(instance: Instance, n: int) -> Instance:
    """Book one student at the first time that fits, as a family on the booking page would."""
    prep = Prepared(instance)
    if not prep.options[n]:
        return instance
    o = prep.options[n][0]
    room = prep.room_classes[o.room_class].members[0] if o.room_class >= 0 else None
    interp = (
        prep.interpreter_classes[o.interpreter_class].members[0]
        if o.interpreter_class >= 0
        else None
    )
    booked = Locked(instance.students[n].id, o.start * prep.step, room, interp)
    return replace(instance, locked=(booked,))
