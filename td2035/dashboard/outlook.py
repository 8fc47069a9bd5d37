"""The observed series, their projection to the target year and each target against it."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from td2035.dashboard import projection
from td2035.dashboard.models import Metric, Target
from td2035.dashboard.projection import Observation, Projection
from td2035.dashboard.suppression import K
from td2035.dashboard.tables import NA, Column, Row, Table

DEFAULT_YEAR = 2035


def series(data: dict[str, Any], metric: str) -> list[Observation]:
    """The quarters with at least K organisations behind them (the others are suppressed anyway), on
    the 0..1 scale for shares and 0..100 for means."""
    out = []
    for q in data["quarterly"]:
        if metric == Metric.MSME_ADVANCED_SHARE:
            n = q["msme_assessed"]
            if n >= K:
                out.append(Observation(q["time"], q["msme_advanced"] / n, n))
        elif metric == Metric.MEAN_OVERALL:
            n = q["assessed"]
            if n >= K and q["mean_overall"] is not None:
                out.append(Observation(q["time"], q["mean_overall"], n))
    return out


KINDS = {Metric.MSME_ADVANCED_SHARE.value: "share", Metric.MEAN_OVERALL.value: "mean"}


def scale(metric: str) -> float:
    """Multiplier from the model's scale to what people read (percent for shares)."""
    return 100.0 if KINDS[metric] == "share" else 1.0


@dataclass
class Outlook:
    metric: str
    label: str
    observations: list[Observation]
    projection: Projection
    band: list[tuple[float, float, float, float]]
    target: Target | None
    on_track: bool | None
    sentence: str

    @property
    def last(self) -> float | None:
        return self.observations[-1].value * scale(self.metric) if self.observations else None

    def scaled(self, value: float | None) -> float | None:
        return None if value is None else value * scale(self.metric)


def outlook(data: dict[str, Any], metric: str, target: Target | None) -> Outlook:
    year = target.year if target else DEFAULT_YEAR
    kind = KINDS[metric]
    observations = series(data, metric)
    proj = projection.project(observations, kind=kind, year=year)
    band = projection.band(observations, kind=kind, until=year)
    on_track: bool | None = None
    if proj.ok and target is not None:
        on_track = projection.check_target(proj, target.value / scale(metric)).on_track
    item = Outlook(metric, str(dict(Metric.choices)[metric]), observations, proj, band, target, on_track, "")
    item.sentence = sentence(item)
    return item


def sentence(item: Outlook) -> str:
    proj = item.projection
    if not proj.ok:
        return _(
            "Sin proyección: hacen falta al menos %(n)s trimestres con %(k)s o más organizaciones evaluadas."
        ) % {"n": projection.MIN_POINTS, "k": K}
    unit = " %" if KINDS[item.metric] == "share" else ""
    figures = {
        "year": proj.year,
        "value": f"{item.scaled(proj.value):.1f}{unit}",
        "low": f"{item.scaled(proj.low):.1f}",
        "high": f"{item.scaled(proj.high):.1f}{unit}",
    }
    pace = (
        _("Al ritmo observado llega a %(value)s en %(year)s (intervalo del 95 %%: %(low)s–%(high)s).")
        % figures
    )
    if item.target is None:
        return pace
    goal = {"target": f"{item.target.value:g}{unit}", "year": item.target.year}
    if item.on_track:
        return _("En camino a la meta de %(target)s en %(year)s.") % goal + " " + pace
    return _("No va en camino a la meta de %(target)s en %(year)s.") % goal + " " + pace


def outlooks(data: dict[str, Any]) -> list[Outlook]:
    targets = {t.metric: t for t in Target.objects.order_by("year")}
    return [outlook(data, metric, targets.get(metric)) for metric in Metric.values]


def table(items: list[Outlook]) -> Table:
    """The projections as numbers: last observed quarter, projected value and interval, target."""

    rows = []
    for item in items:
        p = item.projection
        status = "" if item.on_track is None else (_("en camino") if item.on_track else _("no va en camino"))
        rows.append(
            Row(
                item.metric,
                item.label,
                [
                    item.last if item.last is not None else NA,
                    *((item.scaled(v) for v in (p.value, p.low, p.high)) if p.ok else (NA, NA, NA)),
                    item.target.value if item.target else NA,
                    p.year,
                ],
            )
        )
        rows[-1].label = item.label + (f" — {status}" if status else "")
    return Table(
        "proyeccion-2035",
        _("Proyección a 2035 y metas"),
        [
            Column("last", _("Último trimestre"), "score"),
            Column("projection", _("Proyección"), "score"),
            Column("low", _("Intervalo 95 %: desde"), "score"),
            Column("high", _("Intervalo 95 %: hasta"), "score"),
            Column("target", _("Meta"), "score"),
            Column("year", _("Año"), "year"),
        ],
        rows,
        head=_("Indicador"),
        note=_("Porcentajes y puntajes en escala 0–100. Tendencia lineal (sobre el logit en porcentajes)."),
    )
