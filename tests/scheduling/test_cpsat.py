from __future__ import annotations

from hypothesis import given, settings

from podium.scheduling.cpsat import solve
from podium.scheduling.types import Instance
from tests.scheduling.factory import brute_force, riverside
from tests.scheduling.strategies import small_schools


@settings(max_examples=30, deadline=None)
@given(small_schools())
def test_on_small_schools_the_solver_proves_optimal_and_matches_brute_force(
    instance: Instance,
) -> None:
    result = solve(instance, time_limit=10)

    assert result.report.ok, result.report.violations
    assert result.placement_status == "OPTIMAL"
    assert result.status == "OPTIMAL"
    placed, interpreted, cost = brute_force(instance)
    assert (result.placed, result.report.metrics.interpreted_placed) == (placed, interpreted)
    assert result.objective == cost
    assert result.bound == cost
    assert result.gap == 0
    # The floor priced family by family never claims more than the optimum.
    assert result.stats["comfort_floor"] <= cost


def test_riverside_seats_the_garcias_back_to_back_with_their_interpreter() -> None:
    result = solve(riverside(), time_limit=10)

    by = result.solution.by_student
    mateo, lupe = by["mateo"], by["lupe"]
    assert result.status == "OPTIMAL"
    assert {mateo.interpreter, lupe.interpreter} == {"haddad"}
    assert mateo.end - mateo.start == 40
    assert min(mateo.end, lupe.end) == max(mateo.start, lupe.start)
    assert result.report.metrics.sibling_households_together == 1
