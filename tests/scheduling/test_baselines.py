from __future__ import annotations

from podium.scheduling.baselines import best_run, run_baseline
from podium.scheduling.generate import generate
from podium.scheduling.types import Family, Instance, Locked, Student
from tests.scheduling.factory import EVENING, at, riverside


def garcias_with_mr_chen_busy_at_four_twenty() -> Instance:
    """No interpreter needed; Linh's conference with Mr. Chen is booked at 16:20."""
    return riverside(
        interpreters=(),
        families=(
            Family("garcia", "García", EVENING, guardians=("Sofía García",)),
            riverside().families[1],
        ),
        students=(
            *riverside().students[:2],
            Student("linh", "Linh Tran", "tran", ("chen",)),
        ),
        locked=(Locked("linh", at(16, 20), "r102"),),
    )


def test_booking_each_child_separately_splits_these_siblings() -> None:
    run = run_baseline("fcfs_separate", garcias_with_mr_chen_busy_at_four_twenty(), orders=1)[0]

    # Mateo takes 16:00; Lupe's next time with Mr. Chen is 16:40.
    assert run.report.ok
    assert run.solution.by_student["lupe"].start == at(16, 40)
    assert run.report.metrics.sibling_households_together == 0
    assert run.report.metrics.wait_minutes_total == 20


def test_the_booking_page_seats_siblings_back_to_back_first() -> None:
    run = run_baseline("fcfs_block", garcias_with_mr_chen_busy_at_four_twenty(), orders=1)[0]

    assert run.report.metrics.sibling_households_together == 1
    by = run.solution.by_student
    assert min(by["mateo"].end, by["lupe"].end) == max(by["mateo"].start, by["lupe"].start)


def test_family_packing_makes_families_wait_less_than_first_come_first_served() -> None:
    instance = generate(seed=8, size=300, school="K-12", fmt="tight").instance

    separate = best_run(run_baseline("fcfs_separate", instance, orders=3))
    packing = best_run(run_baseline("family_packing", instance, orders=3))

    assert packing.report.metrics.wait_minutes_total < separate.report.metrics.wait_minutes_total
    assert (
        packing.report.metrics.sibling_households_together
        > separate.report.metrics.sibling_households_together
    )


def test_each_arrival_order_is_a_run_of_its_own_and_repeatable() -> None:
    instance = generate(seed=8, size=300, school="K-12", fmt="tight").instance

    runs = run_baseline("fcfs_separate", instance, orders=3, seed=1)
    again = run_baseline("fcfs_separate", instance, orders=3, seed=1)

    assert [r.order_seed for r in runs] == [0, 1, 2]
    assert [r.solution for r in runs] == [r.solution for r in again]
    assert len({r.solution for r in runs}) > 1
