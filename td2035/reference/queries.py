"""Reads of reference data used by the directory, the API and the pages."""

from functools import cache

from django.db.models import Q, QuerySet

from td2035.core.text import terms
from td2035.reference.models import Municipality, ScianCode, ScianLevel


def search_scian(query: str, *, level: str | None = ScianLevel.CLASE, limit: int = 50) -> list[ScianCode]:
    """SCIAN codes by code prefix or by words (accent-blind, plural-tolerant, ancestors' titles count).

    Codes matching every word come first, then those matching most words; shorter codes first on ties.
    """
    query = query.strip()
    qs: QuerySet[ScianCode] = ScianCode.objects.all()
    if level:
        qs = qs.filter(level=level)
    if query.replace("-", "").isdigit():
        return list(qs.filter(code__startswith=query)[:limit])
    wanted = terms(query)[:8]
    if not wanted:
        return []
    condition = Q()
    for term in wanted:
        condition |= Q(search_text__contains=term)
    candidates = list(qs.filter(condition))

    def score(code: ScianCode) -> tuple[int, int, str]:
        own = code.search_text.split()
        hits = sum(1 for t in wanted if any(w.startswith(t) for w in own))
        in_title = sum(1 for t in wanted if t in code.search_text[: len(code.title_es) + 20])
        return (-hits, -in_title, code.code)

    ranked = [c for c in sorted(candidates, key=score) if score(c)[0] < 0]
    return ranked[:limit]


def scian_children(parent: str | None, *, level: str | None = None, limit: int = 500) -> list[ScianCode]:
    """Codes directly below `parent` (the sectors when None); with `level`, every code of that level
    below `parent` at any depth."""
    if not level:
        return list(ScianCode.objects.filter(parent_id=parent or None)[:limit])
    codes = ScianCode.objects.filter(level=level)
    if not parent:
        return list(codes[:limit])
    if len(parent) == 2 or "-" in parent:
        return [c for c in codes if _in_sector(c.code, parent)][:limit]
    return list(codes.filter(code__startswith=parent)[:limit])


@cache
def sector_choices() -> list[tuple[str, str]]:
    return [(c.code, c.title_es) for c in ScianCode.objects.filter(level=ScianLevel.SECTOR)]


def scian_lineage(code: str) -> list[ScianCode]:
    """The code and its ancestors, sector first."""
    codes = [sector_of(code)] + [code[:n] for n in range(3, len(code) + 1)]
    found = {c.code: c for c in ScianCode.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def _in_sector(code: str, sector: str) -> bool:
    low, _, high = sector.partition("-")
    return int(low) <= int(code[:2]) <= int(high or low)


def sector_of(code: str) -> str:
    """The sector code ("31-33", "46", ...) of any SCIAN code, without a query."""
    for sector, _title in sector_choices():
        if _in_sector(code, sector):
            return sector
    return code[:2]


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.all()


@cache
def municipality_names() -> dict[str, str]:
    return dict(Municipality.objects.values_list("cve_mun", "name"))
