from __future__ import annotations

from dataclasses import replace

from podium.scheduling.prepare import Option
from podium.scheduling.search import Incumbent, Search
from tests.scheduling.factory import riverside


def search_of_riverside() -> Search:
    """Riverside with the Garcías needing no interpreter: every conference 20 minutes."""
    garcia = replace(riverside().families[0], language="en", interpreter=None)
    return Search(
        riverside(interpreters=(), families=(garcia, riverside().families[1])),
        time_limit=10,
        workers=2,
        seed=0,
        log=False,
        parameters=None,
        progress=None,
    )


def start_at(search: Search, student: str, point: int) -> Option:
    i = search.prep.index[student]
    return next(o for o in search.prep.options[i] if o.start == point)


def test_a_neighbourhood_result_that_no_longer_fits_is_refused() -> None:
    search = search_of_riverside()
    mateo, lupe, linh = (search.prep.index[s] for s in ("mateo", "lupe", "linh"))
    four = search.prep.options[mateo][0].start  # 16:00 on the grid
    incumbent = Incumbent(search, {mateo: start_at(search, "mateo", four)})

    # Lupe at 16:00 would put the García family in two conferences at once.
    taken = incumbent.offer({lupe, linh}, {lupe: start_at(search, "lupe", four)})

    assert not taken
    assert incumbent.choice == {mateo: start_at(search, "mateo", four)}


def test_a_result_is_taken_when_it_places_more_or_costs_no_more() -> None:
    search = search_of_riverside()
    mateo, lupe = search.prep.index["mateo"], search.prep.index["lupe"]
    four = search.prep.options[mateo][0].start
    incumbent = Incumbent(search, {mateo: start_at(search, "mateo", four)})
    alone = incumbent.cost

    # Lupe two slots after Mateo: one more placed, though the family waits.
    assert incumbent.offer({lupe}, {lupe: start_at(search, "lupe", four + 2)})
    waiting = incumbent.cost
    assert waiting > alone
    # Back to back costs less than waiting, so it is taken...
    assert incumbent.offer({lupe}, {lupe: start_at(search, "lupe", four + 1)})
    assert incumbent.cost < waiting
    # ...and waiting again is refused.
    assert not incumbent.offer({lupe}, {lupe: start_at(search, "lupe", four + 2)})
    assert incumbent.cost == search.prep.cost(incumbent.choice)
