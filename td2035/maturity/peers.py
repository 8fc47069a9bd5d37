"""Peer figures per group (same SCIAN sector, same size, same municipality, all Querétaro): count,
quartiles of the overall score and per-dimension medians of the latest completed assessments.

A group of 200,000 assessments takes seconds to summarise, so summaries are stored (PeerSummary) and
a result page only reads them. When an assessment completes, the worker recomputes the groups it
belongs to (the only groups whose figures it changes); a group nobody has asked about yet is computed on
its first view. Organisations deleted later leave a group's figures as they were until its next
completion.
"""

import hashlib
import json
from statistics import median
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from td2035.maturity.models import Assessment, PeerSummary

MIN_GROUP = 5  # never show a peer figure for fewer organisations


def group_filters(assessment: Assessment) -> list[tuple[str, dict[str, str]]]:
    """(group key, filters) of the peer groups an assessment belongs to, in the page's order."""
    groups: list[tuple[str, dict[str, str]]] = []
    for field in ("sector", "size", "municipality"):
        value = getattr(assessment, field)
        if value:
            groups.append((field, {field: value}))
    return [*groups, ("all", {})]


def latest_in_group(filters: dict[str, str]) -> QuerySet[Assessment]:
    return Assessment.objects.filter(is_latest=True, status=Assessment.Status.COMPLETED, **filters)


def group_summary(filters: dict[str, str]) -> dict[str, Any]:
    """The stored summary of a group; computed and stored on the group's first view."""
    data = PeerSummary.objects.filter(key=_key(filters)).values_list("data", flat=True).first()
    return data if data is not None else store_summary(filters)


def store_summary(filters: dict[str, str]) -> dict[str, Any]:
    data = compute_summary(filters)
    try:
        with transaction.atomic():
            PeerSummary.objects.update_or_create(
                key=_key(filters), defaults={"filters": filters, "data": data, "computed_at": timezone.now()}
            )
    except IntegrityError:  # another process stored the same group at the same moment: keep theirs
        pass
    return data


@task(queue_name="default")
def refresh_peer_summaries(assessment_id: int) -> int:
    """Recompute the groups of a completed assessment. Returns how many were stored."""
    assessment = Assessment.objects.filter(pk=assessment_id).first()
    if assessment is None:
        return 0
    groups = group_filters(assessment)
    for _key_name, filters in groups:
        store_summary(filters)
    return len(groups)


def on_assessment_completed(sender: object, assessment_id: int, **kwargs: object) -> None:
    """Receiver of maturity.signals.assessment_completed (sent on commit): queue the refresh."""
    refresh_peer_summaries.enqueue(assessment_id)


def compute_summary(filters: dict[str, str]) -> dict[str, Any]:
    """Figures are None below MIN_GROUP organisations."""
    rows = [
        (o, d)
        for o, d in latest_in_group(filters).values_list("overall", "dimension_scores")
        if o is not None
    ]
    summary: dict[str, Any] = {
        "organizations": len(rows),
        "p25": None,
        "median": None,
        "p75": None,
        "dimensions": {},
    }
    if len(rows) < MIN_GROUP:
        return summary
    overall = sorted(o for o, _d in rows)
    summary.update(p25=_percentile(overall, 0.25), median=median(overall), p75=_percentile(overall, 0.75))
    by_dimension: dict[str, list[float]] = {}
    for _o, dims in rows:
        for dim, value in dims.items():
            by_dimension.setdefault(dim, []).append(value)
    summary["dimensions"] = {d: median(v) for d, v in by_dimension.items() if len(v) >= MIN_GROUP}
    return summary


def _percentile(sorted_values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (like numpy's default)."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    pos = (len(sorted_values) - 1) * q
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def _key(filters: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(filters, sort_keys=True).encode()).hexdigest()
