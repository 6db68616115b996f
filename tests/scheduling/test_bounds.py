from __future__ import annotations

from hypothesis import given, settings

from bench.scheduler import INTERPRETERS
from podium.scheduling.baselines import BASELINES, run_baseline
from podium.scheduling.bounds import (
    PlacementLP,
    apart_for_sure,
    comfort_floor,
    must_place,
    placement_ceiling,
    staff_floor,
)
from podium.scheduling.cpsat import choice_of, solve
from podium.scheduling.generate import generate
from podium.scheduling.model import Model
from podium.scheduling.prepare import Prepared
from podium.scheduling.types import Family, Instance, Room, Staff, Student, Window
from tests.scheduling.factory import at, brute_force, placed_by_every_best_schedule
from tests.scheduling.strategies import small_schools

TWO_SLOTS = (Window(at(16), at(16, 40)),)


def three_students_in_a_ring() -> Instance:
    """Any two of them collide, each pair over something else: two slots seat only two.

    Ana and Ben share Ms. Rivera, Ben and Cleo are one family, Cleo and Ana
    both need the one room with a hearing loop.
    """
    return Instance(
        name="a ring of three",
        staff=(
            Staff("rivera", "Ms. Rivera", TWO_SLOTS),
            Staff("chen", "Mr. Chen", TWO_SLOTS),
        ),
        rooms=(Room("loop", "Room with a loop", TWO_SLOTS), Room("r2", "Room 2", TWO_SLOTS)),
        families=(Family("ng", "Ng", TWO_SLOTS), Family("ortiz", "Ortiz", TWO_SLOTS)),
        students=(
            Student("ana", "Ana Ng", "ng", ("rivera",), rooms=("loop",)),
            Student("ben", "Ben Ortiz", "ortiz", ("rivera",), rooms=("r2",)),
            Student("cleo", "Cleo Ortiz", "ortiz", ("chen",), rooms=("loop",)),
        ),
    )


def test_the_placement_ceiling_is_tighter_than_the_linear_relaxation() -> None:
    prep = Prepared(three_students_in_a_ring())
    model = Model(prep, [0, 1, 2], {}, whole=True)

    relaxed = PlacementLP(model)
    assert relaxed.solve(5)
    assert relaxed.value is not None
    ceiling = placement_ceiling(
        model, open_students=[0, 1, 2], lp_seconds=5, cp_seconds=5, workers=2, seed=0
    )

    assert round(relaxed.value) == 3 * model.k1  # half of each slot to each student
    assert ceiling.proven
    assert ceiling.level1 == 2 * model.k1
    assert ceiling.contested == {0, 1, 2}


def test_the_solver_proves_two_of_the_ring_is_the_most() -> None:
    result = solve(three_students_in_a_ring(), time_limit=10)

    assert result.report.ok
    assert (result.placed, result.placed_bound) == (2, 2)
    assert result.placement_status == "OPTIMAL"
    assert len(result.unplaced) == 1
    assert result.unplaced[0].reason == "taken"


def test_in_the_tight_format_not_every_family_fits() -> None:
    made = generate(
        seed=1, size=300, school="K-5", fmt="tight", interpreters=INTERPRETERS[300, "tight"]
    )
    prep = Prepared(made.instance)
    open_students = [i for i, opts in enumerate(prep.options) if opts]
    model = Model(prep, open_students, {}, whole=True)

    ceiling = placement_ceiling(
        model, open_students=open_students, lp_seconds=10, cp_seconds=10, workers=2, seed=0
    )

    assert ceiling.proven
    assert ceiling.level1 < model.k1 * len(open_students)


@settings(max_examples=30, deadline=None)
@given(small_schools(max_students=5))
def test_the_ceiling_is_exact_and_names_only_students_every_best_schedule_places(
    instance: Instance,
) -> None:
    prep = Prepared(instance)
    open_students = [i for i, opts in enumerate(prep.options) if opts]
    model = Model(prep, open_students, {}, whole=True)
    ceiling = placement_ceiling(
        model, open_students=open_students, lp_seconds=5, cp_seconds=5, workers=1, seed=0
    )
    placed, interpreted, _cost = brute_force(instance)
    locked_interpreted = sum(
        1 for i, p in enumerate(prep.locked_start) if p is not None and prep.language[i]
    )
    best = model.k1 * (placed - len(instance.locked)) + interpreted - locked_interpreted

    assert ceiling.proven
    assert ceiling.level1 == best
    weight = [model.k1 + (1 if lang else 0) for lang in prep.language]
    must = must_place(ceiling, weight, best, open_students)
    assert {prep.students[i].id for i in must} <= placed_by_every_best_schedule(instance)


def test_a_ceiling_cut_short_still_stands_above_every_schedule() -> None:
    made = generate(
        seed=1, size=300, school="K-5", fmt="tight", interpreters=INTERPRETERS[300, "tight"]
    )
    prep = Prepared(made.instance)
    open_students = [i for i, opts in enumerate(prep.options) if opts]
    model = Model(prep, open_students, {}, whole=True)
    weight = [model.k1 + (1 if lang else 0) for lang in prep.language]

    # No time for CP-SAT: the contested students count in full.
    ceiling = placement_ceiling(
        model, open_students=open_students, lp_seconds=10, cp_seconds=0, workers=1, seed=0
    )
    schedules = [
        choice_of(prep, run.solution)
        for method in BASELINES
        for run in run_baseline(method, made.instance, orders=3, prep=prep)
    ]
    schedules.append(choice_of(prep, solve(made.instance, time_limit=5).solution))

    assert not ceiling.proven
    for choice in schedules:
        assert sum(weight[i] for i in choice) <= ceiling.level1


@settings(max_examples=40, deadline=None)
@given(small_schools(max_students=5))
def test_every_comfort_floor_is_at_most_the_least_cost_of_a_best_schedule(
    instance: Instance,
) -> None:
    prep = Prepared(instance)
    open_students = [i for i, opts in enumerate(prep.options) if opts]
    model = Model(prep, open_students, {}, whole=True)
    ceiling = placement_ceiling(
        model, open_students=open_students, lp_seconds=5, cp_seconds=5, workers=1, seed=0
    )
    weight = [model.k1 + (1 if lang else 0) for lang in prep.language]
    must = must_place(ceiling, weight, ceiling.level1, open_students)
    _placed, _interpreted, least = brute_force(instance)
    seatable = [f for f in range(len(prep.households)) if prep.seatable(f)]

    apart = apart_for_sure(prep, must, seatable, seconds=5)
    staff, proven, parts = staff_floor(prep, must, seconds=5)

    assert proven == parts
    assert comfort_floor(prep, must) <= least
    assert comfort_floor(prep, must, apart=apart) <= least
    assert comfort_floor(prep, must, apart=apart, singles=False) + staff <= least


def test_a_household_whose_blocks_advisors_need_for_other_families_pays_for_it() -> None:
    """Ben Ng can only see Mr. Chen at 16:20, so his sister Ana would sit with Ms. Rivera
    at 16:00 or 16:40; but those are the only times the Ortizes and the Dialls can come,
    so placing everyone leaves the Ngs a wait until Ana's 17:00."""
    rivera = (Window(at(16), at(17, 20)),)
    instance = Instance(
        name="both blocks taken",
        staff=(
            Staff("rivera", "Ms. Rivera", rivera),
            Staff("chen", "Mr. Chen", (Window(at(16, 20), at(16, 40)),)),
        ),
        families=(
            Family("ng", "Ng", rivera),
            Family("ortiz", "Ortiz", (Window(at(16), at(16, 20)),)),
            Family("diall", "Diall", (Window(at(16, 40), at(17)),)),
        ),
        students=(
            Student("ana", "Ana Ng", "ng", ("rivera",)),
            Student("ben", "Ben Ng", "ng", ("chen",)),
            Student("cleo", "Cleo Ortiz", "ortiz", ("rivera",)),
            Student("dev", "Dev Diall", "diall", ("rivera",)),
        ),
    )
    prep = Prepared(instance)
    everyone = {0, 1, 2, 3}
    placed, _interpreted, least = brute_force(instance)

    assert placed == 4
    assert prep.seatable(0)
    assert apart_for_sure(prep, everyone, [0], seconds=5) == {0}
    assert comfort_floor(prep, everyone) == 0
    # Siblings apart and Ana's 20-minute wait, for sure; Ms. Rivera's idle
    # 16:20 the floor does not see.
    assert comfort_floor(prep, everyone, apart=frozenset({0})) == 300 + 2 * 20
    assert least == 300 + 2 * 20 + 20
