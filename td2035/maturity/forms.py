"""Step forms built from the instrument's data: one fieldset per question, nothing hard-coded per question."""

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from td2035.maturity.instruments import Instrument, dimension_questions, localized

ROW_SEPARATOR = "__"


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    input_id: str
    exclusive: bool = False


@dataclass
class Row:
    id: str
    label: str
    name: str
    choices: list[Choice]
    error: str = ""


@dataclass
class QuestionField:
    id: str
    type: str
    text: str
    help: str
    choices: list[Choice] = field(default_factory=list)  # multi_select
    rows: list[Row] = field(default_factory=list)  # matrices
    errors: list[str] = field(default_factory=list)

    @property
    def is_matrix(self) -> bool:
        return bool(self.rows)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.type in ("multi_select", "matrix_dual_checkbox") else "radio"


def row_name(question_id: str, row_id: str) -> str:
    return f"{question_id}{ROW_SEPARATOR}{row_id}"


def build_fields(
    instrument: Instrument, dimension_id: str, answers: dict[str, Any], errors: dict[str, str] | None = None
) -> list[QuestionField]:
    errors = errors or {}
    fields = []
    for q in dimension_questions(instrument, dimension_id):
        qid = q["id"]
        answer = answers.get(qid)
        qf = QuestionField(qid, q["type"], localized(q, "text"), localized(q, "help"))
        if "options" in q:
            ticked = set(answer or [])
            qf.choices = [
                Choice(
                    o["id"],
                    localized(o, "text"),
                    o["id"] in ticked,
                    f"{qid}-{o['id']}",
                    bool(o.get("exclusive")),
                )
                for o in q["options"]
            ]
        else:
            values = answer or {}
            scale = q.get("columns") or q.get("scale") or []
            for r in q["rows"]:
                current = values.get(r["id"])
                picked = {str(v) for v in current} if isinstance(current, list) else {str(current)}
                choices = [
                    Choice(
                        str(s.get("id", s.get("value"))),
                        localized(s, "text"),
                        str(s.get("id", s.get("value"))) in picked,
                        f"{qid}-{r['id']}-{s.get('id', s.get('value'))}",
                    )
                    for s in scale
                ]
                name = f"answers.{qid}.{r['id']}"
                qf.rows.append(
                    Row(r["id"], localized(r, "text"), row_name(qid, r["id"]), choices, errors.get(name, ""))
                )
        if f"answers.{qid}" in errors:
            qf.errors.append(errors[f"answers.{qid}"])
        fields.append(qf)
    return fields


def parse_step(instrument: Instrument, dimension_id: str, data: QueryDict) -> dict[str, Any]:
    """The answers of one step from a POST, typed for validation (bad values are kept so they are reported)."""
    answers: dict[str, Any] = {}
    for q in dimension_questions(instrument, dimension_id):
        qid, kind = q["id"], q["type"]
        if kind == "multi_select":
            answers[qid] = data.getlist(qid)
            continue
        rows: dict[str, Any] = {}
        for r in q["rows"]:
            name = row_name(qid, r["id"])
            if kind == "matrix_dual_checkbox":
                rows[r["id"]] = data.getlist(name)
            elif data.get(name, "") != "":
                value = str(data.get(name))
                rows[r["id"]] = int(value) if kind == "matrix_scale_0_5" and value.isdigit() else value
        answers[qid] = rows
    return answers
