"""Whatever people send the maturity services (a step of the questionnaire, a whole assessment through the
API, an instrument's name), the answer is an assessment that reads back as stored or a refusal naming
the answer; never another exception. See td2035/tests/hostile.py for the values and the rules."""

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.accounts.models import User
from td2035.directory.models import Organization
from td2035.maturity import services
from td2035.maturity.instruments import dimensions, get_instrument
from td2035.maturity.models import Assessment
from td2035.tests.factories import CompanyFactory
from td2035.tests.hostile import assert_reads_back, attempt, hostile, numbers, texts
from td2035.tests.people import member_of

pytestmark = pytest.mark.django_db

INSTRUMENT = get_instrument()
QUESTIONS = INSTRUMENT["questions"]
DIMENSIONS = [d["id"] for d in dimensions(INSTRUMENT)]
OPTIONS = sorted({o["id"] for q in QUESTIONS for o in q.get("options", [])})
ROWS = sorted({r["id"] for q in QUESTIONS for r in q.get("rows", [])})


def scale_of(question: dict[str, Any]) -> list[Any]:
    return [s.get("id", s.get("value")) for s in question.get("scale") or question.get("columns") or []]


SCALE = sorted({str(value) for q in QUESTIONS for value in scale_of(q)})


def valid_answer(question: dict[str, Any]) -> st.SearchStrategy[Any]:
    if question["type"] == "multi_select":
        options = [o["id"] for o in question["options"] if not o.get("exclusive")]
        return st.lists(st.sampled_from(options), unique=True)
    scale = scale_of(question)
    dual = question["type"] == "matrix_dual_checkbox"
    value = st.lists(st.sampled_from(scale), unique=True) if dual else st.sampled_from(scale)
    return st.dictionaries(st.sampled_from([r["id"] for r in question["rows"]]), value, max_size=4)


def valid_answers(dimension: str | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Valid answers to some questions of one dimension (or of all)."""
    chosen = [q for q in QUESTIONS if dimension in (None, q["dimension"])]
    return st.fixed_dictionaries({}, optional={q["id"]: valid_answer(q) for q in chosen})


# Answers as a step form or the API may send them: known ids mixed with anything at every level.
leaf = st.one_of(
    st.none(), st.booleans(), numbers, texts, st.sampled_from(OPTIONS + SCALE), st.integers(-2, 7)
)
cell = st.one_of(leaf, st.lists(leaf, max_size=3))
rows = st.dictionaries(st.one_of(st.sampled_from(ROWS), texts), cell, max_size=3)
answer = st.one_of(cell, rows, st.lists(st.one_of(st.sampled_from(OPTIONS), texts), max_size=4))
hostile_answers = st.dictionaries(
    st.one_of(st.sampled_from([q["id"] for q in QUESTIONS]), texts), answer, max_size=4
)
answers = st.one_of(
    valid_answers(),
    st.builds(lambda good, bad: good | bad, valid_answers(), hostile_answers),
    hostile_answers,
    cell,
)
steps = st.one_of(
    st.sampled_from(DIMENSIONS).flatmap(lambda d: st.tuples(st.just(d), valid_answers(d))),
    st.tuples(st.one_of(st.sampled_from(DIMENSIONS), texts), answers),
)


@pytest.fixture
def taker() -> tuple[Organization, User, Assessment]:
    org = CompanyFactory.create(name="Tortillería La Esperanza", scian_id="311830", municipality_id="016")
    person = member_of(org, email="socia@tortilleria.example")
    return org, person, services.start_assessment(person, org)


def reads_back(assessment: Assessment) -> None:
    assert_reads_back(assessment, "answers", "status", "overall", "band", "dimension_scores")


@hostile
@given(step=steps)
def test_save_step_stores_valid_answers_or_refuses(
    taker: tuple[Organization, User, Assessment], step: tuple[str, Any]
) -> None:
    _org, person, draft = taker
    dimension, given_answers = step
    attempt(lambda: services.save_step(person, draft, dimension, given_answers), reads_back)


@hostile
@given(given_answers=answers)
def test_submit_assessment_stores_valid_answers_or_refuses(
    taker: tuple[Organization, User, Assessment], given_answers: Any
) -> None:
    org, person, _draft = taker
    attempt(lambda: services.submit_assessment(person, org, "eu-dma-sme", given_answers), reads_back)


@hostile
@given(instrument=texts)
def test_start_or_submit_with_any_instrument(
    taker: tuple[Organization, User, Assessment], instrument: str
) -> None:
    org, person, _draft = taker
    attempt(lambda: services.start_assessment(person, org, instrument))
    attempt(lambda: services.submit_assessment(person, org, instrument, {}))


@hostile
@given(step=steps)
def test_nobody_else_writes_an_assessment(
    taker: tuple[Organization, User, Assessment], step: tuple[str, Any]
) -> None:
    org, _person, draft = taker
    dimension, given_answers = step
    stranger = User.objects.get_or_create(email="otra@otra.example")[0]
    for call in (
        lambda: services.save_step(stranger, draft, dimension, given_answers),
        lambda: services.complete_assessment(stranger, draft),
        lambda: services.submit_assessment(stranger, org, "eu-dma-sme", given_answers),
    ):
        assert isinstance(attempt(call), Exception)
