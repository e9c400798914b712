"""Charts drawn on the server as SVG geometry for the templates: no script, no inline style, and every chart
sits beside a table of the same figures (the chart is never the only way to read a number)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["LineChart", "otj_chart", "BarChart", "distance_chart"]

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def _nice_top(value: float) -> float:
    """A round number at or above ``value`` for the top of an axis."""
    if value <= 0:
        return 10
    step = 10 ** (len(str(int(value))) - 1)
    return float(((int(value) // step) + 1) * step)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    done_points: str
    plan_points: str
    today_x: float | None
    expected_y: float | None
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM


def otj_chart(
    *, cumulative: list[tuple[datetime.date, Decimal]], start: datetime.date, end: datetime.date,
    required: Decimal, expected_today: Decimal, today: datetime.date,
) -> LineChart:  # fmt: skip
    """Cumulative hours done (a step line), the plan's straight line from start to planned end, and today's
    expected hours as a marker."""
    span = max((end - start).days, 1)
    top = _nice_top(float(max([required, expected_today, *(h for _, h in cumulative)], default=Decimal(0))))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return round(LEFT + plot_w * min(max((day - start).days, 0), span) / span, 1)

    def y(hours) -> float:
        return round(TOP + plot_h * (1 - float(hours) / top), 1)

    done = [(x(start), y(0))]
    for day, hours in cumulative:
        done.append((x(day), done[-1][1]))
        done.append((x(day), y(hours)))
    done.append((x(min(today, end)), done[-1][1]))
    months = []
    day = datetime.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    every = max(len(months) // 6, 1)
    in_range = start <= today <= end
    return LineChart(
        width=WIDTH, height=HEIGHT,
        done_points=" ".join(f"{px},{py}" for px, py in done),
        plan_points=f"{x(start)},{y(0)} {x(end)},{y(required)}",
        today_x=x(today) if in_range else None,
        expected_y=y(expected_today) if in_range else None,
        y_ticks=[(y(top * i / 4), f"{top * i / 4:g}") for i in range(5)],
        x_ticks=[(x(m), f"{m:%b %Y}") for m in months[::every]],
    )  # fmt: skip


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    baseline_width: float
    later_width: float | None


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    x_ticks: list[tuple[float, str]]
    plot_left: int
    plot_right: int
    bar_height: int


def distance_chart(rows: list[tuple[str, int | None, int | None]], *, bottom: int, top: int) -> BarChart:
    """Per KSB, a bar for the baseline rating and one for the latest, on the scale from bottom to top."""
    left, right, row_h, bar_h = 64, WIDTH - RIGHT, 28, 10
    span = max(top - bottom, 1)

    def w(value):
        return None if value is None else round((right - left) * (value - bottom) / span, 1)

    bars = [Bar(label, TOP + i * row_h, w(before) or 0, w(after)) for i, (label, before, after) in enumerate(rows)]
    return BarChart(
        width=WIDTH, height=TOP + len(rows) * row_h + BOTTOM, bars=bars,
        x_ticks=[(round(left + (right - left) * (v - bottom) / span, 1), str(v)) for v in range(bottom, top + 1)],
        plot_left=left, plot_right=right, bar_height=bar_h,
    )  # fmt: skip
