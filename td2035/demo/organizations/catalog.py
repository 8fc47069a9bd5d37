"""The curated data of the demo ecosystem (demo/data/*.json): segments of organisations, networks,
certifications, names and the municipalities' hubs, streets and area codes."""

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEGMENT_FILES = ("segments_industry.json", "segments_other.json")


@cache
def _data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def segments() -> list[dict[str, Any]]:
    return [segment for name in SEGMENT_FILES for segment in _data(name)["segments"]]


def network_specs() -> list[dict[str, Any]]:
    return list(_data("networks.json")["networks"])


def certification_descriptions() -> dict[str, str]:
    return dict(_data("certifications.json")["certifications"])


def names() -> dict[str, Any]:
    """Given names, surnames, places, brands and legal forms the trade and legal names are drawn from."""
    return _data("names.json")


def geography() -> dict[str, Any]:
    """Per municipality: weight, hubs (urban, industrial, rural), area codes; and street names by hub."""
    return _data("municipalities.json")


def expected_counts() -> tuple[int, int]:
    """How many organisations and networks a full demo has, from the data files alone."""
    municipalities = len(_data("municipalities.json")["municipalities"])
    orgs = sum(municipalities if s.get("per_municipality") else s["count"] for s in segments())
    specs = network_specs()
    return orgs + sum(1 for n in specs if "organization" in n), len(specs)
