"""Maps drawn on the server as SVG (they need no tile server and no JavaScript) and the same data as
GeoJSON for the interactive map. Lon/lat are projected equirectangularly with the x axis scaled by
cos(latitude), which is accurate enough for a state the size of Querétaro."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from td2035.directory.models import Network, NetworkMembership, Organization
from td2035.directory.queries import DirectoryFilters, network_with_descendants
from td2035.reference.models import Municipality, ScianCode

MAP_WIDTH = 600
POINT_CAP = 2000
CLASS_COUNT = 5  # c0 is "no organisations", c1..c4 quantiles of the others

Ring = Sequence[Sequence[float]]


@dataclass(frozen=True)
class Projection:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    width: float
    padding: float = 4.0

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.min_lat + self.max_lat) / 2))

    @property
    def scale(self) -> float:
        span = max((self.max_lon - self.min_lon) * self.kx, 1e-9)
        return (self.width - 2 * self.padding) / span

    @property
    def height(self) -> float:
        return round((self.max_lat - self.min_lat) * self.scale + 2 * self.padding, 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.padding + (lon - self.min_lon) * self.kx * self.scale
        y = self.padding + (self.max_lat - lat) * self.scale
        return round(x, 1), round(y, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


def rings(geometry: dict[str, Any]) -> list[Ring]:
    """Outer and inner rings of a GeoJSON Polygon or MultiPolygon."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def fit(all_rings: Iterable[Ring], width: float) -> Projection:
    ring_list = list(all_rings)
    lons = [p[0] for ring in ring_list for p in ring]
    lats = [p[1] for ring in ring_list for p in ring]
    if not lons:
        return Projection(-100.6, 20.0, -99.0, 21.7, width)
    return Projection(min(lons), min(lats), max(lons), max(lats), width)


def path_data(ring_list: Iterable[Ring], projection: Projection) -> str:
    parts = []
    for ring in ring_list:
        points = [projection.project(p[0], p[1]) for p in ring]
        if len(points) < 3:
            continue
        head, *tail = points
        parts.append(f"M{head[0]} {head[1]}L" + " ".join(f"{x} {y}" for x, y in tail) + "Z")
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    cve_mun: str
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class StateMap:
    projection: Projection
    shapes: tuple[Shape, ...]


@cache
def state_map() -> StateMap:
    """The 18 municipalities projected once per process (reference data do not change at run time)."""
    municipalities = list(Municipality.objects.order_by("cve_mun"))
    projection = fit([r for m in municipalities for r in rings(m.boundary)], MAP_WIDTH)
    shapes = tuple(
        Shape(
            m.cve_mun,
            m.name,
            path_data(rings(m.boundary), projection),
            *projection.project(m.longitude, m.latitude),
        )
        for m in municipalities
    )
    return StateMap(projection, shapes)


@dataclass(frozen=True)
class Cell:
    shape: Shape
    count: int
    css_class: str


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    low: int
    high: int


def class_breaks(counts: Iterable[int]) -> list[int]:
    """Upper bounds of classes c1..c4: quantiles of the non-zero counts, without repeats."""
    positive = sorted(c for c in counts if c > 0)
    if not positive:
        return []
    classes = CLASS_COUNT - 1
    bounds = [
        positive[min(len(positive) - 1, math.ceil(len(positive) * k / classes) - 1)]
        for k in range(1, classes + 1)
    ]
    return sorted(set(bounds))


def css_class(count: int, breaks: list[int]) -> str:
    if count <= 0:
        return "c0"
    for index, bound in enumerate(breaks, start=1):
        if count <= bound:
            return f"c{index}"
    return f"c{len(breaks)}"


def choropleth(counts: dict[str, int]) -> tuple[list[Cell], list[LegendEntry]]:
    breaks = class_breaks(counts.values())
    cells = [
        Cell(s, counts.get(s.cve_mun, 0), css_class(counts.get(s.cve_mun, 0), breaks))
        for s in state_map().shapes
    ]
    legend = [LegendEntry("c0", 0, 0)]
    low = 1
    for index, bound in enumerate(breaks, start=1):
        legend.append(LegendEntry(f"c{index}", low, bound))
        low = bound + 1
    return cells, legend


# --- Points ---------------------------------------------------------------------------------------


def map_queryset(filters: DirectoryFilters, *, located: bool = True) -> QuerySet[Organization]:
    """Organisations matching the map's filters (kind, sector, size, network); with coordinates if located."""
    condition = Q(latitude__isnull=False, longitude__isnull=False) if located else Q()
    if filters.kind:
        condition &= Q(kind__in=filters.kind)
    if filters.size:
        condition &= Q(size__in=filters.size)
    if filters.sector:
        condition &= sector_condition(filters.sector)
    if filters.network:
        network = Network.objects.filter(slug=filters.network).only("pk").first()
        ids = network_with_descendants(network.pk) if network else ()
        members = NetworkMembership.objects.filter(network_id__in=ids).values("organization_id")
        condition &= Q(pk__in=members)
    return Organization.objects.filter(condition)


def municipality_counts(filters: DirectoryFilters) -> dict[str, int]:
    """Exact organisation counts by municipality (the search index samples very broad queries)."""
    rows = map_queryset(filters, located=False).values_list("municipality_id").annotate(n=Count("pk"))
    return {cve: n for cve, n in rows.order_by() if cve}


def sector_condition(sectors: Iterable[str]) -> Q:
    """SCIAN sector codes ("31-33", "46") as a condition on the organisation's class code."""
    prefixes = Q(pk__in=[])
    for sector in sectors:
        low, _, high = sector.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            for two in range(int(low), int(high or low) + 1):
                prefixes |= Q(code__startswith=str(two))
    return Q(scian__in=ScianCode.objects.filter(prefixes).values("code"))


@dataclass(frozen=True)
class PointSample:
    points: list[dict[str, Any]]  # slug, name, latitude, longitude
    total: int

    @property
    def is_sample(self) -> bool:
        return len(self.points) < self.total


def point_sample(filters: DirectoryFilters, cap: int = POINT_CAP) -> PointSample:
    """At most `cap` organisations, spread evenly over ids so that the sample is stable between calls."""
    qs = map_queryset(filters)
    total = qs.count()
    step = max(1, math.ceil(total / cap))
    if step > 1:
        qs = qs.alias(bucket=F("pk") % step).filter(bucket=0)
    rows = qs.order_by("pk").values("slug", "name", "latitude", "longitude", "kind")[:cap]
    return PointSample([dict(row) for row in rows], total)


def points_path(points: Iterable[dict[str, Any]], projection: Projection) -> str:
    """All points as one SVG path of zero-length segments (round caps draw the dots): light to send."""
    out = []
    for p in points:
        if projection.contains(p["longitude"], p["latitude"]):
            x, y = projection.project(p["longitude"], p["latitude"])
            out.append(f"M{x} {y}h0")
    return "".join(out)


# --- One organisation's location --------------------------------------------------------------------


@dataclass(frozen=True)
class LocationMap:
    width: float
    height: float
    outline: str
    point: tuple[float, float] | None


def location_map(
    boundary: dict[str, Any] | None, lon: float | None, lat: float | None, width: int = 320
) -> LocationMap | None:
    """The municipality outline with the organisation's point, or None when there is nothing to draw."""
    ring_list = rings(boundary or {})
    if not ring_list and (lon is None or lat is None):
        return None
    if not ring_list:
        ring_list = [[(lon - 0.02, lat - 0.02), (lon + 0.02, lat + 0.02)]]  # type: ignore[operator]
    projection = fit(ring_list, width)
    point = (
        projection.project(lon, lat)
        if lon is not None and lat is not None and projection.contains(lon, lat)
        else None
    )
    outline = path_data(ring_list, projection) if boundary else ""
    return LocationMap(width, projection.height, outline, point)


def geojson(cells: list[Cell], sample: PointSample, urls: dict[str, str]) -> dict[str, Any]:
    """Municipalities with counts and the organisation points, for the interactive map."""
    municipalities = {m.cve_mun: m.boundary for m in Municipality.objects.only("cve_mun", "boundary")}
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": municipalities.get(cell.shape.cve_mun),
            "properties": {
                "kind": "municipality",
                "cve_mun": cell.shape.cve_mun,
                "name": cell.shape.name,
                "count": cell.count,
                "class": cell.css_class,
                "url": urls["directory"] + "?municipality=" + cell.shape.cve_mun,
            },
        }
        for cell in cells
    ]
    features += [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["longitude"], p["latitude"]]},
            "properties": {
                "kind": "organization",
                "name": p["name"],
                "org_kind": p["kind"],
                "url": urls["organization"].replace("__slug__", p["slug"]),
            },
        }
        for p in sample.points
    ]
    return {
        "type": "FeatureCollection",
        "features": features,
        "points_total": sample.total,
        "points_shown": len(sample.points),
    }
