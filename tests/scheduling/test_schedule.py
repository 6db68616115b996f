from __future__ import annotations

from dataclasses import replace

from podium.scheduling import schedule
from podium.scheduling.generate import generate
from podium.scheduling.search import Progress
from tests.scheduling.factory import riverside


def test_schedule_returns_the_solution_its_report_and_the_bounds() -> None:
    families = (riverside().families[0], replace(riverside().families[1], availability=()))

    result = schedule(riverside(families=families), time_limit=10)

    assert result.report.ok
    assert {a.student for a in result.solution.assignments} == {"mateo", "lupe"}
    assert [(u.student, u.reason) for u in result.unplaced] == [("linh", "family_unavailable")]
    assert "gave no time" in result.unplaced[0].detail
    assert (result.placed, result.placed_bound) == (2, 2)
    assert result.objective == result.report.metrics.objective
    assert result.bound == result.objective
    assert result.gap == 0


def test_schedule_reports_progress_until_it_is_done() -> None:
    seen: list[Progress] = []
    instance = generate(seed=3, size=60, school="K-5", fmt="tight").instance

    result = schedule(instance, time_limit=4, progress=seen.append)

    assert seen[0].phase == "start"
    assert seen[-1].phase == "done"
    assert (seen[-1].placed, seen[-1].objective) == (result.placed, result.objective)
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions)
    assert all(0 <= f <= 1 for f in fractions)
    # The schedule only gets better: more placed, or as many at a lower cost.
    ranks = [(-p.placed, p.objective) for p in seen]
    assert ranks == sorted(ranks, reverse=True)
