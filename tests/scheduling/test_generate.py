from __future__ import annotations

import itertools
from collections import Counter
from typing import cast

import pytest

from podium.scheduling.generate import SIBLING_RATE, SchoolType, generate, sessions
from podium.scheduling.prepare import Prepared
from podium.scheduling.types import MINUTES_PER_DAY, check_instance
from podium.scheduling.validate import validate


@pytest.mark.parametrize("school", ["K-5", "6-12", "K-12"])
def test_households_with_several_children_come_at_the_rate_of_the_school_type(
    school: str,
) -> None:
    made = generate(
        seed=11, size=2000, school=cast(SchoolType, school), fmt="generous", locked_rate=0
    )

    share = made.sibling_households / made.households
    assert abs(share - SIBLING_RATE[school]) < 0.04
    assert len(made.instance.students) == 2000
    assert check_instance(made.instance) == []


def test_about_a_tenth_of_families_need_an_interpreter_mostly_in_spanish() -> None:
    made = generate(seed=11, size=2000, school="K-12", fmt="generous", locked_rate=0)
    needs = Counter(f.interpreter for f in made.instance.families if f.interpreter)

    share = sum(needs.values()) / len(made.instance.families)
    assert 0.07 < share < 0.13
    assert 0.65 < needs["es"] / sum(needs.values()) < 0.85
    assert set(needs) - {"es"} <= {"vi", "zh", "ar", "so"}


def test_interpreter_counts_are_taken_as_given_and_demand_is_reported() -> None:
    made = generate(
        seed=2, size=300, school="K-5", fmt="tight", interpreters={"es": 1, "vi": 2}, locked_rate=0
    )

    spoken = Counter(lang for i in made.instance.interpreters for lang in i.languages)
    assert spoken == {"es": 1, "vi": 2}
    assert made.demand_minutes["es"] > made.supply_minutes["es"]
    assert "Spanish: 1 interpreter(s)" in made.describe()


def test_some_families_can_only_come_in_a_narrow_evening_window() -> None:
    made = generate(seed=4, size=600, school="6-12", fmt="tight", locked_rate=0)

    evening_only = [
        f
        for f in made.instance.families
        if f.availability
        and all(w.start % MINUTES_PER_DAY >= 17 * 60 for w in f.availability)
        and sum(w.end - w.start for w in f.availability) <= 120
    ]
    assert len(evening_only) > 0.05 * len(made.instance.families)


def test_the_generous_format_is_a_week_and_the_tight_one_two_short_days() -> None:
    generous = {w.day for w in sessions("generous")}
    tight = sessions("tight")

    assert generous == {0, 1, 2, 3, 4}
    assert len({w.day for w in tight}) == 2
    assert sum(w.end - w.start for w in tight) < 10 * 60


def test_the_same_seed_makes_the_same_school() -> None:
    first = generate(seed=9, size=300, school="K-5", fmt="tight")
    again = generate(seed=9, size=300, school="K-5", fmt="tight")
    other = generate(seed=10, size=300, school="K-5", fmt="tight")

    assert first.instance == again.instance
    assert first.instance != other.instance


def test_conferences_already_booked_keep_every_rule() -> None:
    made = generate(seed=9, size=300, school="K-12", fmt="tight", locked_rate=0.1)
    instance = made.instance
    assert instance.locked

    prep = Prepared(instance)  # raises when locked conferences collide
    booked = prep.solution({})

    assert validate(instance, booked).ok
    assert len(booked.assignments) == len(instance.locked)


def test_siblings_are_nearly_always_with_different_advisors() -> None:
    instance = generate(seed=11, size=2000, school="6-12", fmt="tight", locked_rate=0).instance
    pairs = [
        (a.staff[0], b.staff[0])
        for kids in instance.children.values()
        for a, b in itertools.combinations(kids, 2)
    ]

    apart = sum(1 for x, y in pairs if x != y)
    assert len(pairs) > 500
    assert apart / len(pairs) > 0.9
