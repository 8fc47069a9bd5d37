"""The matching engine: pure functions over plain frozen dataclasses (no Django, no database).

`rank_suppliers(need, candidates)` ranks organisations (or offers) for a need; `rank_needs(supplier,
needs)` ranks open needs for an organisation or an offer. Every signal returns a value between 0 and 1
and, when it says something worth telling, a structured `Reason` that the thin layer (explain.py)
renders in Spanish or English. Scores are 0-100 (weights.py explains the formula). Ties are broken by
id, so the order is deterministic.
"""

import csv
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from pathlib import Path

from td2035.core.text import fold, stem, terms, words
from td2035.matching import weights as W

VALUE_CHAIN_CSV = Path(__file__).resolve().parent / "data" / "value_chain.csv"

Point = tuple[float, float]  # (latitude, longitude)


@dataclass(frozen=True)
class Weights:
    text: float = W.TEXT
    scian: float = W.SCIAN
    certifications: float = W.CERTIFICATIONS
    distance: float = W.DISTANCE
    verified: float = W.VERIFIED
    completeness: float = W.COMPLETENESS
    small_company: float = W.SMALL_COMPANY

    def with_(self, **changes: float) -> "Weights":
        return replace(self, **changes)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class NeedSpec:
    """What a buyer needs. `scian` is the class (6 digits) of what is sought; `buyer_scian` the
    publisher's own activity (for value-chain links)."""

    text: str
    scian: str = ""
    buyer_scian: str = ""
    certifications: tuple[str, ...] = ()
    point: Point | None = None
    municipality: str = ""
    id: int = 0  # a listing id when needs are ranked


@dataclass(frozen=True)
class SupplierCandidate:
    """An organisation (or one of its offers) that might supply a need."""

    id: int
    name: str
    description: str = ""
    capabilities: str = ""
    products: str = ""
    scian: tuple[str, ...] = ()  # primary first, then secondary activities
    certifications: tuple[str, ...] = ()
    point: Point | None = None
    municipality: str = ""
    verified: bool = False
    completeness: float = 0.0  # 0-1
    size: str = ""  # micro|small|medium|large|""

    def document(self) -> str:
        return "\n".join((self.name, self.description, self.capabilities, self.products))


@dataclass(frozen=True)
class Reason:
    """One structured reason. `signal` names the signal, `code` what it found, `detail` the specifics
    (a SCIAN code, certification names, matched words, kilometres, a size)."""

    signal: str
    code: str
    detail: str = ""
    value: float = 0.0  # the signal's 0-1 value

    def as_dict(self) -> dict[str, object]:
        return {
            "signal": self.signal,
            "code": self.code,
            "detail": self.detail,
            "value": round(self.value, 3),
        }


@dataclass(frozen=True)
class Match:
    id: int
    score: float  # 0-100
    reasons: tuple[Reason, ...]
    signals: Mapping[str, float] = field(default_factory=dict)


# --- Text relevance (BM25) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusStats:
    """Document frequencies for IDF. Built from the candidates when nothing better is passed in."""

    documents: int
    df: Mapping[str, int]
    avgdl: float

    @classmethod
    def of(cls, docs: Iterable[Sequence[str]]) -> "CorpusStats":
        df: Counter[str] = Counter()
        n = total = 0
        for doc in docs:
            n += 1
            total += len(doc)
            df.update(set(doc))
        return cls(n, df, (total / n) if n else 1.0)

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1.0 + (self.documents - df + 0.5) / (df + 0.5))


def query_terms(text: str) -> tuple[str, ...]:
    """Distinct stemmed terms of a query (the directory's own folding: accents and plurals agree)."""
    return tuple(dict.fromkeys(terms(text)))


def bm25(query: Sequence[str], doc: Sequence[str], stats: CorpusStats) -> tuple[float, tuple[str, ...]]:
    """(0-1 relevance, matched query terms). BM25 divided by the summed IDF of the query terms that
    some document of the corpus holds (words nobody uses cannot tell candidates apart): a document of
    average length holding each of them once scores 1; capped at 1."""
    return Bm25(query, stats)(doc)


class Bm25:
    """bm25() with the query's IDFs computed once, for scoring many documents."""

    def __init__(self, query: Sequence[str], stats: CorpusStats) -> None:
        self.idfs = [(term, stats.idf(term)) for term in query]
        self.ideal = sum(idf for term, idf in self.idfs if stats.df.get(term, 0))
        self.avgdl = max(stats.avgdl, 1.0)

    def __call__(self, doc: Sequence[str]) -> tuple[float, tuple[str, ...]]:
        if not self.idfs or not doc:
            return 0.0, ()
        tf = Counter(doc)
        norm = W.BM25_K1 * (1 - W.BM25_B + W.BM25_B * len(doc) / self.avgdl)
        score = 0.0
        matched = []
        for term, idf in self.idfs:
            f = tf.get(term, 0)
            if f:
                score += idf * f * (W.BM25_K1 + 1) / (f + norm)
                matched.append(term)
        if self.ideal <= 0:
            return 0.0, tuple(matched)
        return min(1.0, score / self.ideal), tuple(matched)


# --- SCIAN value chain -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueChain:
    """Known buyer -> supplier sector links, as SCIAN prefixes (2-6 digits)."""

    links: frozenset[tuple[str, str]]

    def linked(self, buyer: str, supplier: str) -> str:
        """The supplier prefix through which `buyer` is known to buy from `supplier`, or ""."""
        if not buyer or not supplier:
            return ""
        best = ""
        for b, s in self.links:
            if buyer.startswith(b) and supplier.startswith(s) and len(s) > len(best):
                best = s
        return best


@cache
def default_value_chain() -> ValueChain:
    return load_value_chain(VALUE_CHAIN_CSV.read_text(encoding="utf-8").splitlines())


def load_value_chain(lines: Iterable[str]) -> ValueChain:
    """Rows `buyer,supplier,source,why` (header first); blank or malformed codes are skipped."""
    links = set()
    for row in csv.DictReader(lines):
        buyer, supplier = (row.get("buyer") or "").strip(), (row.get("supplier") or "").strip()
        if buyer.isdigit() and supplier.isdigit():
            links.add((buyer, supplier))
    return ValueChain(frozenset(links))


def scian_fit(need: NeedSpec, codes: Sequence[str], chain: ValueChain) -> tuple[float, Reason | None]:
    """Same class > same rama (4 digits) > same subsector (3) > a known buyer->supplier link."""
    best: tuple[float, Reason | None] = (0.0, None)
    for position, code in enumerate(codes):
        factor = 1.0 if position == 0 else W.SCIAN_SECONDARY_FACTOR
        for value, reason in _code_fit(need, code, chain):
            if value * factor > best[0]:
                best = (value * factor, reason if factor == 1.0 else replace(reason, value=value * factor))
            break  # _code_fit yields the strongest fit only
    return best


def _code_fit(need: NeedSpec, code: str, chain: ValueChain) -> Iterable[tuple[float, Reason]]:
    wanted = need.scian
    if wanted and code:
        if code == wanted:
            yield W.SCIAN_SAME_CLASS, Reason("scian", "same_class", code, W.SCIAN_SAME_CLASS)
            return
        if code[:4] == wanted[:4] and len(wanted) >= 4:
            yield W.SCIAN_SAME_RAMA, Reason("scian", "same_rama", code[:4], W.SCIAN_SAME_RAMA)
            return
        if code[:3] == wanted[:3] and len(wanted) >= 3:
            yield W.SCIAN_SAME_SUBSECTOR, Reason("scian", "same_subsector", code[:3], W.SCIAN_SAME_SUBSECTOR)
            return
    # The buyer's own sector tells what it usually buys, unless the need names what it seeks (a need
    # for plastic parts from a car-parts plant is not a need for warehousing). A need classed under the
    # publisher's own activity names the buyer, not the goods.
    if wanted and wanted != need.buyer_scian:
        return
    link = chain.linked(need.buyer_scian or wanted, code)
    if link:
        yield W.SCIAN_VALUE_CHAIN, Reason("scian", "value_chain", link, W.SCIAN_VALUE_CHAIN)


# --- Other signals ------------------------------------------------------------------------------------------


def certification_fit(required: Sequence[str], held: Sequence[str]) -> tuple[float, Reason | None]:
    """Share of the required certifications held (names compared accent- and case-blind); holding them
    all adds a bonus. No requirement: 0 and the signal does not count (see score)."""
    wanted = {_cert_key(c): c for c in required if c.strip()}
    if not wanted:
        return 0.0, None
    have = {_cert_key(c) for c in held}
    got = [name for key, name in wanted.items() if key in have]
    if not got:
        return 0.0, Reason("certifications", "none_held", ", ".join(wanted.values()), 0.0)
    share = len(got) / len(wanted)
    if len(got) == len(wanted):
        return min(1.0, share * (1 - W.ALL_CERTIFICATIONS_BONUS) + W.ALL_CERTIFICATIONS_BONUS), Reason(
            "certifications", "all_held", ", ".join(got), 1.0
        )
    value = share * (1 - W.ALL_CERTIFICATIONS_BONUS)
    return value, Reason("certifications", "some_held", ", ".join(got), value)


def _cert_key(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isalnum())


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def distance_fit(a: Point | None, b: Point | None) -> tuple[float, Reason | None]:
    if a is None or b is None:
        return 0.0, None
    km = haversine_km(a, b)
    value = 1.0 / (1.0 + km / W.DISTANCE_HALF_KM)
    return value, Reason("distance", "km", str(round(km)), value)


def size_fit(size: str) -> tuple[float, Reason | None]:
    value = W.SIZE_BOOST.get(size, 0.0)
    return value, (Reason("size", size, size, value) if value else None)


# --- Scoring and ranking ------------------------------------------------------------------------------------


def score_pair(
    need: NeedSpec,
    supplier: SupplierCandidate,
    text: tuple[float, tuple[str, ...]],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    chain: ValueChain | None = None,
    result_id: int | None = None,
) -> Match:
    """The score of one supplier for one need, given its text relevance (value, matched terms)."""
    chain = chain or default_value_chain()
    text_value, matched = text
    scian_value, scian_reason = scian_fit(need, supplier.scian, chain)
    cert_value, cert_reason = certification_fit(need.certifications, supplier.certifications)
    dist_value, dist_reason = distance_fit(need.point, supplier.point)
    size_value, size_reason = size_fit(supplier.size)
    signals = {
        "text": text_value,
        "scian": scian_value,
        "certifications": cert_value,
        "distance": dist_value,
        "verified": 1.0 if supplier.verified else 0.0,
        "completeness": min(1.0, max(0.0, supplier.completeness)),
        "small_company": size_value,
    }
    applies = dict.fromkeys(signals, True)
    applies["certifications"] = any(c.strip() for c in need.certifications)
    total = sum(getattr(weights, name) for name, on in applies.items() if on)
    raw = sum(getattr(weights, name) * signals[name] for name, on in applies.items() if on)
    score = 100.0 * raw / total if total > 0 else 0.0
    reasons: list[Reason] = []
    if scian_reason:
        reasons.append(scian_reason)
    if cert_reason:
        reasons.append(cert_reason)
    if matched:
        shown = _display_words(need.text)
        reasons.append(Reason("text", "words", ", ".join(shown.get(t, t) for t in matched[:5]), text_value))
    if dist_reason:
        reasons.append(dist_reason)
    if supplier.verified:
        reasons.append(Reason("verified", "verified", "", 1.0))
    if size_reason:
        reasons.append(size_reason)
    return Match(
        id=supplier.id if result_id is None else result_id,
        score=round(score, 4),
        reasons=tuple(reasons),
        signals=signals,
    )


@lru_cache(maxsize=256)
def _display_words(text: str) -> dict[str, str]:
    """Stemmed term -> the word as the need wrote it (folded), to explain matches in plain words."""
    shown: dict[str, str] = {}
    for word in words(text):
        shown.setdefault(stem(word), word)
    return shown


def _sorted(matches: Iterable[Match], limit: int | None, min_score: float) -> list[Match]:
    kept = [m for m in matches if m.score >= min_score and _is_match(m)]
    kept.sort(key=lambda m: (-m.score, m.id))
    return kept if limit is None else kept[:limit]


def _is_match(match: Match) -> bool:
    return match.signals.get("text", 0.0) > 0 or match.signals.get("scian", 0.0) > 0


def rank_suppliers(
    need: NeedSpec,
    candidates: Sequence[SupplierCandidate],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    stats: CorpusStats | None = None,
    chain: ValueChain | None = None,
    limit: int | None = 20,
    min_score: float = W.MIN_SCORE,
) -> list[Match]:
    """Suppliers for a need, best first (score desc, then id asc)."""
    docs = [terms(c.document()) for c in candidates]
    # Document frequencies of the whole directory when given (the candidates were fetched *because*
    # they hold the need's words, so their own frequencies understate how telling a word is).
    if stats is None:
        stats = CorpusStats.of(docs)
    elif stats.avgdl <= 0:
        stats = replace(stats, avgdl=sum(map(len, docs)) / len(docs) if docs else 1.0)
    text = Bm25(query_terms(need.text), stats)
    return _sorted(
        (
            score_pair(need, c, text(doc), weights=weights, chain=chain)
            for c, doc in zip(candidates, docs, strict=True)
        ),
        limit,
        min_score,
    )


def rank_needs(
    supplier: SupplierCandidate,
    needs: Sequence[NeedSpec],
    *,
    weights: Weights = DEFAULT_WEIGHTS,
    stats: CorpusStats | None = None,
    chain: ValueChain | None = None,
    limit: int | None = 20,
    min_score: float = W.MIN_SCORE,
) -> list[Match]:
    """Open needs for a supplier (an organisation or an offer), best first. Each need's words are the
    query over the supplier's own words, as in rank_suppliers; term rarity (IDF) comes from the needs,
    the only corpus at hand. Every other signal is the same, so a pair scores alike in both directions
    up to the text statistics."""
    docs = [terms(n.text) for n in needs]
    own = terms(supplier.document())
    base = stats or CorpusStats.of(docs)
    stats = CorpusStats(base.documents, base.df, float(len(own) or 1))
    return _sorted(
        (
            score_pair(
                n,
                supplier,
                bm25(query_terms(n.text), own, stats),
                weights=weights,
                chain=chain,
                result_id=n.id,
            )
            for n in needs
        ),
        limit,
        min_score,
    )


def text_only(
    need: NeedSpec, candidates: Sequence[SupplierCandidate], *, limit: int | None = 20
) -> list[Match]:
    """The baseline: BM25 alone (what a plain search would give), for the evaluation."""
    zero = Weights(**{f.name: 0.0 for f in fields(Weights)}).with_(text=1.0)
    return rank_suppliers(need, candidates, weights=zero, limit=limit, min_score=0.0001)
