from __future__ import annotations

from dataclasses import replace

import pytest

from podium.scheduling.cpsat import solve
from podium.scheduling.types import (
    Family,
    InstanceError,
    Locked,
    Staff,
    Student,
    Window,
)
from tests.scheduling.factory import at, riverside


def reasons(instance_changes: dict[str, object]) -> dict[str, str]:
    result = solve(riverside(**instance_changes), time_limit=10)
    assert result.report.ok, result.report.violations
    return {u.student: u.reason for u in result.solution.unplaced}


def test_more_students_than_slots_places_what_fits_and_names_the_rest() -> None:
    # Ms. Rivera has one 20-minute slot; three of her students want it.
    one_slot = (Staff("rivera", "Ms. Rivera", (Window(at(17), at(17, 20)),), "r101"),)
    families = tuple(Family(f"fam{n}", f"Family {n}", (Window(at(16), at(18)),)) for n in range(3))
    students = tuple(Student(f"kid{n}", f"Kid {n}", f"fam{n}", ("rivera",)) for n in range(3))

    result = solve(
        riverside(staff=one_slot, families=families, students=students, interpreters=()),
        time_limit=10,
    )

    assert result.placed == 1
    assert result.placed_bound == 1
    assert len(result.solution.unplaced) == 2
    for u in result.solution.unplaced:
        assert u.reason == "taken"
        assert "Ms. Rivera is busy" in u.detail


def test_a_language_nobody_interprets_leaves_that_family_out_with_the_reason() -> None:
    families = (replace(riverside().families[0], interpreter="so"), riverside().families[1])

    found = reasons({"families": families})

    assert found == {"mateo": "no_interpreter_for_language", "lupe": "no_interpreter_for_language"}


def test_a_family_with_no_availability_is_left_out_with_the_reason() -> None:
    families = (riverside().families[0], replace(riverside().families[1], availability=()))

    assert reasons({"families": families}) == {"linh": "family_unavailable"}


def test_a_family_whose_times_miss_the_advisor_is_left_out_with_the_reason() -> None:
    families = (
        riverside().families[0],
        replace(riverside().families[1], availability=(Window(at(19), at(20)),)),
    )

    assert reasons({"families": families}) == {"linh": "no_common_time"}


def test_a_busy_interpreter_is_named_as_the_reason() -> None:
    haddad = replace(riverside().interpreters[0], availability=(Window(at(19), at(20)),))

    found = reasons({"interpreters": (haddad,)})

    assert found == {"mateo": "no_interpreter_available", "lupe": "no_interpreter_available"}


def test_locked_conferences_stay_where_the_family_booked_them() -> None:
    locked = (Locked("linh", at(17, 40), "r103"),)

    result = solve(riverside(locked=locked), time_limit=10)

    assert result.solution.by_student["linh"].start == at(17, 40)
    assert result.report.ok


def test_locked_conferences_that_collide_are_refused_with_the_reason() -> None:
    both = (
        Student("mateo", "Mateo García", "garcia", ("rivera",)),
        Student("lupe", "Lupe García", "garcia", ("rivera",), rooms=("r101",)),
        riverside().students[2],
    )
    locked = (
        Locked("mateo", at(16), "r101", "haddad"),
        Locked("lupe", at(16, 20), "r101", "haddad"),
    )

    with pytest.raises(InstanceError, match="rivera is in two conferences at once"):
        solve(riverside(students=both, locked=locked), time_limit=5)


def test_an_instance_naming_an_unknown_advisor_is_refused_with_the_field() -> None:
    students = (*riverside().students, Student("jonah", "Jonah", "tran", ("novak",)))

    with pytest.raises(InstanceError, match=r"students\[3\]\.staff\[0\]: unknown staff member"):
        solve(riverside(students=students), time_limit=5)
