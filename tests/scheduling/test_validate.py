from __future__ import annotations

from dataclasses import replace
from typing import Any

from podium.scheduling.types import (
    Assignment,
    Family,
    Locked,
    Room,
    Solution,
    Staff,
    Student,
    Unplaced,
    Weights,
    Window,
)
from podium.scheduling.validate import seatable_households, validate
from tests.scheduling.factory import EVENING, at, good_schedule, riverside


def broken(solution: Solution, student: str, **changes: Any) -> Solution:
    return Solution(
        tuple(replace(a, **changes) if a.student == student else a for a in solution.assignments),
        solution.unplaced,
    )


def rules_broken(solution: Solution, **instance_changes: object) -> set[str]:
    return validate(riverside(**instance_changes), solution).rules_broken()


def test_the_good_schedule_keeps_every_rule() -> None:
    report = validate(riverside(), good_schedule())

    assert report.ok, report.violations
    assert report.metrics.placed == 3


def test_it_rejects_an_assignment_for_a_student_nobody_knows() -> None:
    s = good_schedule()
    extra = Assignment("jonah", at(17), at(17, 20), ("okafor",), "r103", None)
    assert "unknown_student" in rules_broken(Solution((*s.assignments, extra)))


def test_it_rejects_a_student_placed_twice() -> None:
    s = good_schedule()
    again = replace(s.assignments[2], start=at(17, 40), end=at(18))
    assert "student_twice" in rules_broken(Solution((*s.assignments, again)))


def test_it_rejects_a_student_both_placed_and_left_out() -> None:
    s = good_schedule()
    assert "student_twice" in rules_broken(
        Solution(s.assignments, (Unplaced("linh", "taken", "full"),))
    )


def test_it_rejects_a_student_neither_placed_nor_left_out() -> None:
    s = good_schedule()
    assert rules_broken(Solution(s.assignments[:2])) == {"student_missing"}


def test_it_rejects_a_conference_of_the_wrong_length() -> None:
    assert "wrong_length" in rules_broken(broken(good_schedule(), "mateo", end=at(16, 20)))


def test_it_rejects_a_start_off_the_grid() -> None:
    solution = broken(good_schedule(), "linh", start=at(17, 10), end=at(17, 30))
    assert rules_broken(solution) == {"off_grid"}


def test_it_rejects_a_conference_without_the_students_staff() -> None:
    assert "wrong_staff" in rules_broken(broken(good_schedule(), "linh", staff=("chen",)))


def test_it_rejects_a_conference_outside_the_advisors_hours() -> None:
    short = (
        Staff("rivera", "Ms. Rivera", (Window(at(16, 40), at(18)),), home_room="r101"),
        *riverside().staff[1:],
    )
    assert rules_broken(good_schedule(), staff=short) == {"staff_unavailable"}


def test_it_rejects_a_conference_outside_the_familys_stated_times() -> None:
    solution = broken(good_schedule(), "linh", start=at(16, 20), end=at(16, 40))
    assert rules_broken(solution) == {"family_unavailable"}


def test_it_rejects_an_advisor_in_two_conferences_at_once() -> None:
    lupe_with_rivera = (
        *riverside().students[:1],
        Student("lupe", "Lupe García", "garcia", ("rivera",), rooms=("r101",)),
        riverside().students[2],
    )
    solution = broken(good_schedule(), "lupe", staff=("rivera",), room="r101", start=at(16, 20))
    solution = broken(solution, "lupe", end=at(17))
    assert "staff_double_booked" in rules_broken(solution, students=lupe_with_rivera)


def test_it_rejects_a_family_in_two_conferences_at_once() -> None:
    solution = broken(good_schedule(), "lupe", start=at(16, 20), end=at(17), interpreter=None)
    solution = broken(solution, "lupe", interpreter="haddad")
    assert "family_double_booked" in rules_broken(solution)


def test_it_rejects_a_conference_without_a_room_when_the_school_has_rooms() -> None:
    assert rules_broken(broken(good_schedule(), "linh", room=None)) == {"room_missing"}


def test_it_rejects_a_room_the_student_may_not_use() -> None:
    assert rules_broken(broken(good_schedule(), "linh", room="r101")) == {"room_not_allowed"}


def test_it_rejects_a_room_out_of_its_hours() -> None:
    rooms = (*riverside().rooms[:2], Room("r103", "Room 103", (Window(at(16), at(17)),)))
    assert rules_broken(good_schedule(), rooms=rooms) == {"room_unavailable"}


def test_it_rejects_a_room_holding_two_conferences_at_once() -> None:
    shared = tuple(replace(s, rooms=("r101",)) for s in riverside().students)
    solution = broken(good_schedule(), "linh", room="r101", start=at(17), end=at(17, 20))
    solution = broken(solution, "lupe", room="r101")
    assert rules_broken(solution, students=shared) == {"room_double_booked"}


def test_it_rejects_a_family_left_without_its_interpreter() -> None:
    assert rules_broken(broken(good_schedule(), "mateo", interpreter=None)) == {
        "interpreter_missing"
    }


def test_it_rejects_an_interpreter_for_a_family_that_needs_none() -> None:
    assert rules_broken(broken(good_schedule(), "linh", interpreter="haddad")) == {
        "interpreter_not_needed"
    }


def test_it_rejects_an_interpreter_who_does_not_speak_the_familys_language() -> None:
    families = (replace(riverside().families[0], interpreter="vi"), riverside().families[1])
    assert "interpreter_language" in rules_broken(good_schedule(), families=families)


def test_it_rejects_an_interpreter_out_of_their_hours() -> None:
    interpreter = replace(riverside().interpreters[0], availability=(Window(at(16), at(16, 40)),))
    assert rules_broken(good_schedule(), interpreters=(interpreter,)) == {"interpreter_unavailable"}


def test_it_rejects_an_interpreter_in_two_conferences_at_once() -> None:
    others = (
        *riverside().families,
        Family("haddad", "Haddad", EVENING, language="ar", interpreter="ar"),
    )
    students = (*riverside().students, Student("layla", "Layla Haddad", "haddad", ("okafor",)))
    layla = Assignment("layla", at(16), at(16, 40), ("okafor",), "r103", "haddad")
    solution = good_schedule()
    solution = Solution((*solution.assignments, layla))
    assert rules_broken(solution, families=others, students=students) == {
        "interpreter_double_booked"
    }


def test_it_rejects_a_locked_conference_that_moved() -> None:
    locked = (Locked("linh", at(17, 20), "r103"),)
    assert rules_broken(good_schedule(), locked=locked) == {"locked_moved"}


def test_a_locked_conference_may_sit_outside_the_stated_times() -> None:
    locked = (Locked("linh", at(16), "r103"),)
    solution = broken(good_schedule(), "linh", start=at(16), end=at(16, 20))
    assert rules_broken(solution, locked=locked) == set()


def test_siblings_back_to_back_cost_nothing_and_apart_cost_a_trip() -> None:
    together = validate(riverside(), good_schedule()).metrics
    apart = broken(good_schedule(), "lupe", start=at(17, 20), end=at(18))
    metrics = validate(riverside(), apart).metrics

    assert together.sibling_households == together.sibling_households_seatable == 1
    assert together.sibling_households_together == 1
    assert together.wait_minutes_total == 0
    assert together.extra_trips == 0
    assert metrics.sibling_households_together == 0
    assert metrics.wait_minutes_total == 40
    assert metrics.wait_minutes_worst == 40
    assert metrics.cost_terms["siblings_apart"] == riverside().weights.siblings_apart


def test_a_gap_longer_than_the_wait_limit_is_a_second_trip() -> None:
    wide = (Window(at(16), at(19)),)
    instance = riverside(
        staff=tuple(replace(s, availability=wide) for s in riverside().staff),
        rooms=tuple(replace(r, availability=wide) for r in riverside().rooms),
        interpreters=tuple(replace(i, availability=wide) for i in riverside().interpreters),
        families=(replace(riverside().families[0], availability=wide), riverside().families[1]),
    )
    late = broken(good_schedule(), "lupe", start=at(18, 20), end=at(19))

    metrics = validate(instance, late).metrics

    assert metrics.extra_trips == 1
    assert metrics.wait_minutes_total == 0


def test_advisor_idle_time_counts_free_minutes_between_conferences() -> None:
    two = (
        *riverside().students,
        Student("noah", "Noah Tran", "tran", ("okafor",)),
    )
    noah = Assignment("noah", at(17, 40), at(18), ("okafor",), "r103", None)
    solution = Solution((*good_schedule().assignments, noah))

    metrics = validate(riverside(students=two), solution).metrics

    assert metrics.idle_minutes == 20
    assert metrics.wait_minutes_total == 20


def test_preferences_count_the_wrong_day_and_the_wrong_half() -> None:
    families = (
        replace(riverside().families[0], preferred_days=(4,), time_of_day="later"),
        riverside().families[1],
    )
    metrics = validate(riverside(families=families), good_schedule()).metrics

    # Both García conferences are on Thursday, and both start before 17:00.
    assert metrics.preference_misses == 4
    assert metrics.cost_terms["preferences"] == 4 * Weights().preference_miss


def test_a_household_whose_children_cannot_meet_back_to_back_is_not_seatable() -> None:
    chen_early = (
        riverside().staff[0],
        Staff("chen", "Mr. Chen", (Window(at(16), at(16, 20)),), home_room="r102"),
        riverside().staff[2],
    )
    # Lupe's only time is 16:00, and Mateo's 40-minute conference cannot end by then.
    assert seatable_households(riverside(staff=chen_early)) == set()
    assert seatable_households(riverside()) == {"garcia"}


def test_a_conference_booked_outside_an_advisors_hours_takes_none_of_their_free_time() -> None:
    # Mr. Okafor met Linh's father at 15:40, before his hours, by hand.
    locked = (Locked("linh", at(15, 40), "r103"),)
    two = (*riverside().students, Student("noah", "Noah Tran", "tran", ("okafor",)))
    schedule = Solution(
        (
            *good_schedule().assignments[:2],
            Assignment("linh", at(15, 40), at(16), ("okafor",), "r103", None),
            Assignment("noah", at(17), at(17, 20), ("okafor",), "r103", None),
        )
    )

    metrics = validate(riverside(students=two, locked=locked), schedule).metrics

    # Free from 16:00, his first hour, to Noah at 17:00.
    assert metrics.idle_minutes == 60
