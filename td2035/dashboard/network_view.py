"""What a network should train for: its weakest dimensions, weighted by how many of its members are
below the Querétaro average there.

priority(d) = (100 - network mean in d) × (members below the all-Querétaro mean in d) / members assessed

so a dimension where the network is weak *and* where many members lag comes first; a dimension with a
low mean pulled down by a few members comes later. Published only when at least K members are assessed
(the share of members below the mean is a figure over all of them)."""

from typing import Any

from django.utils.translation import gettext as _

from td2035.dashboard import labels
from td2035.dashboard.suppression import publish
from td2035.dashboard.tables import Column, Row, Table, note, ratio
from td2035.maturity.aggregates import dimension_ids


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
