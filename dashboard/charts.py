"""Charts drawn on the server as SVG: the geometry here, the markup in templates/dashboard/chart.html.

Each chart has a title and a description (the SVG's <title>/<desc>, read by a screen reader) and
its figures as a table (the text alternative, under the chart). Drawn in a 320-unit-wide viewBox
that scales to its box, so it reads the same on a 375 px phone as on a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

WIDTH = 320
ROW = 22  # a horizontal bar's band: its label above, the bar under it
PLOT_HEIGHT = 120
LABEL_ROOM = 16  # under a column chart: the first and last labels


@dataclass
class Bar:
    label: str
    display: str
    x: float
    y: float
    width: float
    height: float
    text_x: float = 0
    text_y: float = 0
    label_y: float = 0


@dataclass
class Chart:
    kind: str  # "columns", "bars" or "line"
    key: str  # unique on the page: the ids of the title and description
    title: str
    desc: str
    height: int
    columns: tuple[str, str]  # the table's headings
    rows: list[tuple[str, str]]  # the table: label, value as read
    bars: list[Bar] = field(default_factory=list)
    points: str = ""  # the line's polyline
    baseline: str = ""  # a dashed reference line (planned, in a burn-down)
    axis: list[tuple[float, str]] = field(default_factory=list)  # x labels under a chart
    width: int = WIDTH

    @property
    def empty(self) -> bool:
        return not self.rows


def _scale(values: Sequence[Decimal | int]) -> Decimal:
    top = max((Decimal(v) for v in values), default=Decimal(0))
    return top if top > 0 else Decimal(1)


def column_chart(
    key: str, title: str, desc: str, series: Sequence[tuple[str, int | Decimal, str]], columns: tuple[str, str]
) -> Chart:
    """Vertical bars, one per (label, value, value as read), e.g. a value per day."""
    top = _scale([v for _, v, _ in series])
    slot = WIDTH / max(len(series), 1)
    bars = []
    for i, (label, value, display) in enumerate(series):
        height = float(Decimal(value) / top) * PLOT_HEIGHT
        bars.append(Bar(label, display, i * slot + slot * 0.15, PLOT_HEIGHT - height, slot * 0.7, height))
    return _plot("columns", key, title, desc, series, columns, bars=bars)


def bar_chart(
    key: str, title: str, desc: str, series: Sequence[tuple[str, Decimal | int, str]], columns: tuple[str, str]
) -> Chart:
    """Horizontal bars with their label and value above them (long names fit a phone), in the order given."""
    top = _scale([v for _, v, _ in series])
    bars = []
    for i, (label, value, display) in enumerate(series):
        y = i * ROW * 1.6
        width = max(float(Decimal(value) / top) * WIDTH, 1.0)
        bars.append(Bar(label, display, 0, y + 12, width, ROW * 0.5, text_x=WIDTH, text_y=y + 9, label_y=y + 9))
    height = int(len(series) * ROW * 1.6) or ROW
    return Chart("bars", key, title, desc, height, columns, [(label, display) for label, _, display in series], bars)


def line_chart(
    key: str,
    title: str,
    desc: str,
    series: Sequence[tuple[str, Decimal, str]],
    columns: tuple[str, str],
    reference: Decimal | None = None,
) -> Chart:
    """A line through (label, value, value as read) points, e.g. what remains of a budget day by day;
    `reference` draws a dashed level (the amount planned)."""
    values = [v for _, v, _ in series] + ([reference] if reference is not None else [])
    top = _scale([abs(v) for v in values])
    step = WIDTH / max(len(series) - 1, 1)

    def y(value: Decimal) -> float:
        return PLOT_HEIGHT - float(max(value, Decimal(0)) / top) * (PLOT_HEIGHT - 4)

    points = " ".join(f"{i * step:.1f},{y(v):.1f}" for i, (_, v, _) in enumerate(series))
    baseline = f"0,{y(reference):.1f} {WIDTH},{y(reference):.1f}" if reference is not None else ""
    return _plot("line", key, title, desc, series, columns, points=points, baseline=baseline)


def _plot(kind: str, key: str, title: str, desc: str, series: Sequence[Any], columns: tuple[str, str], **shape: Any):
    """A chart over a time axis: its first and last labels under it, its figures as the table."""
    axis = [(4.0, series[0][0]), (WIDTH - 4.0, series[-1][0])] if series else []
    rows = [(label, display) for label, _, display in series]
    return Chart(kind, key, title, desc, PLOT_HEIGHT + LABEL_ROOM, columns, rows, axis=axis, **shape)
