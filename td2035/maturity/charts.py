"""Server-drawn SVG bar chart of the six dimensions (no JavaScript, no chart library). The template draws
it from these numbers; the same figures are in a table next to it."""

from dataclasses import dataclass

WIDTH = 400
LABEL_HEIGHT = 22
BAR_HEIGHT = 22
GAP = 18
LEFT = 8
RIGHT = 40  # room for the value after the bar
PLOT = WIDTH - LEFT - RIGHT


@dataclass
class Bar:
    label: str
    score: float
    label_y: int
    y: int
    width: float
    value_x: float
    marker_x: float | None  # peer median, if shown
    band: str


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    gridlines: list[tuple[int, float]]  # (value, x)
    left: int = LEFT
    plot_width: int = PLOT
    width: int = WIDTH


def x_of(value: float) -> float:
    return round(LEFT + PLOT * max(0.0, min(100.0, value)) / 100, 1)


def bar_chart(rows: list[tuple[str, float, float | None, str]]) -> BarChart:
    """rows: (label, score 0-100, peer median or None, band id)."""
    bars = []
    y = 4
    for label, score, peer, band in rows:
        bar_y = y + LABEL_HEIGHT
        bars.append(
            Bar(
                label=label,
                score=score,
                label_y=y + 16,
                y=bar_y,
                width=max(1.0, x_of(score) - LEFT),
                value_x=x_of(score) + 6,
                marker_x=x_of(peer) if peer is not None else None,
                band=band,
            )
        )
        y = bar_y + BAR_HEIGHT + GAP
    return BarChart(bars=bars, height=y + 14, gridlines=[(v, x_of(v)) for v in (0, 25, 50, 75, 100)])
