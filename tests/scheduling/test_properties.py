from __future__ import annotations

import pytest
from hypothesis import given, settings

from podium.scheduling.baselines import BASELINES, run_baseline
from podium.scheduling.cpsat import choice_of, solve
from podium.scheduling.generate import generate
from podium.scheduling.prepare import Prepared
from podium.scheduling.types import REASON_CODES, Instance, Solution
from tests.scheduling.strategies import small_schools


def assert_accounts_for_everyone(instance: Instance, solution: Solution) -> None:
    placed = {a.student for a in solution.assignments}
    left_out = {u.student for u in solution.unplaced}
    assert placed | left_out == {s.id for s in instance.students}
    assert not placed & left_out
    for u in solution.unplaced:
        assert u.reason in REASON_CODES
        assert u.detail


@settings(max_examples=40, deadline=None)
@given(small_schools(max_students=6))
def test_every_schedule_the_solver_returns_keeps_every_rule(instance: Instance) -> None:
    result = solve(instance, time_limit=5)

    assert result.report.ok, result.report.violations
    assert_accounts_for_everyone(instance, result.solution)
    assert result.stats["comfort_floor"] <= result.bound <= result.objective
    assert result.placed <= result.placed_bound


@pytest.mark.parametrize("method", sorted(BASELINES))
@settings(max_examples=25, deadline=None)
@given(instance=small_schools(max_students=6))
def test_every_schedule_a_baseline_returns_keeps_every_rule(
    method: str, instance: Instance
) -> None:
    runs = run_baseline(method, instance, orders=3, seed=7)

    prep = Prepared(instance)
    for run in runs:
        assert run.report.ok, run.report.violations
        assert_accounts_for_everyone(instance, run.solution)
        # The solver prices schedules piece by piece; the validator agrees.
        assert prep.cost(choice_of(prep, run.solution)) == run.report.metrics.objective


@settings(max_examples=25, deadline=None)
@given(small_schools(max_students=6))
def test_the_solver_places_at_least_as_many_as_any_baseline(instance: Instance) -> None:
    result = solve(instance, time_limit=5)
    metrics = result.report.metrics

    for method in BASELINES:
        for run in run_baseline(method, instance, orders=2):
            assert metrics.placed >= run.report.metrics.placed
            if metrics.placed == run.report.metrics.placed:
                assert metrics.interpreted_placed >= run.report.metrics.interpreted_placed


def test_the_neighbourhood_search_keeps_every_rule_on_a_larger_school() -> None:
    instance = generate(seed=3, size=120, school="K-5", fmt="tight").instance

    result = solve(instance, time_limit=4, whole_model_options=0)

    assert result.report.ok, result.report.violations
    assert_accounts_for_everyone(instance, result.solution)
    assert result.placed <= result.placed_bound
    best_baseline = max(
        run.report.metrics.placed
        for method in BASELINES
        for run in run_baseline(method, instance, orders=2)
    )
    assert result.placed >= best_baseline
