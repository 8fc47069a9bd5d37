"""What a network should train for: its weakest dimensions, weighted by how many of its members are
below the Querétaro average there.

priority(d) = (100 - network mean in d) × (members below the all-Querétaro mean in d) / members assessed

so a dimension where the network is weak *and* where many members lag comes first; a dimension with a
low mean pulled down by a few members comes later. Published only when at least K members are assessed
(the share of members below the mean is a figure over all of them)."""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from td2035.dashboard import labels
from td2035.dashboard.suppression import publish
from td2035.dashboard.tables import Column, Row, Table, note, ratio
from td2035.maturity.aggregates import dimension_ids
from td2035.maturity.models import Assessment
from td2035.maturity.queries import roadmap, step_links


def priorities(
    data: dict[str, Any],
) -> list[tuple[str, float | None, float | None, float | None, float | None]]:
    """(dimension, network mean, Querétaro mean, share of members below it, priority), highest priority first."""
    group = data["maturity"]["all"]
    n = group["assessed"]
    platform = data.get("platform_dimensions", {})
    below = data.get("below_platform_mean", {})
    out = []
    for d in dimension_ids():
        mean = publish(group["dimensions"].get(d), n)
        share = publish(ratio(below.get(d, 0), n), n)
        priority = None if mean is None or share is None else round((100 - mean) * share, 1)
        out.append((d, mean, platform.get(d), share, priority))
    return sorted(out, key=lambda r: -(r[4] if r[4] is not None else -1))


def training_priorities(data: dict[str, Any]) -> Table:
    return Table(
        "prioridades-de-capacitacion",
        _("Dimensiones en las que la red debería capacitar"),
        [
            Column("mean", _("Media de la red"), "score"),
            Column("platform_mean", _("Media de Querétaro"), "score"),
            Column("below_share", _("% de miembros bajo la media de Querétaro"), "pct"),
            Column("priority", _("Prioridad"), "score"),
        ],
        [Row(d, labels.dimension(d), [mean, pm, share, pr]) for d, mean, pm, share, pr in priorities(data)],
        head=_("Dimensión"),
        note=note()
        + " "
        + _("Prioridad = (100 − media de la red) × proporción de miembros bajo la media de Querétaro."),
    )


@dataclass
class TrainingStep:
    title: str
    links: list[dict[str, Any]]


@dataclass
class Priority:
    key: str
    label: str
    mean: float | None
    priority: float | None
    steps: list[TrainingStep] = field(default_factory=list)


def top_priorities(table: Table, count: int = 3) -> list[Priority]:
    """The first `count` published priorities, each with the maturity roadmap's next steps for a
    network at its mean score (td2035.maturity.queries.roadmap, the same steps an organisation sees)."""
    chosen = [
        Priority(row.key, row.label, _number(row.values[0]), _number(row.values[3]))
        for row in table.rows
        if _number(row.values[3]) is not None
    ][:count]
    if not chosen:
        return []
    pseudo = Assessment(dimension_scores={p.key: p.mean if p.mean is not None else 0.0 for p in chosen})
    english = get_language() == "en"
    by_dimension = {item.dimension: item.steps for item in roadmap(pseudo, weakest=count)}
    for p in chosen:
        p.steps = [
            TrainingStep(
                (step.title_en if english and step.title_en else step.title_es),
                step_links(step, "en" if english else "es"),
            )
            for step in by_dimension.get(p.key, [])
        ]
    return chosen


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
