"""The scoring rule, one test per clause, plus properties (range, monotone in ticks)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from td2035.maturity import scoring
from td2035.maturity.instruments import dimensions, get_instrument

INSTRUMENT = get_instrument("eu-dma-sme", 1)
Q = {q["id"]: q for q in INSTRUMENT["questions"]}


def option_ids(qid: str) -> list[str]:
    return [o["id"] for o in Q[qid]["options"]]


def row_ids(qid: str) -> list[str]:
    return [r["id"] for r in Q[qid]["rows"]]


def test_instrument_matches_source_ids() -> None:
    import json
    from pathlib import Path

    source = json.loads((Path(scoring.__file__).parent / "data" / "eu_dma_sme.json").read_text())
    for q in source["questions"]:
        ours = Q[q["id"]]
        assert ours["dimension"] == q["dimension"]
        assert ours["type"] == q["answer_type"]
        assert sorted(o["id"] for o in ours.get("options", [])) == sorted(
            o["id"] for o in q.get("options", [])
        )
        assert [r["id"] for r in ours.get("rows", [])] == [r["id"] for r in q.get("rows", [])]
        for item in ours.get("options", []) + ours.get("rows", []):
            assert item["text_es"] and item["text_en"]
    assert [d["id"] for d in dimensions(INSTRUMENT)] == [d["id"] for d in source["dimensions"]]
    assert INSTRUMENT["id"] == "eu-dma-sme" and INSTRUMENT["version"] == 1
    assert "scoring" in INSTRUMENT


@pytest.mark.parametrize(
    ("qid", "ticks", "expected"),
    [("Q2", 3, 3.0), ("Q3", 10, 10.0), ("Q5", 2, 20 / 7), ("Q6", 8, 10.0), ("Q8", 3, 5.0), ("Q10", 1, 1.0)],
)
def test_multi_select_is_ten_times_ticked_over_options(qid: str, ticks: int, expected: float) -> None:
    assert scoring.question_score(Q[qid], option_ids(qid)[:ticks]) == pytest.approx(expected)


def test_q7_exclusive_option_makes_zero_and_others_count_over_seven() -> None:
    positives = [o for o in option_ids("Q7") if o != "no-digital-collection"]
    assert len(positives) == 7
    assert scoring.question_score(Q["Q7"], ["no-digital-collection"]) == 0
    assert scoring.question_score(Q["Q7"], positives[:2]) == pytest.approx(20 / 7)
    assert scoring.question_score(Q["Q7"], positives) == 10


def test_q7_exclusive_option_with_others_is_refused() -> None:
    with pytest.raises(scoring.AnswerError) as exc:
        scoring.validate(INSTRUMENT, {"Q7": ["no-digital-collection", "digital-storage"]})
    assert exc.value.errors[0].field == "answers.Q7"


def test_scale_matrix_is_mean_of_rows_over_five_with_unanswered_rows_zero() -> None:
    rows = row_ids("Q4")
    assert scoring.question_score(Q["Q4"], {rows[0]: 5, rows[1]: 2}) == pytest.approx(10 * (7 / 7) / 5)
    assert scoring.question_score(Q["Q4"], dict.fromkeys(rows, 5)) == 10
    assert scoring.question_score(Q["Q9"], {"robotics": 3}) == pytest.approx(10 * (3 / 5) / 5)


def test_tri_state_is_mean_of_points() -> None:
    answer = {
        "environmental-strategy": "yes",
        "environmental-management": "partial",
        "energy-monitoring": "no",
    }
    assert scoring.question_score(Q["Q11"], answer) == pytest.approx(10 * 1.5 / 5)


def test_q1_row_is_one_if_invested_else_half_if_planned() -> None:
    rows = row_ids("Q1")
    answer = {
        rows[0]: ["already-invested"],
        rows[1]: ["already-invested", "planning-to-invest"],
        rows[2]: ["planning-to-invest"],
        rows[3]: [],
    }
    assert scoring.question_score(Q["Q1"], answer) == pytest.approx(10 * 2.5 / 10)
    assert scoring.question_score(Q["Q1"], {r: ["planning-to-invest"] for r in rows}) == 5


def test_dimension_is_ten_times_mean_of_questions_and_overall_mean_of_dimensions() -> None:
    answers = {
        "Q2": option_ids("Q2")[:5],
        "Q9": dict.fromkeys(row_ids("Q9"), 5),
        "Q7": ["no-digital-collection"],
    }
    result = scoring.score(INSTRUMENT, answers)
    assert result.dimensions["digital_business_strategy"] == pytest.approx(10 * (0 + 5) / 2)
    assert result.dimensions["automation_ai"] == 100
    assert result.dimensions["data_management"] == 0
    assert result.overall == pytest.approx((25 + 100) / 6)
    assert result.band == "basic"


def test_everything_ticked_is_100_and_advanced() -> None:
    result = scoring.score(INSTRUMENT, full_answers())
    assert result.overall == 100 and result.band == "advanced"
    assert set(result.dimensions.values()) == {100}


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "basic"),
        (25, "basic"),
        (25.01, "average"),
        (50, "average"),
        (50.5, "moderately_advanced"),
        (75, "moderately_advanced"),
        (75.001, "advanced"),
        (100, "advanced"),
    ],
)
def test_bands(value: float, band: str) -> None:
    assert scoring.band(value) == band


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"Q99": []}, "answers.Q99"),
        ({"Q2": ["no-such-option"]}, "answers.Q2"),
        ({"Q2": "needs-identified"}, "answers.Q2"),
        ({"Q2": ["needs-identified", "needs-identified"]}, "answers.Q2"),
        ({"Q4": {"vr-ar": 6}}, "answers.Q4.vr-ar"),
        ({"Q4": {"vr-ar": -1}}, "answers.Q4.vr-ar"),
        ({"Q4": {"vr-ar": True}}, "answers.Q4.vr-ar"),
        ({"Q4": {"vr-ar": 2.5}}, "answers.Q4.vr-ar"),
        ({"Q4": {"no-row": 2}}, "answers.Q4.no-row"),
        ({"Q4": [1, 2]}, "answers.Q4"),
        ({"Q11": {"environmental-strategy": "maybe"}}, "answers.Q11.environmental-strategy"),
        ({"Q1": {"operations": ["bought"]}}, "answers.Q1.operations"),
        ({"Q1": {"operations": "already-invested"}}, "answers.Q1.operations"),
        ({"Q1": {"x\x00": ["already-invested"]}}, "answers.Q1.x\x00"),
    ],
)
def test_bad_answers_name_the_field(answers: dict, field: str) -> None:
    with pytest.raises(scoring.AnswerError) as exc:
        scoring.validate(INSTRUMENT, answers)
    assert [e.field for e in exc.value.errors] == [field]


def test_answers_must_be_an_object() -> None:
    with pytest.raises(scoring.AnswerError) as exc:
        scoring.validate(INSTRUMENT, ["Q1"])
    assert exc.value.errors[0].field == "answers"


def full_answers() -> dict:
    answers: dict = {}
    for q in INSTRUMENT["questions"]:
        if q["type"] == "multi_select":
            answers[q["id"]] = [o["id"] for o in q["options"] if not o.get("exclusive")]
        elif q["type"] == "matrix_scale_0_5":
            answers[q["id"]] = dict.fromkeys(row_ids(q["id"]), 5)
        elif q["type"] == "matrix_tri_state":
            answers[q["id"]] = dict.fromkeys(row_ids(q["id"]), "yes")
        else:
            answers[q["id"]] = {r: ["already-invested"] for r in row_ids(q["id"])}
    return answers


@st.composite
def answers_strategy(draw: st.DrawFn) -> dict:
    answers: dict = {}
    for q in INSTRUMENT["questions"]:
        if not draw(st.booleans()):
            continue
        if q["type"] == "multi_select":
            options = [o["id"] for o in q["options"] if not o.get("exclusive")]
            if q["id"] == "Q7" and draw(st.booleans()):
                answers["Q7"] = ["no-digital-collection"]
            else:
                answers[q["id"]] = draw(st.lists(st.sampled_from(options), unique=True))
        elif q["type"] == "matrix_scale_0_5":
            answers[q["id"]] = draw(st.dictionaries(st.sampled_from(row_ids(q["id"])), st.integers(0, 5)))
        elif q["type"] == "matrix_tri_state":
            values = st.sampled_from(["no", "partial", "yes"])
            answers[q["id"]] = draw(st.dictionaries(st.sampled_from(row_ids(q["id"])), values))
        else:
            cols = st.lists(st.sampled_from(["already-invested", "planning-to-invest"]), unique=True)
            answers[q["id"]] = draw(st.dictionaries(st.sampled_from(row_ids(q["id"])), cols))
    return answers


@given(answers_strategy())
def test_scores_stay_in_range_and_valid_answers_validate(answers: dict) -> None:
    cleaned = scoring.validate(INSTRUMENT, answers)
    result = scoring.score(INSTRUMENT, cleaned)
    assert all(0 <= v <= 10 for v in result.questions.values())
    assert all(0 <= v <= 100 for v in result.dimensions.values())
    assert 0 <= result.overall <= 100
    assert result.band == scoring.band(result.overall)


@given(answers_strategy(), st.data())
def test_one_more_tick_or_higher_level_never_lowers_a_score(answers: dict, data: st.DataObject) -> None:
    before = scoring.score(INSTRUMENT, answers)
    qid = data.draw(
        st.sampled_from([q for q in Q if q != "Q7" or answers.get("Q7") != ["no-digital-collection"]])
    )
    question = Q[qid]
    more = dict(answers)
    if question["type"] == "multi_select":
        free = [
            o["id"]
            for o in question["options"]
            if not o.get("exclusive") and o["id"] not in answers.get(qid, [])
        ]
        if not free:
            return
        more[qid] = [*answers.get(qid, []), data.draw(st.sampled_from(free))]
    elif question["type"] == "matrix_scale_0_5":
        row = data.draw(st.sampled_from(row_ids(qid)))
        more[qid] = {**answers.get(qid, {}), row: min(5, answers.get(qid, {}).get(row, 0) + 1)}
    elif question["type"] == "matrix_tri_state":
        row = data.draw(st.sampled_from(row_ids(qid)))
        order = ["no", "partial", "yes"]
        current = answers.get(qid, {}).get(row, "no")
        more[qid] = {**answers.get(qid, {}), row: order[min(2, order.index(current) + 1)]}
    else:
        row = data.draw(st.sampled_from(row_ids(qid)))
        ticks = answers.get(qid, {}).get(row, [])
        extra = data.draw(st.sampled_from(["already-invested", "planning-to-invest"]))
        more[qid] = {**answers.get(qid, {}), row: sorted({*ticks, extra})}
    after = scoring.score(INSTRUMENT, scoring.validate(INSTRUMENT, more))
    assert after.questions[qid] >= before.questions[qid]
    assert all(after.dimensions[d] >= before.dimensions[d] for d in before.dimensions)
    assert after.overall >= before.overall
