"""Reads over the maturity tables for the TD2035 dashboard: grouped figures, never one organisation.

Every function returns raw numbers with the number of organisations behind each one (`assessed`);
the dashboard publishes them through td2035.dashboard.suppression (k = 5). Figures describe each
organisation's latest completed assessment (`is_latest`), grouped by the profile snapshot taken when it
was completed (sector, size, municipality), so a company that later moves still counts where it was
assessed.

`scope` narrows every read: `Scope(organization_ids=<subquery of organisation ids>)` for the members of
a network, `Scope(municipality="014")` for one municipality (snapshot), or both.
"""

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from td2035.maturity.models import Assessment, Band, DimensionScore

INSTRUMENT_FILE = Path(__file__).resolve().parent / "data" / "eu_dma_sme.json"
MSME_SIZES = ("micro", "small", "medium")
ADVANCED_BANDS = (Band.MODERATELY_ADVANCED.value, Band.ADVANCED.value)
GROUPS = ("sector", "size", "municipality")
FIRST_QUARTER = (2021, 2)  # the platform started in Q2 2021


@cache
def dimension_ids() -> tuple[str, ...]:
    """The dimensions of eu-dma-sme in the instrument's order."""
    data = json.loads(INSTRUMENT_FILE.read_text(encoding="utf-8"))
    ordered = sorted(data["dimensions"], key=lambda d: d.get("order", 0))
    return tuple(d["id"] for d in ordered)


@dataclass(frozen=True)
class Scope:
    organization_ids: QuerySet[Any] | None = field(default=None, compare=False)
    municipality: str | None = None

    def assessments(self) -> QuerySet[Assessment]:
        condition = Q()
        if self.organization_ids is not None:
            condition &= Q(organization_id__in=self.organization_ids)
        if self.municipality:
            condition &= Q(municipality=self.municipality)
        return Assessment.objects.filter(condition)

    def scores(self) -> QuerySet[DimensionScore]:
        condition = Q(assessment__is_latest=True)
        if self.organization_ids is not None:
            condition &= Q(organization_id__in=self.organization_ids)
        if self.municipality:
            condition &= Q(assessment__municipality=self.municipality)
        return DimensionScore.objects.filter(condition)


EVERYTHING = Scope()


def latest(scope: Scope = EVERYTHING) -> QuerySet[Assessment]:
    return scope.assessments().filter(is_latest=True, status=Assessment.Status.COMPLETED)


def activity(scope: Scope = EVERYTHING) -> dict[str, int]:
    """Assessments completed (all, history included), in progress, and organisations assessed."""
    row = scope.assessments().aggregate(
        completed=Count("pk", filter=Q(status=Assessment.Status.COMPLETED)),
        drafts=Count("pk", filter=Q(status=Assessment.Status.DRAFT)),
        assessed=Count("pk", filter=Q(status=Assessment.Status.COMPLETED, is_latest=True)),
        msme_assessed=Count(
            "pk", filter=Q(status=Assessment.Status.COMPLETED, is_latest=True, size__in=MSME_SIZES)
        ),
    )
    return {k: int(v or 0) for k, v in row.items()}


def summary(scope: Scope = EVERYTHING) -> dict[str, Any]:
    """One group: organisations assessed, mean overall, mean per dimension, organisations per band."""
    return grouped(scope)["all"][""]


def empty_group() -> dict[str, Any]:
    return {"assessed": 0, "msme_assessed": 0, "mean_overall": None, "dimensions": {}, "bands": {}}


def by_group(group: str | None, scope: Scope = EVERYTHING) -> dict[str, dict[str, Any]]:
    """{key: {"assessed", "msme_assessed", "mean_overall", "dimensions": {id: mean}, "bands": {band: n}}}
    by `group` (sector, size, municipality of the snapshot) or one group "" when `group` is None."""
    if group is not None and group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    return grouped(scope)[group or "all"]


class _Sums:
    __slots__ = ("bands", "dimensions", "msme", "n", "overall")

    def __init__(self) -> None:
        self.n = self.msme = 0
        self.overall = 0.0
        self.bands: dict[str, int] = {}
        self.dimensions: dict[str, list[float]] = {}  # id -> [sum, count]

    def add(self, overall: float | None, band: str, is_msme: bool, scores: dict[str, Any]) -> None:
        self.n += 1
        self.msme += is_msme
        self.overall += overall or 0.0
        self.bands[band] = self.bands.get(band, 0) + 1
        for dimension, score in (scores or {}).items():
            if isinstance(score, int | float):
                total = self.dimensions.setdefault(dimension, [0.0, 0])
                total[0] += score
                total[1] += 1

    def result(self) -> dict[str, Any]:
        return {
            "assessed": self.n,
            "msme_assessed": self.msme,
            "mean_overall": self.overall / self.n if self.n else None,
            "dimensions": {d: total / count for d, (total, count) in self.dimensions.items() if count},
            "bands": self.bands,
        }


def grouped(scope: Scope = EVERYTHING) -> dict[str, dict[str, dict[str, Any]]]:
    """Every group at once: {"all": {"": group}, "sector": {...}, "size": {...}, "municipality": {...}}.

    One pass over the latest completed assessments (their scores per dimension travel with them), about
    a second per 100,000 organisations assessed: cheaper than joining the per-dimension rows in SQL."""
    sums: dict[str, dict[str, _Sums]] = {"all": {"": _Sums()}, **{g: {} for g in GROUPS}}
    rows = latest(scope).values_list("sector", "size", "municipality", "overall", "band", "dimension_scores")
    for sector, size, municipality, overall, band, scores in rows.order_by().iterator(chunk_size=5000):
        is_msme = size in MSME_SIZES
        for group, key in (("all", ""), ("sector", sector), ("size", size), ("municipality", municipality)):
            bucket = sums[group].get(key)
            if bucket is None:
                bucket = sums[group][key] = _Sums()
            bucket.add(overall, band, is_msme, scores)
    return {group: {key: s.result() for key, s in keys.items()} for group, keys in sums.items()}


def below_mean_counts(scope: Scope, means: dict[str, float]) -> dict[str, int]:
    """Per dimension, how many organisations in `scope` score below `means[dimension]`."""
    conditions = {
        f"d{i}": Count("pk", filter=Q(dimension=dim, score__lt=mean))
        for i, (dim, mean) in enumerate(means.items())
    }
    if not conditions:
        return {}
    row = scope.scores().aggregate(**conditions)
    return {dim: int(row[f"d{i}"] or 0) for i, dim in enumerate(means)}


# --- Change over time ---------------------------------------------------------------------------------


def quarter_of(moment: dt.datetime) -> tuple[int, int]:
    return moment.year, (moment.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> dt.datetime:
    """The first instant after the quarter, in the current time zone."""
    month = quarter * 3 + 1
    if month > 12:
        year, month = year + 1, 1
    return timezone.make_aware(dt.datetime(year, month, 1))


def quarters(first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    year, q = first
    while (year, q) <= last:
        yield year, q
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)


def quarterly(scope: Scope = EVERYTHING, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The state at the end of every quarter since Q2 2021, counting each organisation's latest
    assessment completed by then: assessed organisations, assessed MSMEs, the mean overall score, the
    MSMEs at "moderately advanced" or better, and the assessments completed in the quarter.

    One pass over the completed assessments ordered by completion (about 1 s per million rows)."""
    now = now or timezone.now()
    rows = (
        scope.assessments()
        .filter(status=Assessment.Status.COMPLETED, completed_at__isnull=False)
        .order_by("completed_at", "pk")
        .values_list("organization_id", "completed_at", "overall", "band", "size")
    )
    return list(_fold(rows.iterator(chunk_size=5000), now))


def _fold(
    rows: Iterable[tuple[int, dt.datetime | None, float | None, str, str]], now: dt.datetime
) -> Iterator[dict]:
    state: dict[int, tuple[float, bool, bool]] = {}  # org -> (overall, is_msme, advanced)
    total = msme = msme_advanced = 0
    overall_sum = 0.0
    in_quarter = 0
    iterator = iter(rows)
    pending = next(iterator, None)
    for year, q in quarters(FIRST_QUARTER, quarter_of(now)):
        end = quarter_end(year, q)
        while pending is not None and (pending[1] is None or pending[1] < end):
            org, _at, overall, band, size = pending
            value = (float(overall or 0.0), size in MSME_SIZES, band in ADVANCED_BANDS)
            if org in state:
                old = state[org]
                overall_sum -= old[0]
                msme -= old[1]
                msme_advanced -= old[1] and old[2]
                total -= 1
            state[org] = value
            overall_sum += value[0]
            msme += value[1]
            msme_advanced += value[1] and value[2]
            total += 1
            in_quarter += 1
            pending = next(iterator, None)
        yield {
            "quarter": f"{year}-T{q}",
            "time": year + q / 4,
            "assessed": total,
            "msme_assessed": msme,
            "msme_advanced": msme_advanced,
            "mean_overall": overall_sum / total if total else None,
            "completed_in_quarter": in_quarter,
        }
        in_quarter = 0
