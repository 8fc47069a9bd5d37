"""Completed assessments written straight into maturity's tables (the dashboard only reads them)."""

import datetime as dt

from django.utils import timezone

from td2035.directory.models import Organization
from td2035.maturity.aggregates import dimension_ids
from td2035.maturity.models import Assessment, DimensionScore


def band_of(overall: float) -> str:
    if overall <= 25:
        return "basic"
    if overall <= 50:
        return "average"
    if overall <= 75:
        return "moderately_advanced"
    return "advanced"


def assess(
    org: Organization,
    overall: float,
    *,
    at: dt.datetime | None = None,
    dims: dict[str, float] | None = None,
    size: str | None = None,
    municipality: str | None = None,
    sector: str = "31-33",
) -> Assessment:
    """A completed assessment; the organisation's earlier ones stop being its latest."""
    at = at or timezone.now()
    scores = dims or dict.fromkeys(dimension_ids(), overall)
    Assessment.objects.filter(organization=org, is_latest=True).update(is_latest=False)
    assessment = Assessment.objects.create(
        organization=org,
        status=Assessment.Status.COMPLETED,
        overall=overall,
        band=band_of(overall),
        dimension_scores=scores,
        sector=sector,
        size=size if size is not None else (org.size or "micro"),
        municipality=municipality if municipality is not None else (org.municipality_id or ""),
        is_latest=True,
        started_at=at,
        completed_at=at,
    )
    DimensionScore.objects.bulk_create(
        DimensionScore(assessment=assessment, organization=org, dimension=d, score=s, completed_at=at)
        for d, s in scores.items()
    )
    return assessment


def draft(org: Organization) -> Assessment:
    return Assessment.objects.create(organization=org, started_at=timezone.now())
