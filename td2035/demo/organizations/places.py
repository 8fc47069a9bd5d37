"""Where demo organisations are: the municipalities' areas and a point-in-boundary test."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from td2035.reference.models import Municipality


@dataclass(frozen=True)
class MunicipalityArea:
    cve: str
    name: str
    latitude: float
    longitude: float
    boundary: dict[str, Any]


def municipality_areas() -> list[MunicipalityArea]:
    return [
        MunicipalityArea(m.cve_mun, m.name, m.latitude, m.longitude, m.boundary)
        for m in Municipality.objects.order_by("cve_mun")
    ]


def point_in_geometry(lon: float, lat: float, geometry: dict[str, Any]) -> bool:
    """Whether a point lies inside a GeoJSON Polygon or MultiPolygon (even-odd ray casting, holes count)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(_in_rings(lon, lat, rings) for rings in polygons)


def _in_rings(lon: float, lat: float, rings: Sequence[Sequence[Sequence[float]]]) -> bool:
    inside = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i][0], ring[i][1]
            xj, yj = ring[j][0], ring[j][1]
            if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside
