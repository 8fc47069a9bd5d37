"""Maturity API: the instrument, and an organisation's assessments (members only, personal tokens).

Bad answers are a 422 naming each field (`answers.Q4.vr-ar`); nothing is stored on any error.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict

from td2035.accounts.actors import require
from td2035.accounts.api_auth import read_auth, write_auth
from td2035.core.api_errors import answers as responses
from td2035.core.api_fields import path_text
from td2035.maturity import queries, scoring, services
from td2035.maturity.instruments import UnknownInstrument, get_instrument, public
from td2035.maturity.models import Assessment
from td2035.registration.queries import get_organization

router = Router()


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    instrument: str = Field("eu-dma-sme", max_length=40, pattern=r"^[a-z0-9-]+$", description="eu-dma-sme")
    answers: dict[str, Any] = Field(
        ...,
        max_length=200,
        description='{"Q1": {"<row>": ["already-invested", "planning-to-invest"]}, "Q2": ["<option>"], '
        '"Q4": {"<row>": 0..5}, "Q11": {"<row>": "no|partial|yes"}}',
    )


class AssessmentCreated(Schema):
    id: int
    overall: float
    band: str
    dimensions: dict[str, float]


class AssessmentOut(Schema):
    id: int
    instrument: str
    version: int
    status: str
    overall: float | None
    band: str
    dimensions: dict[str, float]
    answers: dict[str, Any]
    started_at: str
    completed_at: str | None


def _out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "instrument": a.instrument,
        "version": a.version,
        "status": a.status,
        "overall": a.overall,
        "band": a.band,
        "dimensions": a.dimension_scores,
        "answers": a.answers,
        "started_at": a.started_at.isoformat(),
        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
    }


class InstrumentIn(Schema):
    version: int | None = Field(None, ge=1, le=10_000, description="Versión / version (default: the latest)")


@router.get(
    "instruments/{instrument_id}",
    response=responses(dict[str, Any], 404),
    summary="Instrumento de madurez digital / maturity instrument",
)
def instrument(
    request: HttpRequest, params: Query[InstrumentIn], instrument_id: str = path_text()
) -> dict[str, Any]:
    """Questions, options, rows, ids and texts (es, en) of the latest version (or `?version=`)."""
    try:
        return public(get_instrument(instrument_id, params.version))
    except UnknownInstrument as exc:
        raise Http404(f"Instrumento desconocido. / No such instrument: {instrument_id}") from exc


@router.post(
    "organizations/{slug}/assessments",
    auth=write_auth,
    response=responses({201: AssessmentCreated}, 401, 403, 404),
    summary="Registrar una evaluación terminada / submit a completed assessment",
)
def create_assessment(
    request: HttpRequest, payload: AssessmentIn, slug: str = path_text()
) -> tuple[int, dict[str, Any]]:
    org = get_organization(slug)
    require(services.can_assess(request.user, org))
    try:
        assessment = services.submit_assessment(
            request.user, org, payload.instrument, payload.answers, request=request
        )
    except UnknownInstrument as exc:
        raise ValidationError(
            [
                {
                    "loc": ("body", "payload", "instrument"),
                    "msg": "Instrumento desconocido. / Unknown instrument.",
                }
            ]
        ) from exc
    except scoring.AnswerError as exc:
        raise ValidationError(
            [{"loc": ("body", "payload", e.field), "msg": e.message} for e in exc.errors]
        ) from exc
    return 201, {
        "id": assessment.pk,
        "overall": assessment.overall,
        "band": assessment.band,
        "dimensions": assessment.dimension_scores,
    }


@router.get(
    "organizations/{slug}/assessments",
    auth=read_auth,
    response=responses(list[AssessmentOut], 401, 403, 404, 422, with_input=False),
    summary="Evaluaciones de una organización / an organisation's assessments",
)
def list_assessments(request: HttpRequest, slug: str = path_text()) -> list[dict[str, Any]]:
    """Completed assessments, newest first (members of the organisation only)."""
    org = get_organization(slug)
    require(services.can_assess(request.user, org))
    return [_out(a) for a in queries.completed_assessments(org)]
