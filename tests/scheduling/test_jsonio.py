from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from podium.scheduling.baselines import run_baseline
from podium.scheduling.generate import generate
from podium.scheduling.jsonio import (
    SchemaError,
    dumps_instance,
    dumps_solution,
    instance_to_dict,
    loads_instance,
    loads_solution,
    read_instance,
    read_solution,
    solution_to_dict,
    write_instance,
    write_solution,
)
from podium.scheduling.types import InstanceError
from tests.scheduling.factory import good_schedule, riverside


def test_an_instance_survives_a_round_trip_through_json(tmp_path: Path) -> None:
    instance = generate(seed=5, size=80, school="K-12", fmt="tight").instance

    write_instance(instance, tmp_path / "school.json")

    assert read_instance(tmp_path / "school.json") == instance
    assert loads_instance(dumps_instance(instance)) == instance


def test_a_solution_survives_a_round_trip_through_json(tmp_path: Path) -> None:
    instance = generate(seed=5, size=80, school="K-12", fmt="tight").instance
    solution = run_baseline("fcfs_block", instance, orders=1)[0].solution
    assert solution.unplaced

    write_solution(solution, tmp_path / "schedule.json")

    assert read_solution(tmp_path / "schedule.json") == solution
    assert loads_solution(dumps_solution(solution)) == solution


def test_names_with_accents_are_written_as_they_are() -> None:
    assert "Sofía García" in dumps_instance(riverside())


def broken_instance(change: Any) -> str:
    data = instance_to_dict(riverside())
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["families"][1]["availability"][0].update(end="7pm"),
            'families[1].availability[0].end: expected minutes, got "7pm"',
        ),
        (
            lambda d: d["families"][0]["availability"][0].update(start=True),
            "families[0].availability[0].start: expected minutes, got true",
        ),
        (lambda d: d["students"][2].pop("family"), "students[2].family: missing"),
        (lambda d: d["staff"][0].update(availabilty=[]), "staff[0].availabilty: unknown field"),
        (lambda d: d.update(students={}), "students: expected a list, got {}"),
        (lambda d: d["interpreters"][0].update(languages="es"), "interpreters[0].languages"),
        (
            lambda d: d["families"][0].update(time_of_day="evening"),
            "families[0].time_of_day: expected 'earlier' or 'later'",
        ),
        (lambda d: d["settings"].update(step_minutes="20"), "settings.step_minutes"),
        (lambda d: d.pop("name"), "name: missing"),
        (lambda d: d.update(format="something else"), "format: expected"),
    ],
)
def test_malformed_instance_json_names_the_field(change: Any, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        loads_instance(broken_instance(change))

    assert message in str(caught.value)


def test_an_instance_that_contradicts_itself_names_the_field() -> None:
    def unknown_family(d: dict[str, Any]) -> None:
        d["students"][2]["family"] = "nobody"

    with pytest.raises(InstanceError, match=r"students\[2\]\.family: unknown family 'nobody'"):
        loads_instance(broken_instance(unknown_family))


def test_times_off_the_grid_are_refused_with_the_field() -> None:
    def off_grid(d: dict[str, Any]) -> None:
        d["families"][1]["availability"][0]["start"] += 5

    with pytest.raises(InstanceError, match=r"families\[1\]\.availability\[0\]\.start: .* off"):
        loads_instance(broken_instance(off_grid))


def test_text_that_is_not_json_says_where_it_breaks() -> None:
    with pytest.raises(SchemaError, match=r"not JSON: .* line 1"):
        loads_instance("{'name': 1}")


def test_malformed_solution_json_names_the_field() -> None:
    data = solution_to_dict(good_schedule())
    data["assignments"][1]["start"] = 4.5
    data["unplaced"] = [{"student": "linh", "reason": "sleepy"}]

    with pytest.raises(SchemaError, match=r"assignments\[1\]\.start: expected minutes, got 4.5"):
        loads_solution(json.dumps(data))
    data["assignments"][1]["start"] = 4440
    with pytest.raises(SchemaError, match=r"unplaced\[0\]\.reason: expected one of"):
        loads_solution(json.dumps(data))
