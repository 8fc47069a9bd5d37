"""Versioned questionnaires shipped as data: one file per version, `<id>-v<version>.json` in this folder.

A later version or another instrument is a new file here; forms, scoring and the API read the data.
Each version is mirrored into the Instrument table (sync_instruments) so answers can always be read
under the version they were given in, even if a file is later removed.
"""

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent
FILE_RE = re.compile(r"^(?P<id>[a-z0-9-]+)-v(?P<version>\d+)\.json$")
ID_RE = re.compile(r"[a-z0-9-]{1,40}")  # what an instrument's id can be (file names, the Instrument table)
DEFAULT_INSTRUMENT = "eu-dma-sme"

Instrument = dict[str, Any]


class UnknownInstrument(LookupError):
    pass


@cache
def shipped() -> dict[tuple[str, int], Path]:
    """(id, version) -> file of every instrument shipped with the project."""
    found = {}
    for path in DIR.glob("*.json"):
        match = FILE_RE.match(path.name)
        if match:
            found[(match["id"], int(match["version"]))] = path
    return found


@cache
def _read(path: Path) -> Instrument:
    data: Instrument = json.loads(path.read_text(encoding="utf-8"))
    data["_questions"] = {q["id"]: q for q in data["questions"]}
    return data


def latest_version(instrument_id: str) -> int:
    versions = [v for (i, v) in shipped() if i == instrument_id]
    if not versions:
        from td2035.maturity.models import Instrument as Row

        versions = list(Row.objects.filter(instrument_id=instrument_id).values_list("version", flat=True))
    if not versions:
        raise UnknownInstrument(instrument_id)
    return max(versions)


def get_instrument(instrument_id: str = DEFAULT_INSTRUMENT, version: int | None = None) -> Instrument:
    """The instrument's data (cached); the latest version unless one is asked for."""
    if not isinstance(instrument_id, str) or not ID_RE.fullmatch(instrument_id):
        raise UnknownInstrument(repr(instrument_id)[:60])  # never looked up: no such id can be stored
    if version is None:
        version = latest_version(instrument_id)
    path = shipped().get((instrument_id, version))
    if path is not None:
        return _read(path)
    return _from_database(instrument_id, version)


def _from_database(instrument_id: str, version: int) -> Instrument:
    from td2035.maturity.models import Instrument as Row

    row = Row.objects.filter(instrument_id=instrument_id, version=version).first()
    if row is None:
        raise UnknownInstrument(f"{instrument_id} v{version}")
    data: Instrument = dict(row.data)
    data["_questions"] = {q["id"]: q for q in data["questions"]}
    return data


def public(instrument: Instrument) -> Instrument:
    """The instrument without private helper keys (for JSON and storage)."""
    return {k: v for k, v in instrument.items() if not k.startswith("_")}


def sync_instruments() -> int:
    """Store every shipped version in the Instrument table; returns how many were new."""
    from td2035.maturity.models import Instrument as Row

    created = 0
    for (instrument_id, version), path in sorted(shipped().items()):
        _, was_created = Row.objects.get_or_create(
            instrument_id=instrument_id, version=version, defaults={"data": public(_read(path))}
        )
        created += was_created
    return created


def dimensions(instrument: Instrument) -> list[dict[str, Any]]:
    return sorted(instrument["dimensions"], key=lambda d: d["order"])


def dimension_questions(instrument: Instrument, dimension_id: str) -> list[dict[str, Any]]:
    return [q for q in instrument["questions"] if q["dimension"] == dimension_id]


def localized(item: dict[str, Any], key: str, language: str | None = None) -> str:
    """item[key_es] or item[key_en] for the active language (Spanish when English is missing)."""
    from django.utils.translation import get_language

    lang = (language or get_language() or "es")[:2]
    return str(item.get(f"{key}_{lang}") or item.get(f"{key}_es") or "")
