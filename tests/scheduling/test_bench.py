from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.scheduler import main


def test_the_benchmark_writes_every_figure_for_every_method(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scheduler.json"

    main(
        [
            "--sizes",
            "60",
            "--formats",
            "tight",
            "--time-limit",
            "2",
            "--orders",
            "2",
            "--out",
            str(out),
        ]
    )

    report = json.loads(out.read_text())
    (entry,) = report["instances"]
    assert set(entry["methods"]) == {"fcfs_separate", "fcfs_block", "family_packing", "cpsat"}
    for figures in entry["methods"].values():
        for name in (
            "placed",
            "placed_bound",
            "interpreted_placed",
            "siblings_together",
            "siblings_seatable",
            "wait_minutes_total",
            "wait_minutes_worst",
            "extra_trips",
            "advisor_idle_minutes",
            "interpreter_use",
            "objective",
            "seconds",
        ):
            assert figures[name] is not None, name
    assert entry["methods"]["cpsat"]["bound"] <= entry["methods"]["cpsat"]["objective"]
    assert "cpsat" in capsys.readouterr().out
