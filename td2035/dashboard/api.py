"""Tablero TD2035 API: GET /api/v1/indicators?by=municipality|sector|size|network."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from td2035.core.api_errors import answers
from td2035.dashboard import labels, snapshots
from td2035.dashboard.suppression import complementary, publish, publish_count
from td2035.maturity.aggregates import dimension_ids

router = Router(tags=["indicators"])


class IndicatorsQuery(Schema):
    by: Literal["municipality", "sector", "size", "network"] = Field(
        ..., description="municipality | sector | size | network"
    )


class Group(Schema):
    key: str
    label: str
    organizations: int | None
    assessed: int | None
    mean_overall: float | None
    dimensions: dict[str, float | None]


class Indicators(Schema):
    by: str
    computed_at: str
    k: int
    groups: list[Group]


def group(key: str, label: str, organizations: int, maturity: dict[str, Any], hidden: bool) -> dict[str, Any]:
    n = 0 if hidden else maturity.get("assessed", 0)
    dims = maturity.get("dimensions", {})

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    return {
        "key": key,
        "label": label,
        "organizations": publish_count(organizations),
        "assessed": None if hidden else publish_count(n),
        "mean_overall": rounded(publish(maturity.get("mean_overall"), n)),
        "dimensions": {d: rounded(publish(dims.get(d), n)) for d in dimension_ids()},
    }


def indicator_groups(data: dict[str, Any], by: str) -> list[dict[str, Any]]:
    """Groups with suppression (k = 5, complementary cells too) applied to every figure."""
    if by == "network":
        items = [(n["slug"], n["name"], n["organizations"], n["maturity"]) for n in data.get("networks", [])]
    else:
        counts = data["organizations"][by]
        maturity = data["maturity"][by]
        keys = sorted(set(counts) | set(maturity), key=lambda k: (k == "", k))
        items = [(k or "", labels.BY[by](k or ""), counts.get(k, 0), maturity.get(k, {})) for k in keys]
    hidden = complementary([m.get("assessed", 0) for *_rest, m in items])
    org_hidden = complementary([n for _k, _l, n, _m in items]) if by != "network" else set()
    out = []
    for i, (key, label, n, maturity) in enumerate(items):
        row = group(key, label, n, maturity, i in hidden)
        if i in org_hidden:
            row["organizations"] = None
        out.append(row)
    return out


@router.get(
    "/indicators",
    response=answers(Indicators),
    summary="Indicadores TD2035 por grupo / TD2035 indicators by group",
)
def indicators(request: HttpRequest, params: Query[IndicatorsQuery]) -> dict[str, Any]:
    """Organisations and digital maturity by municipality, SCIAN sector, size or network. Every maturity
    figure of a group with fewer than 5 assessed organisations is null (and organisation counts of 1–4)."""
    data = snapshots.get(snapshots.EVERYTHING)
    return {
        "by": params.by,
        "computed_at": data["computed_at"],
        "k": 5,
        "groups": indicator_groups(data, params.by),
    }
