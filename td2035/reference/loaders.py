"""Read the reference data files shipped in ./data. Used by migrations and by tests."""

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from td2035.core.text import index_text

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_csv(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def sector_code_for(code: str, sector_codes: list[str]) -> str:
    """The SCIAN sector ("31-33", "46", ...) that a code of any level belongs to."""
    two = int(code[:2])
    for sector in sector_codes:
        low, _, high = sector.partition("-")
        if int(low) <= two <= int(high or low):
            return sector
    raise ValueError(f"No SCIAN sector for code {code}")


def scian_parent(code: str, level: str, sector_codes: list[str]) -> str | None:
    if level == "sector":
        return None
    if level == "subsector":
        return sector_code_for(code, sector_codes)
    return code[:-1]


def load_scian(model: Any) -> None:
    rows = list(read_csv("scian2018.csv"))
    keywords = {r["code"]: r["keywords"] for r in read_csv("scian_keywords.csv")}
    sectors = [r["code"] for r in rows if r["level"] == "sector"]
    titles = {r["code"]: r["title_es"] for r in rows}
    parents = {r["code"]: scian_parent(r["code"], r["level"], sectors) for r in rows}

    def lineage(code: str | None) -> Iterator[str]:
        while code:
            yield code
            code = parents[code]

    objects = [
        model(
            code=r["code"],
            level=r["level"],
            title_es=r["title_es"],
            parent_id=parents[r["code"]],
            search_text=index_text(*(titles[c] + " " + keywords.get(c, "") for c in lineage(r["code"]))),
        )
        for r in rows
    ]
    model.objects.bulk_create(objects, batch_size=500)


def load_municipalities(model: Any) -> None:
    geometries = {
        f["properties"]["cve_mun"]: f["geometry"]
        for f in json.loads((DATA_DIR / "queretaro_municipalities.geojson").read_text("utf-8"))["features"]
    }
    model.objects.bulk_create(
        model(
            cve_mun=r["cve_mun"],
            cve_ent=r["cve_ent"],
            name=r["name"],
            latitude=float(r["lat"]),
            longitude=float(r["lon"]),
            boundary=geometries[r["cve_mun"]],
        )
        for r in read_csv("queretaro_municipalities.csv")
    )
