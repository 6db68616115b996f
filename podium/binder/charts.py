"""A student's data drawn as SVG on the server.

The same markup goes inline in a page, into slides and into a PDF, so it
carries its own presentation attributes (no stylesheet, no script) and is
rendered through a Django template so that every piece of text is escaped.
Young students (K–5) get a bar graph like the one they would colour on graph
paper; older students a line over time. A goal, if set, is a dashed line with
its label, so the meaning never rests on colour alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from podium.binder.models import DataPoint, GradeBand, Measure, format_number

# Narrow on purpose: a phone shows the picture at about 0.9 of its size, so text stays legible.
WIDTH = 360
HEIGHT = 240
# The plot area: room above for the unit, below for the dates, on the left for the values.
TOP = 32
BOTTOM = HEIGHT - 44
RIGHT = WIDTH - 12
# Text is 13 units high; a character is about 7.5 units wide.
CHAR_WIDTH = 7.5
DATE_LABEL_GAP = 58
MAX_BAR_WIDTH = 48
VALUE_LABEL_MIN_BAR = 22
LINE_PAD = 14
MAX_LINE_VALUES = 8


# Characters XML 1.0 cannot carry at all: a name holding one would break the SVG file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Mark:
    """One data point as drawn: a bar (x, y, width, height) or a dot (cx = x, cy = y)."""

    x: float
    y: float
    width: float
    height: float
    value: str
    date_label: str
    label_y: float
    show_value: bool
    show_date: bool

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def value_x(self) -> float:
        return _inside(self.centre, self.value)

    @property
    def date_x(self) -> float:
        return _inside(self.centre, self.date_label)


def _inside(x: float, text: str) -> float:
    """Where to centre `text` near x so that it stays within the picture."""
    half = CHAR_WIDTH * len(text) / 2 + 2
    return min(max(x, half), WIDTH - half)


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class GoalLine:
    y: float
    label: str
    label_x: float
    label_y: float
    anchor: str


def _goal_line(y: float, label: str, left: float, marks: Sequence[Mark], kind: str) -> GoalLine:
    """The goal's line, its label put where it hides no value: right or left, above or below."""
    width = CHAR_WIDTH * 1.1 * len(label)
    taken: list[Box] = []
    for mark in marks:
        if kind == "bar":
            taken.append((mark.x, mark.y, mark.x + mark.width, mark.y + mark.height))
        else:
            taken.append((mark.x - 6, mark.y - 6, mark.x + 6, mark.y + 6))
        if mark.show_value:
            half = CHAR_WIDTH * len(mark.value) / 2
            taken.append(
                (mark.value_x - half, mark.label_y - 13, mark.value_x + half, mark.label_y + 3)
            )
    candidates = []
    for label_y in (y - 7, y + 18):
        if label_y - 13 < 0 or label_y + 3 > HEIGHT:
            continue
        candidates.append(GoalLine(y, label, RIGHT, label_y, "end"))
        candidates.append(GoalLine(y, label, left + 4, label_y, "start"))
    for candidate in candidates:
        start = candidate.label_x - width if candidate.anchor == "end" else candidate.label_x
        box = (start, candidate.label_y - 13, start + width, candidate.label_y + 3)
        if not any(_overlaps(box, other) for other in taken):
            return candidate
    return candidates[0] if candidates else GoalLine(y, label, RIGHT, y - 7, "end")


def nice_step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about four intervals."""
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _ticks(low: float, high: float) -> tuple[float, float, float]:
    """The axis range and step that contain low..high (which may be equal)."""
    if high <= low:
        high = low + 1
    step = nice_step(high - low)
    axis_low = math.floor(low / step + 1e-9) * step
    axis_high = math.ceil(high / step - 1e-9) * step
    if axis_high <= axis_low:
        axis_high = axis_low + step
    return axis_low, axis_high, step


def _tick_label(value: float, step: float) -> str:
    places = max(0, -int(Decimal(repr(step)).normalize().as_tuple().exponent))
    value = round(value, places)
    if places == 0:
        return formats.number_format(int(value))
    return formats.number_format(value, decimal_pos=places)


def _spread(xs: Sequence[float], gap: float) -> list[bool]:
    """Which of these positions get a label so that labels never overlap: always the last."""
    shown = [False] * len(xs)
    if not xs:
        return shown
    shown[-1] = True
    previous: float | None = None
    for index, x in enumerate(xs[:-1]):
        if (previous is None or x - previous >= gap) and xs[-1] - x >= gap:
            shown[index] = True
            previous = x
    return shown


def describe(measure: Measure, points: Sequence[DataPoint]) -> str:
    """The chart in one sentence, for people who cannot see it."""
    unit = f" {measure.unit}" if measure.unit else ""
    if not points:
        text = _("%(name)s: no data yet.") % {"name": measure.name}
    elif len(points) == 1:
        text = _("%(name)s: %(value)s on %(date)s.") % {
            "name": measure.name,
            "value": format_number(points[0].value) + unit,
            "date": points[0].on.isoformat(),
        }
    else:
        first, last = points[0], points[-1]
        text = ngettext(
            "%(name)s: from %(first)s on %(first_date)s to %(last)s on %(last_date)s"
            " (%(count)s value).",
            "%(name)s: from %(first)s on %(first_date)s to %(last)s on %(last_date)s"
            " (%(count)s values).",
            len(points),
        ) % {
            "name": measure.name,
            "first": format_number(first.value) + unit,
            "first_date": first.on.isoformat(),
            "last": format_number(last.value) + unit,
            "last_date": last.on.isoformat(),
            "count": len(points),
        }
    if measure.goal is not None:
        text += " " + _("Goal: %(goal)s.") % {"goal": format_number(measure.goal) + unit}
    return text


def chart_context(
    measure: Measure, points: Sequence[DataPoint], grade: int, *, chart_id: str = ""
) -> dict[str, object]:
    points = sorted(points, key=lambda point: point.on)
    kind = GradeBand.of(grade).chart_kind
    values = [float(point.value) for point in points]
    goal = float(measure.goal) if measure.goal is not None else None
    extremes = [0.0, *values, *([goal] if goal is not None else [])]
    axis_low, axis_high, step = _ticks(min(extremes), max(extremes))

    tick_values = [
        axis_low + index * step for index in range(round((axis_high - axis_low) / step) + 1)
    ]
    tick_labels = [_tick_label(value, step) for value in tick_values]
    left = max(36.0, 12 + CHAR_WIDTH * max(len(label) for label in tick_labels))

    def y_of(value: float) -> float:
        return BOTTOM - (value - axis_low) / (axis_high - axis_low) * (BOTTOM - TOP)

    date_format = pgettext("short date on a chart axis", "M j")
    dates = [formats.date_format(point.on, date_format) for point in points]
    texts = [format_number(point.value) for point in points]
    baseline = y_of(0.0)
    plot_width = RIGHT - left
    marks: list[Mark] = []
    if kind == "bar" and points:
        slot = plot_width / len(points)
        width = min(slot * 0.7, MAX_BAR_WIDTH)
        centres = [left + slot * (index + 0.5) for index in range(len(points))]
        show_dates = _spread(centres, DATE_LABEL_GAP)
        for index, value in enumerate(values):
            top = min(y_of(value), baseline)
            height = abs(y_of(value) - baseline)
            label_y = top - 5 if value >= 0 else top + height + 14
            marks.append(
                Mark(
                    x=centres[index] - width / 2,
                    y=top,
                    width=width,
                    height=height,
                    value=texts[index],
                    date_label=dates[index],
                    label_y=label_y,
                    show_value=width >= VALUE_LABEL_MIN_BAR,
                    show_date=show_dates[index],
                )
            )
    elif points:
        first, last = points[0].on, points[-1].on
        span = (last - first).days
        inner = plot_width - 2 * LINE_PAD
        xs = [
            left + LINE_PAD + (inner * (point.on - first).days / span if span else inner / 2)
            for point in points
        ]
        show_dates = _spread(xs, DATE_LABEL_GAP)
        # Every value while they fit; past that, a line speaks for itself: first and last.
        show_values = _spread(xs, CHAR_WIDTH * (max(len(text) for text in texts) + 1))
        if len(points) > MAX_LINE_VALUES:
            show_values = [index in (0, len(points) - 1) for index in range(len(points))]
        for index, value in enumerate(values):
            marks.append(
                Mark(
                    x=xs[index],
                    y=y_of(value),
                    width=0,
                    height=0,
                    value=texts[index],
                    date_label=dates[index],
                    label_y=y_of(value) - 9,
                    show_value=show_values[index],
                    show_date=show_dates[index],
                )
            )

    goal_line = None
    if goal is not None:
        label = _("Goal: %(goal)s") % {"goal": format_number(goal)}
        goal_line = _goal_line(y_of(goal), label, left, marks, kind)
    chart_id = chart_id or f"chart-{measure.pk or 'new'}"
    return {
        "id": chart_id,
        "kind": kind,
        "width": WIDTH,
        "height": HEIGHT,
        "left": left,
        "tick_label_x": left - 6,
        "right": RIGHT,
        "top": TOP,
        "bottom": BOTTOM,
        "baseline": baseline,
        "middle_x": (left + RIGHT) / 2,
        "middle_y": (TOP + BOTTOM) / 2,
        "date_y": BOTTOM + 20,
        "ticks": [
            Tick(y=y_of(value), label=label)
            for value, label in zip(tick_values, tick_labels, strict=True)
        ],
        "marks": marks,
        "polyline": " ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in marks),
        "goal": goal_line,
        "title": xml_text(measure.name),
        "description": xml_text(describe(measure, points)),
        "unit": xml_text(measure.unit),
        "empty_text": _("No data yet"),
    }


def chart_svg(
    measure: Measure, points: Sequence[DataPoint], grade: int, *, chart_id: str = ""
) -> SafeString:
    """The measure's chart as an <svg> element, safe to put straight into a page."""
    return render_to_string(
        "binder/data/chart.svg", chart_context(measure, points, grade, chart_id=chart_id)
    )
