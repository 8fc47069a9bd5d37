"""Scoring of the EU DMA for SMEs, exactly the rule documented in the instrument file ("scoring"):

- every question gives 0-10. Multi-select: 10 x ticked / options; an exclusive option (Q7
  `no-digital-collection`) excludes the others and makes the question 0, otherwise 10 x ticked /
  (options without the exclusive ones). 0-5 matrices: 10 x mean(rows) / 5, unanswered rows 0.
  Tri-state matrix: 10 x mean(points), no 0, partial 0.5, yes 1. Dual checkbox (Q1): a row is worth the
  best points of its ticked columns (already invested 1, planning 0.5), question = 10 x sum / rows.
- dimension = 10 x mean of its questions (0-100); overall = mean of the dimensions.
- bands: <= 25 basic, <= 50 average, <= 75 moderately_advanced, otherwise advanced.

Pure functions over the instrument's data: no database, no Django models.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

Answers = dict[str, Any]
Question = dict[str, Any]

BANDS: tuple[tuple[float, str], ...] = ((25, "basic"), (50, "average"), (75, "moderately_advanced"))
SCALE_MAX = 5


@dataclass
class Result:
    overall: float
    band: str
    dimensions: dict[str, float]
    questions: dict[str, float] = field(default_factory=dict)


@dataclass
class FieldError:
    field: str
    message: str


class AnswerError(ValueError):
    """Answers that do not fit the instrument; `errors` name each offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


def band(score: float) -> str:
    for limit, name in BANDS:
        if score <= limit:
            return name
    return "advanced"


def _clamp(value: float, top: float) -> float:
    return max(0.0, min(top, value))


def exclusive_options(question: Question) -> set[str]:
    return {o["id"] for o in question.get("options", []) if o.get("exclusive")}


def question_score(question: Question, answer: Any) -> float:
    """0-10 for one (already validated) answer; None or missing means nothing ticked/answered."""
    kind = question["type"]
    if kind == "multi_select":
        ticked = set(answer or [])
        exclusive = exclusive_options(question)
        if ticked & exclusive:
            return 0.0
        countable = [o for o in question["options"] if o["id"] not in exclusive]
        return _clamp(10 * len(ticked) / len(countable), 10)
    rows = question["rows"]
    answer = answer or {}
    if kind == "matrix_scale_0_5":
        total = sum(answer.get(r["id"]) or 0 for r in rows)
        return _clamp(10 * (total / len(rows)) / SCALE_MAX, 10)
    if kind == "matrix_tri_state":
        points = {s["value"]: s["points"] for s in question["scale"]}
        total = sum(points.get(answer.get(r["id"]), 0) for r in rows)
        return _clamp(10 * total / len(rows), 10)
    if kind == "matrix_dual_checkbox":
        points = {c["id"]: c["points"] for c in question["columns"]}
        total = sum(max((points[c] for c in answer.get(r["id"]) or []), default=0) for r in rows)
        return _clamp(10 * total / len(rows), 10)
    raise ValueError(f"unknown question type {kind}")


def score(instrument: dict[str, Any], answers: Answers) -> Result:
    """Scores of validated answers (see validate); an unanswered question scores 0."""
    questions = {q["id"]: question_score(q, answers.get(q["id"])) for q in instrument["questions"]}
    dimension_scores = {}
    for dimension in sorted(instrument["dimensions"], key=lambda d: d["order"]):
        values = [questions[qid] for qid in dimension["questions"]]
        dimension_scores[dimension["id"]] = _clamp(10 * sum(values) / len(values), 100)
    overall = sum(dimension_scores.values()) / len(dimension_scores)
    return Result(overall=overall, band=band(overall), dimensions=dimension_scores, questions=questions)


def validate(instrument: dict[str, Any], answers: Any) -> Answers:
    """Clean answers or raise AnswerError naming every offending field (`answers.Q4.vr-ar`)."""
    if not isinstance(answers, dict):
        raise AnswerError([FieldError("answers", _("Debe ser un objeto con las respuestas por pregunta."))])
    by_id = {q["id"]: q for q in instrument["questions"]}
    errors: list[FieldError] = []
    cleaned: Answers = {}
    for qid, answer in answers.items():
        name = f"answers.{qid}"
        question = by_id.get(qid) if isinstance(qid, str) else None
        if question is None:
            errors.append(FieldError(name, _("Pregunta desconocida.")))
            continue
        value = _validate_question(question, answer, name, errors)
        if value is not None:
            cleaned[qid] = value
    if errors:
        raise AnswerError(errors)
    return cleaned


def _validate_question(question: Question, answer: Any, name: str, errors: list[FieldError]) -> Any:
    if answer is None:
        return None
    kind = question["type"]
    if kind == "multi_select":
        return _validate_options(question, answer, name, errors)
    if not isinstance(answer, dict):
        errors.append(FieldError(name, _("Debe ser un objeto con una respuesta por fila.")))
        return None
    rows = {r["id"] for r in question["rows"]}
    cleaned: dict[str, Any] = {}
    for row, value in answer.items():
        field_name = f"{name}.{row}"
        if row not in rows:
            errors.append(FieldError(field_name, _("Fila desconocida.")))
            continue
        if value is None:
            continue
        checked = _validate_cell(question, value, field_name, errors)
        if checked is not None:
            cleaned[row] = checked
    return cleaned


def _validate_options(
    question: Question, answer: Any, name: str, errors: list[FieldError]
) -> list[str] | None:
    if not isinstance(answer, list) or not all(isinstance(v, str) for v in answer):
        errors.append(FieldError(name, _("Debe ser una lista de identificadores de opciones.")))
        return None
    known = [o["id"] for o in question["options"]]
    unknown = [v for v in answer if v not in known]
    if unknown:
        errors.append(FieldError(name, _("Opción desconocida: %(ids)s.") % {"ids": ", ".join(unknown)}))
        return None
    if len(set(answer)) != len(answer):
        errors.append(FieldError(name, _("Una opción aparece más de una vez.")))
        return None
    exclusive = exclusive_options(question) & set(answer)
    if exclusive and len(answer) > 1:
        errors.append(
            FieldError(
                name,
                _("La opción «%(option)s» no puede marcarse junto con otras.")
                % {"option": sorted(exclusive)[0]},
            )
        )
        return None
    return [o for o in known if o in answer]


def _validate_cell(question: Question, value: Any, name: str, errors: list[FieldError]) -> Any:
    kind = question["type"]
    if kind == "matrix_scale_0_5":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SCALE_MAX:
            errors.append(FieldError(name, _("Debe ser un número entero de 0 a 5.")))
            return None
        return value
    if kind == "matrix_tri_state":
        allowed = [s["value"] for s in question["scale"]]
        if value not in allowed or not isinstance(value, str):
            errors.append(
                FieldError(name, _("Debe ser uno de: %(values)s.") % {"values": ", ".join(allowed)})
            )
            return None
        return value
    columns = [c["id"] for c in question["columns"]]
    if not isinstance(value, list) or not all(isinstance(v, str) and v in columns for v in value):
        errors.append(
            FieldError(
                name, _("Debe ser una lista con valores de: %(values)s.") % {"values": ", ".join(columns)}
            )
        )
        return None
    if len(set(value)) != len(value):
        errors.append(FieldError(name, _("Un valor aparece más de una vez.")))
        return None
    return [c for c in columns if c in value]
