"""Charts drawn on the server: bar graphs up to grade 5, lines after, always well-formed SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from podium.binder.charts import BOTTOM, HEIGHT, WIDTH, chart_svg, xml_text
from podium.binder.models import DataPoint, Measure
from podium.privacy.models import AccessLog
from tests.cast import Cast

SVG = "{http://www.w3.org/2000/svg}"
START = dt.date(2026, 9, 15)


def points_of(*values: float | str, every: int = 14) -> list[DataPoint]:
    return [
        DataPoint(on=START + dt.timedelta(days=every * index), value=Decimal(str(value)))
        for index, value in enumerate(values)
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def reading(goal: str | None = "20") -> Measure:
    return Measure(name="Reading level", unit="level", goal=Decimal(goal) if goal else None)


def test_grade_four_gets_a_bar_graph_with_one_bar_per_value() -> None:
    root = parse(chart_svg(reading(), points_of(12, 14, 18), 4))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "#1d4ed8"]
    assert len(bars) == 3
    assert root.find(f".//{SVG}polyline") is None
    # Taller bar for the higher value: y grows downwards.
    heights = [float(bar.get("height", "0")) for bar in bars]
    assert heights[0] < heights[1] < heights[2]


def test_grade_seven_gets_a_line_through_every_value() -> None:
    root = parse(chart_svg(reading(), points_of(12, 14, 18), 7))
    line = root.find(f".//{SVG}polyline")
    assert line is not None
    assert len(line.get("points", "").split()) == 3
    assert len(list(root.iter(f"{SVG}circle"))) == 3


def test_the_goal_is_a_dashed_labelled_line() -> None:
    root = parse(chart_svg(reading("20"), points_of(12, 18), 4))
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Goal: 20" in texts


def test_the_goal_label_moves_away_from_a_value_it_would_hide() -> None:
    # The last value sits on the goal line at the right, where the label usually goes.
    measure = Measure(name="Words per minute", goal=Decimal(150))
    root = parse(chart_svg(measure, points_of(110, 120, 153), 7))
    goal = next(text for text in root.iter(f"{SVG}text") if text.text == "Goal: 150")
    assert goal.get("text-anchor") == "start"
    root = parse(chart_svg(measure, points_of(160, 120, 110), 7))
    goal = next(text for text in root.iter(f"{SVG}text") if text.text == "Goal: 150")
    assert goal.get("text-anchor") == "end"


def test_no_goal_no_goal_line() -> None:
    root = parse(chart_svg(reading(None), points_of(12, 18), 4))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert "Goal" not in (root.findtext(f"{SVG}desc") or "")


def test_the_chart_says_what_it_shows_to_people_who_cannot_see_it() -> None:
    root = parse(chart_svg(reading(), points_of(12, "15.5", 18, every=28), 4))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Reading level"
    assert root.findtext(f"{SVG}desc") == (
        "Reading level: from 12 level on 2026-09-15 to 18 level on 2026-11-10 (3 values)."
        " Goal: 20 level."
    )
    assert root.get("aria-labelledby") == "chart-new-title"
    assert root.find(f"{SVG}title").get("id") == "chart-new-title"  # type: ignore[union-attr]


def test_no_points_draws_an_empty_chart_that_says_so() -> None:
    root = parse(chart_svg(reading(), [], 4))
    assert root.findtext(f"{SVG}desc") == "Reading level: no data yet. Goal: 20 level."
    assert "No data yet" in [text.text for text in root.iter(f"{SVG}text")]
    assert not [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "#1d4ed8"]


@pytest.mark.parametrize("grade", [2, 9])
def test_one_point_is_drawn_in_the_middle(grade: int) -> None:
    root = parse(chart_svg(reading(None), points_of(7), grade))
    assert root.findtext(f"{SVG}desc") == "Reading level: 7 level on 2026-09-15."
    marks = [
        *[r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#1d4ed8"],
        *root.iter(f"{SVG}circle"),
    ]
    assert len(marks) == 1


@pytest.mark.parametrize("grade", [3, 10])
def test_equal_values_and_zeros_do_not_divide_by_zero(grade: int) -> None:
    parse(chart_svg(reading(None), points_of(0, 0, 0), grade))
    parse(chart_svg(reading(None), points_of(5, 5, 5, 5), grade))
    parse(chart_svg(Measure(name="Late", goal=Decimal(0)), points_of(0), grade))


def test_many_points_label_only_the_dates_that_fit() -> None:
    root = parse(chart_svg(reading(), points_of(*range(60), every=2), 4))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "#1d4ed8"]
    assert len(bars) == 60
    dates = [text for text in root.iter(f"{SVG}text") if text.get("y") == str(BOTTOM + 20)]
    assert 2 <= len(dates) <= 8


def test_a_measure_name_with_markup_is_escaped_in_the_svg() -> None:
    measure = Measure(name='<script>alert("x")</script>', unit="<b>&", goal=Decimal(3))
    svg = chart_svg(measure, points_of(1, 2), 4)
    assert "<script>" not in svg
    root = parse(svg)
    assert root.findtext(f"{SVG}title") == '<script>alert("x")</script>'
    assert root.find(f".//{SVG}script") is None


def test_characters_xml_cannot_carry_are_left_out() -> None:
    root = parse(chart_svg(Measure(name="Read\x01ing\x1b", unit="\x0c"), points_of(1), 4))
    assert root.findtext(f"{SVG}title") == "Reading"


def test_numbers_in_coordinates_stay_dots_in_every_language() -> None:
    with translation.override("es"):
        svg = chart_svg(reading(), points_of("12.5", "13.25"), 7)
    root = parse(svg)
    for circle in root.iter(f"{SVG}circle"):
        float(circle.get("cx", "x"))
    # The labels themselves are in the reader's format.
    assert "12,5" in [text.text for text in root.iter(f"{SVG}text")]


def inside(root: ET.Element) -> None:
    """Every mark lies within the viewBox."""

    def within(x: float, y: float) -> bool:
        return 0 <= x <= WIDTH + 0.05 and 0 <= y <= HEIGHT + 0.05

    for rect in root.iter(f"{SVG}rect"):
        x, y = float(rect.get("x", "-1")), float(rect.get("y", "-1"))
        width, height = float(rect.get("width", "-1")), float(rect.get("height", "-1"))
        assert min(width, height) >= 0
        assert within(x, y)
        assert within(x + width, y + height)
    for circle in root.iter(f"{SVG}circle"):
        assert within(float(circle.get("cx", "-1")), float(circle.get("cy", "-1")))
    for line in root.iter(f"{SVG}polyline"):
        for pair in line.get("points", "").split():
            x, y = (float(part) for part in pair.split(","))
            assert within(x, y)
    for line in root.iter(f"{SVG}line"):
        assert within(float(line.get("x1", "-1")), float(line.get("y1", "-1")))
        assert within(float(line.get("x2", "-1")), float(line.get("y2", "-1")))


values = st.decimals(
    min_value=Decimal("-999999.99"),
    max_value=Decimal("999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@settings(max_examples=150, deadline=None)
@given(
    days=st.lists(st.integers(min_value=0, max_value=2000), unique=True, max_size=40),
    data=st.data(),
    goal=st.none() | values,
    grade=st.integers(min_value=0, max_value=12),
    # A carriage return comes back from any XML parser as a newline.
    name=st.text(max_size=30).map(lambda text: text.replace("\r", "")),
)
def test_any_series_draws_well_formed_svg_with_every_mark_inside(
    days: list[int], data: st.DataObject, goal: Decimal | None, grade: int, name: str
) -> None:
    points = [DataPoint(on=START + dt.timedelta(days=day), value=data.draw(values)) for day in days]
    root = parse(chart_svg(Measure(name=name, goal=goal), points, grade))
    assert (root.findtext(f"{SVG}title") or "") == xml_text(name)
    inside(root)
    marks = len(list(root.iter(f"{SVG}circle"))) + len(
        [rect for rect in root.iter(f"{SVG}rect") if rect.get("fill") == "#1d4ed8"]
    )
    assert marks == len(points)


# The SVG served on its own.


def measure_of(cast: Cast) -> Measure:
    measure = Measure.objects.create(student=cast.student, name="Reading level", goal=20)
    DataPoint.objects.create(measure=measure, on=START, value=12)
    return measure


def test_the_chart_is_served_as_an_inert_svg_file(client: Client, cast: Cast) -> None:
    measure = measure_of(cast)
    client.force_login(cast.advisor.user)
    response = client.get(f"/binder/measures/{measure.pk}/chart.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "private" in response["Cache-Control"]
    root = parse(response.content.decode())
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}desc", "").startswith("Reading level: 12 on 2026-09-15.")
    assert AccessLog.objects.filter(student=cast.student, what="data").count() == 1


def test_the_guardian_fetches_the_chart_in_her_language(client: Client, cast: Cast) -> None:
    measure = measure_of(cast)
    client.force_login(cast.guardian.ensure_user())
    response = client.get(f"/binder/measures/{measure.pk}/chart.svg")
    assert response.status_code == 200
    assert parse(response.content.decode()).findtext(f"{SVG}title") == "Reading level"


def test_the_chart_file_refuses_a_post(client: Client, cast: Cast) -> None:
    measure = measure_of(cast)
    client.force_login(cast.student.ensure_user())
    assert client.post(f"/binder/measures/{measure.pk}/chart.svg").status_code == 405


def test_another_family_cannot_fetch_the_chart(client: Client, cast: Cast) -> None:
    measure = measure_of(cast)
    client.force_login(cast.other_guardian.ensure_user())
    assert client.get(f"/binder/measures/{measure.pk}/chart.svg").status_code == 404
    client.force_login(cast.outsider_advisor.user)
    assert client.get(f"/binder/measures/{measure.pk}/chart.svg").status_code == 404
