"""Demo assessments: a few hundred demo companies assessed several times since Q2 2021.

Answers are drawn from a latent maturity per organisation (lower for micro and small firms, higher for
IT companies), which grows over time with noise; the scores then come from scoring.py, never made up.
Deterministic for a seed, idempotent, marked is_demo (and removed with the demo organisations).
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import transaction

from td2035.demo.people import DEMO_NETWORK_SLUG, demo_company
from td2035.directory.models import Network, Organization, OrganizationKind
from td2035.maturity import scoring
from td2035.maturity.instruments import DEFAULT_INSTRUMENT, get_instrument, sync_instruments
from td2035.maturity.models import Assessment, DimensionScore
from td2035.maturity.queries import load_roadmap
from td2035.maturity.services import dimension_rows, profile_snapshot

SEED = 2035
START = date(2021, 4, 1)  # the platform's start, Q2 2021
END = date(2026, 9, 30)  # fixed, so the demo is the same whenever it is loaded
SHARE_ASSESSED = 0.6
BASE_BY_SIZE = {"micro": 0.12, "small": 0.21, "medium": 0.32, "large": 0.45, "": 0.18}
DIMENSION_OFFSET = {
    "digital_business_strategy": 0.0,
    "digital_readiness": 0.12,
    "human_centric_digitalisation": -0.03,
    "data_management": 0.05,
    "automation_ai": -0.14,
    "green_digitalisation": -0.07,
}
GROWTH_PER_YEAR = 0.045


@dataclass
class DemoResult:
    created: int  # assessments written by this call
    organizations: int
    message: str
    total: int = 0  # demo assessments stored after the call

    def __str__(self) -> str:
        return (
            f"Maturity demo: {self.message} ({self.total} assessments of {self.organizations} organisations)."
        )


def _clamp(p: float) -> float:
    return max(0.01, min(0.97, p))


def draw_answers(instrument: dict[str, Any], level: dict[str, float], rng: random.Random) -> dict[str, Any]:
    """Plausible answers for a latent level (0-1) per dimension."""
    answers: dict[str, Any] = {}
    for q in instrument["questions"]:
        p = level[q["dimension"]]
        kind = q["type"]
        if kind == "multi_select":
            if q["id"] == "Q7" and p < 0.2 and rng.random() < (0.2 - p) * 3:
                answers["Q7"] = ["no-digital-collection"]
                continue
            options = [o["id"] for o in q["options"] if not o.get("exclusive")]
            # earlier-listed options are a little easier (basic practices come first in the questionnaire)
            ticked = [
                o for i, o in enumerate(options) if rng.random() < _clamp(p + 0.1 - 0.3 * i / len(options))
            ]
            answers[q["id"]] = ticked
        elif kind == "matrix_scale_0_5":
            answers[q["id"]] = {
                r["id"]: sum(rng.random() < _clamp(p - 0.05) for _ in range(5))
                for r in q["rows"]
                if rng.random() < 0.9
            }
        elif kind == "matrix_tri_state":
            row_answers = {}
            for r in q["rows"]:
                x = rng.random()
                row_answers[r["id"]] = "yes" if x < p * 0.7 else "partial" if x < p * 1.4 else "no"
            answers[q["id"]] = row_answers
        else:  # matrix_dual_checkbox
            rows = {}
            for r in q["rows"]:
                ticks = []
                if rng.random() < _clamp(p + 0.05):
                    ticks.append("already-invested")
                if rng.random() < _clamp(0.25 + 0.4 * p):
                    ticks.append("planning-to-invest")
                rows[r["id"]] = ticks
            answers[q["id"]] = rows
    return answers


def _dates(rng: random.Random) -> list[date]:
    span = (END - START).days
    first = START + timedelta(days=int(rng.random() ** 1.4 * span * 0.8))
    dates = [first]
    while True:
        nxt = dates[-1] + timedelta(days=rng.randint(240, 540))
        if nxt > END:
            return dates
        dates.append(nxt)


def _base_level(org: Organization, rng: random.Random) -> float:
    level = BASE_BY_SIZE.get(org.size, 0.22) + rng.gauss(0, 0.08)
    if org.scian_id and org.scian_id[:3] in {"511", "518", "519", "541"}:
        level += 0.12
    return level


def build(
    orgs: list[Organization], seed: int = SEED, always: frozenset[int] = frozenset()
) -> list[tuple[Organization, date, dict[str, Any]]]:
    """(organisation, completion date, answers) for the demo; pure and deterministic. Organisations whose
    id is in `always` are assessed whatever the draw (the demo accounts' company, to show its history)."""
    instrument = get_instrument(DEFAULT_INSTRUMENT, 1)
    plan = []
    for org in sorted(orgs, key=lambda o: o.slug):
        rng = random.Random(f"{seed}:{org.slug}")  # per organisation: stable when others change
        if rng.random() >= SHARE_ASSESSED and org.pk not in always:
            continue
        base = _base_level(org, rng)
        growth = GROWTH_PER_YEAR + rng.gauss(0, 0.03)
        for when in _dates(rng):
            years = (when - START).days / 365.25
            level = {
                d: _clamp(base + off + growth * years + rng.gauss(0, 0.05))
                for d, off in DIMENSION_OFFSET.items()
            }
            plan.append((org, when, draw_answers(instrument, level, rng)))
    return plan


def _demo_accounts_company() -> frozenset[int]:
    """The demo company the demo accounts (demo.people) speak for, so that signing in shows a history."""
    company = demo_company(Network.objects.filter(slug=DEMO_NETWORK_SLUG).first())
    return frozenset({company.pk} if company is not None else set())


def demo_organizations() -> list[Organization]:
    return list(Organization.objects.filter(is_demo=True, kind=OrganizationKind.COMPANY).order_by("slug"))


@transaction.atomic
def load_demo_assessments(*, reset: bool = False) -> DemoResult:
    """Store the demo assessments unless they are there already (`reset` replaces them)."""
    sync_instruments()
    load_roadmap()
    if reset:
        Assessment.objects.filter(is_demo=True).delete()
    orgs = demo_organizations()
    if not orgs:
        return DemoResult(0, 0, "no demo organisations; load the directory demo first")
    plan = build(orgs, always=_demo_accounts_company())
    existing = Assessment.objects.filter(is_demo=True).count()
    if existing == len(plan):
        return DemoResult(0, len({o.pk for o, _d, _a in plan}), "already loaded", existing)
    Assessment.objects.filter(is_demo=True).delete()
    created = _store(plan)
    return DemoResult(created, len({o.pk for o, _d, _a in plan}), "loaded", created)


def _store(plan: list[tuple[Organization, date, dict[str, Any]]]) -> int:
    instrument = get_instrument(DEFAULT_INSTRUMENT, 1)
    last: dict[int, int] = {}
    for i, (org, when, _answers) in enumerate(plan):
        if org.pk not in last or plan[last[org.pk]][1] < when:
            last[org.pk] = i
    latest_indexes = set(last.values())
    rows = []
    for i, (org, when, answers) in enumerate(plan):
        result = scoring.score(instrument, scoring.validate(instrument, answers))
        completed = datetime.combine(when, time(12, 0), tzinfo=UTC)
        rows.append(
            Assessment(
                organization=org,
                instrument=DEFAULT_INSTRUMENT,
                version=1,
                status=Assessment.Status.COMPLETED,
                answers=answers,
                overall=result.overall,
                band=result.band,
                dimension_scores=result.dimensions,
                is_latest=i in latest_indexes,
                is_demo=True,
                started_at=completed - timedelta(days=2),
                completed_at=completed,
                **profile_snapshot(org),
            )
        )
    Assessment.objects.filter(organization_id__in=last.keys(), is_latest=True).update(is_latest=False)
    created = Assessment.objects.bulk_create(rows, batch_size=500)
    if any(a.pk is None for a in created):  # databases that do not return ids: read them back
        created = list(Assessment.objects.filter(is_demo=True).order_by("pk"))
    DimensionScore.objects.bulk_create(
        (row for a in created for row in dimension_rows(a)),
        batch_size=2000,
    )
    return len(created)
