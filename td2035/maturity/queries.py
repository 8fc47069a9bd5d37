"""Reads of the maturity app: an organisation's assessments, peer comparison, roadmap steps."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from td2035.accounts.actors import Actor
from td2035.directory.models import Organization
from td2035.maturity import peers
from td2035.maturity.models import Assessment, RoadmapStep
from td2035.maturity.peers import MIN_GROUP, latest_in_group
from td2035.roles.permissions import is_org_member

ROADMAP_FILE = Path(__file__).resolve().parent / "data" / "roadmap.json"


def completed_assessments(org: Organization) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organization=org, status=Assessment.Status.COMPLETED).order_by(
        "-completed_at", "-pk"
    )


def visible_assessment(actor: Actor, org: Organization, pk: int) -> Assessment | None:
    """The organisation's assessment `pk` if the actor is a member (None otherwise: a 404)."""
    if not is_org_member(actor, org.pk):
        return None
    return Assessment.objects.filter(organization=org, pk=pk).first()


def assessable_organizations(actor: Actor) -> QuerySet[Organization]:
    """The organisations this person may assess (member or admin of)."""
    if not actor.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(person_roles__user_id=actor.pk).order_by("name").distinct()


@dataclass
class HistoryRow:
    assessment: Assessment
    changes: dict[str, float | None] = field(default_factory=dict)
    overall_change: float | None = None


def history(org: Organization) -> list[HistoryRow]:
    """Completed assessments, newest first, each with its change per dimension since the one before."""
    items = list(completed_assessments(org))
    rows = []
    for i, assessment in enumerate(items):
        previous = items[i + 1] if i + 1 < len(items) else None
        row = HistoryRow(assessment)
        if previous is not None:
            row.overall_change = (assessment.overall or 0) - (previous.overall or 0)
            row.changes = {
                dim: value - previous.dimension_scores[dim]
                for dim, value in assessment.dimension_scores.items()
                if dim in previous.dimension_scores
            }
        rows.append(row)
    return rows


@dataclass
class PeerGroup:
    key: str
    label: str
    organizations: int
    suppressed: bool
    overall_median: float | None = None
    overall_p25: float | None = None
    overall_p75: float | None = None
    rank_percentile: float | None = None  # share of the group below this organisation (ties count half)
    dimension_medians: dict[str, float] = field(default_factory=dict)


def peer_groups(assessment: Assessment) -> list[PeerGroup]:
    """Peers of a completed assessment: same SCIAN sector, same size, same municipality, all Querétaro,
    each the latest completed assessment of every organisation in the group (this one's included).
    Groups of fewer than MIN_GROUP organisations are suppressed."""
    from td2035.directory.models import SizeChoices
    from td2035.reference.models import Municipality

    size_label = dict(SizeChoices.choices).get(assessment.size, assessment.size)
    municipality = (
        Municipality.objects.filter(pk=assessment.municipality).values_list("name", flat=True).first()
    )
    labels = {
        "sector": _("Mismo sector SCIAN (%(code)s)") % {"code": assessment.sector},
        "size": _("Mismo tamaño (%(size)s)") % {"size": size_label},
        "municipality": _("Mismo municipio (%(name)s)") % {"name": municipality or assessment.municipality},
        "all": _("Todo Querétaro"),
    }
    groups = [(key, labels[key], filters) for key, filters in peers.group_filters(assessment)]
    return [_peer_group(key, label, filters, assessment) for key, label, filters in groups]


def _peer_group(key: str, label: str, filters: dict[str, str], assessment: Assessment) -> PeerGroup:
    summary = peers.group_summary(filters)
    count = summary["organizations"]
    group = PeerGroup(key=key, label=label, organizations=count, suppressed=count < MIN_GROUP)
    if group.suppressed:
        return group
    group.overall_median, group.overall_p25, group.overall_p75 = (
        summary["median"],
        summary["p25"],
        summary["p75"],
    )
    group.dimension_medians = summary["dimensions"]
    mine = assessment.overall or 0.0
    below = latest_in_group(filters).filter(overall__lt=mine).count()
    ties = latest_in_group(filters).filter(overall=mine).count()
    group.rank_percentile = 100 * (below + 0.5 * ties) / count
    return group


# Roadmap ---------------------------------------------------------------------------------------------


def load_roadmap(*, update: bool = False) -> int:
    """Create the roadmap steps of data/roadmap.json that are missing (admin edits are kept unless `update`).
    Returns how many rows were created or updated."""
    data = json.loads(ROADMAP_FILE.read_text(encoding="utf-8"))
    changed = 0
    for order, step in enumerate(data["steps"]):
        fields = {
            "dimension": step["dimension"],
            "order": step.get("order", order),
            "max_score": step.get("max_score", 100),
            "title_es": step["title_es"],
            "title_en": step.get("title_en", ""),
            "text_es": step.get("text_es", ""),
            "text_en": step.get("text_en", ""),
            "links": step.get("links", []),
        }
        if update:
            _obj, created = RoadmapStep.objects.update_or_create(key=step["key"], defaults=fields)
            changed += 1
        else:
            _obj, created = RoadmapStep.objects.get_or_create(key=step["key"], defaults=fields)
            changed += created
    return changed


@dataclass
class RoadmapItem:
    dimension: str
    score: float
    steps: list[RoadmapStep]


def roadmap(assessment: Assessment, *, weakest: int = 3, per_dimension: int = 3) -> list[RoadmapItem]:
    """Next steps for the `weakest` lowest-scoring dimensions (those below 100)."""
    if not RoadmapStep.objects.exists():
        load_roadmap()
    scores = sorted(assessment.dimension_scores.items(), key=lambda item: (item[1], item[0]))
    low = [(dim, score) for dim, score in scores if score < 100][:weakest]
    steps = RoadmapStep.objects.filter(is_active=True, dimension__in=[d for d, _s in low])
    by_dim: dict[str, list[RoadmapStep]] = {}
    for step in steps:
        by_dim.setdefault(step.dimension, []).append(step)
    items = []
    for dim, score in low:
        fitting = [s for s in by_dim.get(dim, []) if score <= s.max_score]
        items.append(RoadmapItem(dim, score, fitting[:per_dimension]))
    return items


def step_links(step: RoadmapStep, language: str = "es") -> list[dict[str, Any]]:
    """Links of a step with a label in the language (only platform-relative URLs are kept)."""
    links = []
    for link in step.links or []:
        url = str(link.get("url", ""))
        if not url.startswith("/") or url.startswith("//"):
            continue
        label = link.get(f"label_{language}") or link.get("label_es") or url
        links.append({"url": url, "label": label})
    return links
