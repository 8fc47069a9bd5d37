"""The pure engine: each signal, ties, explanations and properties."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from td2035.matching import engine
from td2035.matching.engine import (
    CorpusStats,
    NeedSpec,
    Reason,
    SupplierCandidate,
    bm25,
    certification_fit,
    distance_fit,
    haversine_km,
    load_value_chain,
    rank_needs,
    rank_suppliers,
    scian_fit,
    size_fit,
)

QRO = (20.5888, -100.3899)  # Querétaro city
SJR = (20.3897, -99.9962)  # San Juan del Río, about 46 km away
CHAIN = load_value_chain(
    ["buyer,supplier,source,why", "3363,3261,test,plastics", "3363,4931,test,warehouses"]
)


def supplier(i: int = 1, **kw: object) -> SupplierCandidate:
    base = SupplierCandidate(id=i, name=f"Proveedor {i}", description="", scian=("326199",))
    return replace(base, **kw)  # type: ignore[arg-type]


def test_bm25_accents_and_plurals_meet():
    docs = [engine.terms("Inyección de plásticos técnicos"), engine.terms("Servicios contables")]
    stats = CorpusStats.of(docs)
    value, matched = bm25(engine.query_terms("inyeccion plastico"), docs[0], stats)
    assert value > 0.9 and set(matched) == {"inyeccion", "plastic"}
    assert bm25(engine.query_terms("inyeccion plastico"), docs[1], stats) == (0.0, ())


def test_bm25_rare_word_weighs_more():
    docs = [engine.terms("pieza troquelada"), engine.terms("pieza maquinada")] + [engine.terms("pieza")] * 8
    stats = CorpusStats.of(docs)
    query = engine.query_terms("pieza troquelada")
    only_common, _ = bm25(query, engine.terms("pieza"), stats)
    only_rare, _ = bm25(query, engine.terms("troquelada"), stats)
    assert only_rare > only_common


def test_scian_fit_order():
    need = NeedSpec("x", scian="326199", buyer_scian="336390")
    values = [scian_fit(need, (code,), CHAIN)[0] for code in ("326199", "326110", "326211")]
    codes = [scian_fit(need, (c,), CHAIN)[1].code for c in ("326199", "326110", "326211")]  # type: ignore[union-attr]
    # no sought class (or the buyer's own): the buyer's usual supplier sectors count
    link, reason = scian_fit(NeedSpec("x", buyer_scian="336390"), ("493111",), CHAIN)
    assert values[0] > values[1] > values[2] > link > 0
    assert codes == ["same_class", "same_rama", "same_subsector"]
    assert reason is not None and (reason.code, reason.detail) == ("value_chain", "4931")
    assert scian_fit(NeedSpec("x", scian="336390", buyer_scian="336390"), ("493111",), CHAIN)[0] == link
    # a need that names other goods is not a need for the buyer's usual supplies
    assert scian_fit(need, ("493111",), CHAIN) == (0.0, None)
    assert scian_fit(need, ("541510",), CHAIN) == (0.0, None)


def test_scian_secondary_counts_less_than_primary():
    need = NeedSpec("x", scian="326199")
    primary, _ = scian_fit(need, ("326199",), CHAIN)
    secondary, reason = scian_fit(need, ("541510", "326199"), CHAIN)
    assert 0 < secondary < primary and reason is not None and reason.code == "same_class"


def test_value_chain_csv_is_loaded_and_skips_bad_rows():
    chain = load_value_chain(["buyer,supplier,source,why", "3363,3261,a,b", ",3261,a,b", "x,y,a,b"])
    assert chain.links == frozenset({("3363", "3261")})
    assert ("3363", "3261") in engine.default_value_chain().links


def test_certifications():
    assert certification_fit([], ["ISO 9001"]) == (0.0, None)
    all_value, all_reason = certification_fit(["IATF 16949", "ISO 9001"], ["iso 9001", "IATF-16949"])
    some_value, some_reason = certification_fit(["IATF 16949", "ISO 9001"], ["ISO 9001"])
    none_value, none_reason = certification_fit(["IATF 16949"], ["ISO 9001"])
    assert all_value == 1.0 and all_reason is not None and all_reason.code == "all_held"
    assert 0 < some_value < 0.5 and some_reason is not None and some_reason.detail == "ISO 9001"
    assert none_value == 0 and none_reason is not None and none_reason.code == "none_held"


def test_distance():
    assert 44 < haversine_km(QRO, SJR) < 48
    near, reason = distance_fit(QRO, QRO)
    far, _ = distance_fit(QRO, SJR)
    assert near == 1.0 and reason is not None and reason.detail == "0"
    assert 0 < far < near
    assert distance_fit(None, QRO) == (0.0, None)


def test_size_boost_only_for_micro_and_small():
    assert size_fit("micro")[0] > size_fit("small")[0] > 0
    assert size_fit("medium") == (0.0, None) and size_fit("large") == (0.0, None)


def test_ranking_explanation_and_signals():
    need = NeedSpec(
        "Carcasas de plástico inyectado", scian="326199", certifications=("IATF 16949",), point=QRO
    )
    good = supplier(
        1,
        name="Inyectora Norte",
        products="Carcasas de plástico",
        certifications=("IATF 16949",),
        point=QRO,
        verified=True,
        size="micro",
        completeness=1.0,
    )
    weak = supplier(2, name="Otra", scian=("326110",), point=SJR)
    ranked = rank_suppliers(need, [weak, good], chain=CHAIN)
    assert [m.id for m in ranked] == [1, 2]
    assert 0 <= ranked[1].score < ranked[0].score <= 100
    codes = [(r.signal, r.code) for r in ranked[0].reasons]
    assert codes == [
        ("scian", "same_class"),
        ("certifications", "all_held"),
        ("text", "words"),
        ("distance", "km"),
        ("verified", "verified"),
        ("size", "micro"),
    ]
    assert ranked[0].reasons[2].detail == "carcasas, plastico"  # the need's own words, not stems


def test_unrelated_candidates_are_dropped():
    need = NeedSpec("tornillos", scian="332710")
    unrelated = supplier(3, name="Contadores", scian=("541211",), verified=True, size="micro", completeness=1)
    assert rank_suppliers(need, [unrelated], chain=CHAIN) == []


def test_ties_broken_by_id():
    need = NeedSpec("moldes", scian="333511")
    same = [supplier(i, name="Moldes", scian=("333511",)) for i in (9, 3, 5)]
    ranked = rank_suppliers(need, same, chain=CHAIN)
    assert len({m.score for m in ranked}) == 1
    assert [m.id for m in ranked] == [3, 5, 9]


def test_rank_needs_reverse_direction():
    me = supplier(1, name="Almacenes del Bajío", scian=("493111",), capabilities="Almacenaje\nCross dock")
    needs = [
        NeedSpec("Servicio de almacenaje y cross dock", scian="493111", id=20),
        NeedSpec("Piezas de plástico", scian="326199", buyer_scian="336390", id=10),
        NeedSpec("Despacho contable", scian="541211", id=30),
    ]
    ranked = rank_needs(me, needs, chain=CHAIN)
    assert [m.id for m in ranked] == [20]
    # through the value chain an automotive buyer's need for warehousing matches too
    needs.append(NeedSpec("Logística", scian="", buyer_scian="336390", id=40))
    assert [m.id for m in rank_needs(me, needs, chain=CHAIN)] == [20, 40]


def test_reason_as_dict():
    assert Reason("distance", "km", "12", 0.5).as_dict() == {
        "signal": "distance",
        "code": "km",
        "detail": "12",
        "value": 0.5,
    }


# --- properties ---

certs = st.sampled_from(["ISO 9001", "IATF 16949", "AS9100", "ISO 14001"])
points = st.tuples(st.floats(20.0, 21.7), st.floats(-100.6, -99.0))
suppliers = st.builds(
    SupplierCandidate,
    id=st.integers(1, 10**6),
    name=st.sampled_from(["Plásticos", "Maquinados CNC", "Logística", "Software"]),
    description=st.text(max_size=40),
    capabilities=st.sampled_from(["", "inyección de plástico", "maquinado cnc", "almacenaje"]),
    scian=st.lists(st.sampled_from(["326199", "326110", "332710", "493111", "541510"]), max_size=3).map(
        tuple
    ),
    certifications=st.lists(certs, max_size=3).map(tuple),
    point=st.none() | points,
    verified=st.booleans(),
    completeness=st.floats(0, 1),
    size=st.sampled_from(["", "micro", "small", "medium", "large"]),
)
needs = st.builds(
    NeedSpec,
    text=st.sampled_from(["piezas de plástico inyectado", "maquinado cnc de precisión", "almacén", ""]),
    scian=st.sampled_from(["", "326199", "332710"]),
    buyer_scian=st.sampled_from(["", "336390"]),
    certifications=st.lists(certs, max_size=3, unique=True).map(tuple),
    point=st.none() | points,
)


@settings(max_examples=200, deadline=None)
@given(needs, st.lists(suppliers, min_size=1, max_size=6))
def test_scores_in_range_and_sorted(need, candidates):
    ranked = rank_suppliers(need, candidates, chain=CHAIN, limit=None, min_score=0)
    assert all(0 <= m.score <= 100 for m in ranked)
    assert [(-m.score, m.id) for m in ranked] == sorted((-m.score, m.id) for m in ranked)


@settings(max_examples=200, deadline=None)
@given(needs, suppliers, st.integers(0, 2))
def test_holding_a_required_certification_never_lowers_the_score(need, candidate, which):
    if not need.certifications:
        return
    added = need.certifications[which % len(need.certifications)]
    text = (0.3, ())
    before = engine.score_pair(need, candidate, text, chain=CHAIN).score
    more = replace(candidate, certifications=(*candidate.certifications, added))
    assert engine.score_pair(need, more, text, chain=CHAIN).score >= before


@settings(max_examples=200, deadline=None)
@given(needs, suppliers, points, st.floats(0.0, 1.0))
def test_closer_never_scores_lower(need, candidate, far, t):
    need = replace(need, point=QRO)
    text = (0.5, ())
    near = (QRO[0] + (far[0] - QRO[0]) * t, QRO[1] + (far[1] - QRO[1]) * t)  # on the way to `far`
    near_score = engine.score_pair(need, replace(candidate, point=near), text, chain=CHAIN).score
    far_score = engine.score_pair(need, replace(candidate, point=far), text, chain=CHAIN).score
    assert near_score >= far_score - 1e-9
