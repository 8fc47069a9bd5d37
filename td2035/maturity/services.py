"""Every write of the maturity app: start an assessment, save a step, complete it, submit one at once (API).

Only members and admins of the organisation (or platform admins) may write. Answers keep the instrument
version they were started under; completing stores the scores, a snapshot of the profile, the latest
flag, one DimensionScore per dimension and an audit entry, and sends `assessment_completed` on commit.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from td2035.accounts.actors import Actor, require
from td2035.accounts.audit import record
from td2035.directory.models import Organization
from td2035.maturity import scoring
from td2035.maturity.instruments import (
    DEFAULT_INSTRUMENT,
    UnknownInstrument,
    dimension_questions,
    get_instrument,
    sync_instruments,
)
from td2035.maturity.models import Assessment, DimensionScore
from td2035.maturity.signals import assessment_completed
from td2035.reference.queries import sector_of
from td2035.roles.permissions import is_org_member


def profile_snapshot(org: Organization) -> dict[str, str]:
    code = org.scian_id or ""
    return {
        "sector": sector_of(code) if code else "",
        "subsector": code[:3] if len(code) >= 3 else "",
        "size": org.size,
        "municipality": org.municipality_id or "",
    }


def can_assess(actor: Actor, org: Organization) -> bool:
    return is_org_member(actor, org.pk)


def _require_member(actor: Actor, org: Organization) -> None:
    require(can_assess(actor, org))


def current_draft(org: Organization) -> Assessment | None:
    return (
        Assessment.objects.filter(organization=org, status=Assessment.Status.DRAFT)
        .order_by("-started_at")
        .first()
    )


@transaction.atomic
def start_assessment(actor: Actor, org: Organization, instrument_id: str = DEFAULT_INSTRUMENT) -> Assessment:
    """The organisation's draft, or a new one under the latest version of the instrument."""
    _require_member(actor, org)
    draft = current_draft(org)
    if draft is not None and draft.instrument == instrument_id:
        return draft
    instrument = get_instrument(instrument_id)
    sync_instruments()
    assessment = Assessment.objects.create(
        organization=org,
        instrument=instrument_id,
        version=instrument["version"],
        started_at=timezone.now(),
        created_by=actor if actor.is_authenticated else None,
    )
    record(actor, "maturity.assessment_started", assessment, data={"organization": org.slug})
    return assessment


@transaction.atomic
def save_step(actor: Actor, assessment: Assessment, dimension_id: str, answers: Any) -> Assessment:
    """Replace the answers of one dimension's questions in a draft (validated first; nothing saved on error)."""
    _require_member(actor, assessment.organization)
    if assessment.status != Assessment.Status.DRAFT:
        raise scoring.AnswerError([scoring.FieldError("status", _("Esta evaluación ya está terminada."))])
    instrument = get_instrument(assessment.instrument, assessment.version)
    cleaned = scoring.validate(instrument, answers)
    allowed = {q["id"] for q in dimension_questions(instrument, dimension_id)}
    stray = [qid for qid in cleaned if qid not in allowed]
    if stray:
        raise scoring.AnswerError(
            [scoring.FieldError(f"answers.{stray[0]}", _("Esta parte no corresponde a este paso."))]
        )
    merged = {k: v for k, v in assessment.answers.items() if k not in allowed}
    merged.update({k: v for k, v in cleaned.items() if v not in ([], {})})
    assessment.answers = merged
    assessment.save(update_fields=["answers"])
    return assessment


@transaction.atomic
def complete_assessment(
    actor: Actor, assessment: Assessment, *, request: HttpRequest | None = None
) -> Assessment:
    _require_member(actor, assessment.organization)
    if assessment.status == Assessment.Status.COMPLETED:
        return assessment
    instrument = get_instrument(assessment.instrument, assessment.version)
    answers = scoring.validate(instrument, assessment.answers)
    store_completed(assessment, scoring.score(instrument, answers), timezone.now())
    record(
        actor,
        "maturity.assessment_completed",
        assessment,
        data={"organization": assessment.organization.slug, "overall": round(assessment.overall or 0, 1)},
        request=request,
    )
    _signal_on_commit(assessment.pk)
    return assessment


@transaction.atomic
def submit_assessment(
    actor: Actor,
    org: Organization,
    instrument_id: str,
    answers: Any,
    *,
    request: HttpRequest | None = None,
) -> Assessment:
    """Validate, score and store a completed assessment at once (API). Raises AnswerError, UnknownInstrument."""
    _require_member(actor, org)
    instrument = get_instrument(instrument_id)
    cleaned = scoring.validate(instrument, answers)
    sync_instruments()
    now = timezone.now()
    assessment = Assessment(
        organization=org,
        instrument=instrument_id,
        version=instrument["version"],
        answers=cleaned,
        started_at=now,
        created_by=actor if actor.is_authenticated else None,
    )
    store_completed(assessment, scoring.score(instrument, cleaned), now)
    record(
        actor,
        "maturity.assessment_completed",
        assessment,
        data={"organization": org.slug, "overall": round(assessment.overall or 0, 1), "via": "api"},
        request=request,
    )
    _signal_on_commit(assessment.pk)
    return assessment


def store_completed(assessment: Assessment, result: scoring.Result, completed_at: datetime) -> None:
    """Write scores, the profile snapshot, the latest flag and the DimensionScore rows (inside a transaction)."""
    org = assessment.organization
    for name, value in profile_snapshot(org).items():
        setattr(assessment, name, value)
    assessment.status = Assessment.Status.COMPLETED
    assessment.overall = result.overall
    assessment.band = result.band
    assessment.dimension_scores = result.dimensions
    assessment.completed_at = completed_at
    newer = Assessment.objects.filter(
        organization=org, status=Assessment.Status.COMPLETED, completed_at__gt=completed_at
    )
    if assessment.pk:
        newer = newer.exclude(pk=assessment.pk)
    assessment.is_latest = not newer.exists()
    if assessment.is_latest:
        Assessment.objects.filter(organization=org, is_latest=True).exclude(pk=assessment.pk).update(
            is_latest=False
        )
    assessment.save()
    DimensionScore.objects.bulk_create(dimension_rows(assessment))


def dimension_rows(assessment: Assessment) -> list[DimensionScore]:
    """The DimensionScore rows of a completed, saved assessment (also used by bulk loaders)."""
    completed_at = assessment.completed_at
    assert completed_at is not None, "only a completed assessment has dimension rows"
    return [
        DimensionScore(
            assessment_id=assessment.pk,
            organization_id=assessment.organization_id,
            dimension=dim,
            score=value,
            completed_at=completed_at,
        )
        for dim, value in assessment.dimension_scores.items()
    ]


def _signal_on_commit(assessment_id: int) -> None:
    transaction.on_commit(lambda: assessment_completed.send(sender=Assessment, assessment_id=assessment_id))


__all__ = [
    "UnknownInstrument",
    "can_assess",
    "complete_assessment",
    "current_draft",
    "profile_snapshot",
    "save_step",
    "start_assessment",
    "submit_assessment",
]
