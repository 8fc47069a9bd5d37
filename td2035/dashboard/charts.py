"""Server-drawn SVG charts (no JavaScript, no chart library). Each chart is an image with a title; the
table next to it carries the same figures for screen readers and for copying."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from td2035.dashboard.outlook import Outlook
from td2035.dashboard.tables import Table, Value
from td2035.directory import maps

WIDTH = 640
ROW = 26
LABEL_W = 250


def fmt(value: Value, kind: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if kind == "pct":
        return f"{value * 100:.1f} %"
    if kind == "year":
        return str(value)
    if kind == "score" or isinstance(value, float):
        return f"{value:.1f}"
    return f"{value:,}"


def truncate(text: str, limit: int = 31) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbars(table: Table, column: str, *, chart_id: str, maximum: float | None = None) -> SafeString:
    """One horizontal bar per row of `table` for the column `column` ("—" where suppressed)."""
    index = table.column(column)
    kind = table.columns[index].fmt
    values = [v if isinstance(v, int | float) else None for v in (row.value(index) for row in table.rows)]
    top = maximum or max([v for v in values if v is not None] or [1]) or 1
    height = ROW * len(table.rows) + 8
    bar_w = WIDTH - LABEL_W - 80
    parts = [
        f'<svg class="chart chart-bars" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" focusable="false"><title id="{chart_id}-title">'
        f"{escape(table.title)}</title>"
    ]
    for i, (row, value) in enumerate(zip(table.rows, values, strict=True)):
        y = 4 + i * ROW
        parts.append(
            f'<text class="chart-label" x="{LABEL_W - 6}" y="{y + 17}" text-anchor="end">'
            f"{escape(truncate(row.label))}</text>"
        )
        if value is None:
            parts.append(
                f'<text class="chart-value chart-suppressed" x="{LABEL_W + 4}" y="{y + 17}">—</text>'
            )
            continue
        w = max(1.0, bar_w * float(value) / float(top))
        parts.append(
            f'<rect class="chart-bar" x="{LABEL_W}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{LABEL_W + w + 6:.1f}" y="{y + 17}">{escape(fmt(value, kind))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def trend(item: Outlook, *, chart_id: str, first: float = 2021.25) -> SafeString:
    """Observed quarters (line and dots), the trend to the target year with its 95 % band (shaded),
    and the target (a dashed line), on a 0–100 scale."""
    last_year = (item.target.year if item.target else item.projection.year) + 1.0
    w, h, left, right, top, bottom = WIDTH, 300, 44, 16, 14, 34
    span = max(last_year - first, 1.0)

    def x(t: float) -> float:
        return left + (t - first) / span * (w - left - right)

    def y(v: float) -> float:
        return top + (1 - v / 100) * (h - top - bottom)

    parts = [
        f'<svg class="chart chart-trend" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{chart_id}-title" '
        f'focusable="false"><title id="{chart_id}-title">{escape(item.label)}</title>'
    ]
    for v in (0, 25, 50, 75, 100):
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
        )
        parts.append(
            f'<text class="chart-axis" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v}</text>'
        )
    year = int(first) + 1
    while year <= last_year:
        if year % 2 == 0 or last_year - first < 8:
            parts.append(
                f'<text class="chart-axis" x="{x(year):.1f}" y="{h - 12}" text-anchor="middle">{year}</text>'
            )
        year += 1
    scale = 100.0 if item.projection.kind == "share" else 1.0
    if item.band:
        upper = " ".join(f"{x(t):.1f},{y(hi * scale):.1f}" for t, _c, _lo, hi in item.band)
        lower = " ".join(f"{x(t):.1f},{y(lo * scale):.1f}" for t, _c, lo, _hi in reversed(item.band))
        parts.append(f'<polygon class="chart-band" points="{upper} {lower}"/>')
        centre = " ".join(f"{x(t):.1f},{y(c * scale):.1f}" for t, c, _lo, _hi in item.band)
        parts.append(f'<polyline class="chart-projection" points="{centre}"/>')
    if item.target is not None:
        ty = y(item.target.value)
        parts.append(f'<line class="chart-target" x1="{left}" x2="{w - right}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(
            f'<text class="chart-target-label" x="{w - right}" y="{ty - 5:.1f}" text-anchor="end">'
            f"{escape(_('Meta'))} {item.target.value:g}</text>"
        )
    if item.observations:
        points = " ".join(f"{x(o.time):.1f},{y(o.value * scale):.1f}" for o in item.observations)
        parts.append(f'<polyline class="chart-line" points="{points}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def choropleth(
    values: dict[str, Value], *, chart_id: str, title: str, kind: str
) -> tuple[SafeString, list[tuple[str, str]]]:
    """Municipalities shaded by `values` (suppressed or missing ones in the "no data" class), through
    the directory's map functions (td2035.directory.maps)."""
    state = maps.state_map()
    as_int = {
        k: round(v * (100 if kind == "pct" else 1)) or 1
        for k, v in values.items()
        if isinstance(v, int | float)
    }
    cells, entries = maps.choropleth(as_int)
    parts = [
        f'<svg class="map-svg state-map chart-map" viewBox="0 0 {state.projection.width} {state.projection.height}" '
        f'role="img" aria-labelledby="{chart_id}-title" focusable="false"><title id="{chart_id}-title">'
        f"{escape(title)}</title>"
    ]
    for cell in cells:
        value = values.get(cell.shape.cve_mun)
        parts.append(
            f'<path class="muni {cell.css_class}" d="{cell.shape.path}"><title>'
            f"{escape(cell.shape.name)}: {escape(fmt(value, kind))}</title></path>"
        )
    parts.append("</svg>")
    unit = " %" if kind == "pct" else ""
    legend = [
        (e.css_class, str(_("sin dato o menos de 5")) if e.high == 0 else f"{e.low}–{e.high}{unit}")
        for e in entries
    ]
    return mark_safe("".join(parts)), legend  # noqa: S308
